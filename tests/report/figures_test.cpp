#include "report/figures.hpp"

#include "report/color.hpp"

#include <aecluster/error.hpp>

#include <doctest/doctest.h>

#include <stb_image.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <vector>

#include "test_util.hpp"

using namespace vgg7::report;

namespace {

struct Decoded {
  int w = 0, h = 0;
  std::vector<unsigned char> rgb;
  [[nodiscard]] Color at(int x, int y) const {
    const unsigned char* p = &rgb[(static_cast<std::size_t>(y) * w + x) * 3];
    return {p[0], p[1], p[2]};
  }
};

Decoded decode(const std::filesystem::path& path) {
  Decoded d;
  int n = 0;
  unsigned char* px = stbi_load(path.c_str(), &d.w, &d.h, &n, 3);
  REQUIRE_MESSAGE(px != nullptr, path.string(), " does not decode");
  d.rgb.assign(px, px + static_cast<std::size_t>(d.w) * d.h * 3);
  stbi_image_free(px);
  return d;
}

int count_colour(const Decoded& d, Color c) {
  int n = 0;
  for (int y = 0; y < d.h; ++y)
    for (int x = 0; x < d.w; ++x) n += d.at(x, y) == c ? 1 : 0;
  return n;
}

bool only_file(const std::filesystem::path& dir, const std::string& name) {
  int files = 0;
  bool found = false;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    ++files;
    found = found || e.path().filename() == name;
  }
  return files == 1 && found;
}

struct Blobs {
  std::vector<float> xy;
  std::vector<std::int64_t> labels;
  std::vector<std::string> names;
};

Blobs blobs(int n, int classes) {
  Blobs b;
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0, 1);
  for (int i = 0; i < n; ++i) {
    const int k = i % classes;
    b.labels.push_back(k);
    b.xy.push_back(10 * std::cos(k * 0.6f) + noise(rng));
    b.xy.push_back(10 * std::sin(k * 0.6f) + noise(rng));
  }
  for (int k = 0; k < classes; ++k) b.names.push_back("class name " + std::to_string(k));
  return b;
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("embedding figure: 7 x 6 in at 150 dpi, every class in the legend, deterministic") {
    test::TempDir dir;
    const Blobs b = blobs(3000, 10);
    write_embedding_png(dir / "embedding_vgg7.png", {{"vgg7", b.xy, b.labels, b.names}});
    CHECK(only_file(dir.path(), "embedding_vgg7.png"));
    const Decoded d = decode(dir / "embedding_vgg7.png");
    CHECK(d.w == 1050);
    CHECK(d.h == 900);
    for (int k = 0; k < 10; ++k) CHECK(count_colour(d, category_color(k)) > 10);  // legend markers at full colour
    write_embedding_png(dir / "again.png", {{"vgg7", b.xy, b.labels, b.names}});
    CHECK(test::read_bytes(dir / "again.png") == test::read_bytes(dir / "embedding_vgg7.png"));
  }

  TEST_CASE("embedding figure: panels side by side share a legend; bad points are skipped") {
    test::TempDir dir;
    Blobs b = blobs(70000, 10);
    for (auto& l : b.labels) l = 1 + l % 9;  // class 0 only in the legend, where it is drawn opaque
    b.xy[0] = std::numeric_limits<float>::quiet_NaN();
    b.xy[3] = std::numeric_limits<float>::infinity();
    write_embedding_png(dir / "both.png", {{"baseline", b.xy, b.labels, b.names}, {"vgg7", b.xy, b.labels, b.names}},
                        "Validation images");
    const Decoded d = decode(dir / "both.png");
    CHECK(d.w > 1800);
    CHECK(d.w < 2200);
    CHECK(d.h == 968);
    // One legend, not one per panel: class 0 has no points, so its colour is only the legend's marker.
    Decoded single;
    {
      write_embedding_png(dir / "one.png", {{"vgg7", b.xy, b.labels, b.names}});
      single = decode(dir / "one.png");
    }
    CHECK(count_colour(d, category_color(0)) == doctest::Approx(count_colour(single, category_color(0))).epsilon(0.2));

    // No labels: one colour, no legend; more classes than names: "class k".
    write_embedding_png(dir / "plain.png", {{"", b.xy, {}, {}}});
    CHECK(decode(dir / "plain.png").w == 1050);
    const Blobs many = blobs(500, 23);
    write_embedding_png(dir / "many.png", {{"", many.xy, many.labels, {"a", "b"}}});
    CHECK(decode(dir / "many.png").h == 900);
  }

  TEST_CASE("embedding figure: inconsistent input is an error naming the figure, nothing written") {
    test::TempDir dir;
    const Blobs b = blobs(100, 3);
    const std::vector<std::int64_t> short_labels(99, 0);
    CHECK_THROWS_WITH_AS(write_embedding_png(dir / "e.png", {{"", b.xy, short_labels, {}}}), doctest::Contains("e.png"),
                         aecluster::Error);
    const std::vector<float> odd(5, 0.0f);
    CHECK_THROWS_WITH_AS(write_embedding_png(dir / "e.png", {{"", odd, {}, {}}}), doctest::Contains("N x 2"),
                         aecluster::Error);
    CHECK_THROWS_AS(write_embedding_png(dir / "e.png", {}), aecluster::Error);
    CHECK(std::filesystem::is_empty(dir.path()));
  }

  TEST_CASE("checkpoint figure: two stacked panels, one line per model") {
    test::TempDir dir;
    std::vector<CurveSeries> s(2);
    s[0].model = "baseline", s[1].model = "vgg7";
    for (int c = 1; c <= 10; ++c) {
      for (int m = 0; m < 2; ++m) {
        s[m].epoch.push_back(c * 10);
        s[m].mse.push_back(0.02 + (0.1 - 0.03 * m) * std::exp(-c / 3.0));
        s[m].accuracy.push_back(c == 4 && m == 1 ? std::nan("") : 0.5 + 0.02 * c + 0.1 * m);
      }
    }
    write_checkpoints_png(dir / "checkpoints.png", s);
    CHECK(only_file(dir.path(), "checkpoints.png"));
    const Decoded d = decode(dir / "checkpoints.png");
    CHECK(d.w == 1050);
    CHECK(d.h == 1140);
    CHECK(count_colour(d, category_color(0)) > 500);
    CHECK(count_colour(d, category_color(1)) > 500);
    // A single checkpoint still draws (a point, ranges padded around it).
    const std::vector<CurveSeries> one{{"m", {1}, {0.5}, {0.7}}};
    write_checkpoints_png(dir / "one.png", one, "One checkpoint");
    CHECK(decode(dir / "one.png").h > 1140);
    const std::vector<CurveSeries> bad{{"m", {1, 2}, {0.5}, {0.7, 0.8}}};
    CHECK_THROWS_WITH_AS(write_checkpoints_png(dir / "bad.png", bad), doctest::Contains("bad.png"), aecluster::Error);
  }

  TEST_CASE("reconstruction figure: rows of enlarged images with labels") {
    test::TempDir dir;
    std::vector<std::uint8_t> grey(6 * 32 * 32), colour(6 * 32 * 32 * 3);
    for (std::size_t i = 0; i < grey.size(); ++i) grey[i] = static_cast<std::uint8_t>(i * 7);
    for (std::size_t i = 0; i < colour.size(); ++i) colour[i] = static_cast<std::uint8_t>(i * 13);
    std::vector<float> nchw(6 * 3 * 32 * 32, 1.0f);  // decoder output in [-1, 1]
    const std::vector<ImageRow> rows{image_row("original", colour, 6, 32, 32, 3),
                                     image_row("baseline", grey, 6, 32, 32, 1),
                                     image_row_from_nchw("vgg7", nchw, 6, 3, 32, 32)};
    CHECK(rows[2].nhwc[0] == 255);
    write_reconstructions_png(dir / "reconstructions.png", rows, {"#1", "#2", "#3", "#6", "#7", "#9"});
    CHECK(only_file(dir.path(), "reconstructions.png"));
    const Decoded d = decode(dir / "reconstructions.png");
    // 32 px images enlarged 5 times at 150 dpi: six columns of 160 px, three rows.
    CHECK(d.w > 6 * 160);
    CHECK(d.w < 6 * 160 + 300);
    CHECK(d.h > 3 * 160);
    CHECK(d.h < 3 * 160 + 120);
    CHECK(count_colour(d, colors::white) < d.w * d.h / 2);
    const ImageRow smaller = image_row("x", std::vector<std::uint8_t>(28 * 28), 1, 28, 28, 1);
    CHECK_THROWS_WITH_AS(write_reconstructions_png(dir / "r.png", {rows[0], smaller}), doctest::Contains("28x28"),
                         aecluster::Error);
    CHECK_THROWS_AS(image_row("x", grey, 6, 32, 32, 3), aecluster::Error);
    CHECK_THROWS_AS(image_row("x", grey, 6, 32, 32, 2), aecluster::Error);
    CHECK_FALSE(std::filesystem::exists(dir / "r.png"));
  }
}
