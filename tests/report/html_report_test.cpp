#include "report/html_report.hpp"

#include "report/png.hpp"

#include <aecluster/error.hpp>

#include <doctest/doctest.h>

#include <filesystem>

#include "test_util.hpp"

using namespace vgg7::report;

namespace {
int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}
}  // namespace

TEST_SUITE("report") {
  TEST_CASE("html: escaping and base64") {
    CHECK(html_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
    CHECK(html_escape("T-shirt/top \xc3\xa9") == "T-shirt/top \xc3\xa9");
    CHECK(base64("") == "");
    CHECK(base64("f") == "Zg==");
    CHECK(base64("fo") == "Zm8=");
    CHECK(base64("foo") == "Zm9v");
    CHECK(base64("foob") == "Zm9vYg==");
    CHECK(base64(std::string("\xff\x00\x10", 3)) == "/wAQ");
  }

  TEST_CASE("html: a self-contained page with escaped text, numbered tables and embedded figures") {
    test::TempDir dir;
    write_png(dir / "fig.png", Canvas(300, 150));
    HtmlReport r("Report <1>", "sub & title");
    r.add_section("Settings")
        .add_key_values({{"data", "<script>alert(1)</script>"}, {"seed", "0"}})
        .add_section("Accuracy")
        .add_table({"model", "ACC", "time"}, {{"baseline", "0.61", "12.5 s"}, {"vgg7", "0.73"}}, "ACC & NMI")
        .add_table({"stage", "time"}, {{"train vgg7", "2 min 05 s"}, {"t-SNE", "12.5 s"}, {"total", "1 h 02 min"}})
        .add_paragraph("x < y")
        .add_figure("fig.png", "An embedding \"quoted\"")
        .add_preformatted("a\n<b>");
    r.write(dir / "report.html");
    const std::string page = test::read_bytes(dir / "report.html");
    CHECK(page.starts_with("<!DOCTYPE html>"));
    CHECK(page.find("<title>Report &lt;1&gt;</title>") != std::string::npos);
    CHECK(page.find("<script>") == std::string::npos);
    CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(page.find("<b>Table 1.</b> ACC &amp; NMI") != std::string::npos);
    CHECK(page.find("<b>Figure 1.</b> An embedding &quot;quoted&quot;") != std::string::npos);
    CHECK(page.find("<p>x &lt; y</p>") != std::string::npos);
    CHECK(page.find("src=\"data:image/png;base64,iVBORw0KGgo") != std::string::npos);
    CHECK(page.find("width:192px") != std::string::npos);  // 300 px at 150 dpi shown at 96 css px per inch
    CHECK(count(page, "<td class=\"num\">") == 4 + 3);     // ACC and time (padded cell too); the stage times
    CHECK(count(page, "<th class=\"num\">") == 2 + 1);
    CHECK(count(page, "<tr>") == 2 + 1 + 2 + 1 + 3);  // key-values, header and rows twice
    CHECK(page.find("<td class=\"num\">2 min 05 s</td>") != std::string::npos);
    CHECK(page.find("<td>t-SNE</td>") != std::string::npos);
    CHECK(page.find("src=\"http") == std::string::npos);  // nothing fetched from anywhere
    CHECK(page.find("url(") == std::string::npos);
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
    CHECK(files == 2);  // fig.png and report.html, no temporaries
  }

  TEST_CASE("html: linked figures; a missing figure or a ragged table is an error, nothing written") {
    test::TempDir dir;
    write_png(dir / "fig.png", Canvas(150, 10));
    HtmlReport r("t");
    r.add_figure("fig.png", "c");
    r.write(dir / "linked.html", FigureImages::link);
    const std::string page = test::read_bytes(dir / "linked.html");
    CHECK(page.find("src=\"fig.png\" style=\"width:96px\"") != std::string::npos);

    HtmlReport missing("t");
    missing.add_figure("nope.png", "c");
    CHECK_THROWS_WITH_AS(missing.write(dir / "report.html"), doctest::Contains("nope.png"), aecluster::Error);
    CHECK_FALSE(std::filesystem::exists(dir / "report.html"));
    CHECK_THROWS_AS(HtmlReport("t").add_table({"a"}, {{"1", "2"}}), aecluster::Error);
  }
}
