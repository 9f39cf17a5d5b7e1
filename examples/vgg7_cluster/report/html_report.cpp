#include "report/html_report.hpp"

#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace vgg7::report {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string base64(std::string_view bytes) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += table[v >> 18], out += table[(v >> 12) & 63], out += table[(v >> 6) & 63], out += table[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += table[v >> 18], out += table[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? table[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

namespace {

// "0.8123", "-3", "12.5 s", "87.1 %", "2 min 05 s", "1e-3": right-aligned like numbers.
bool looks_numeric(const std::string& s) {
  static const char* units[] = {"%", "s", "ms", "min", "h", "x", "kB", "MB", "GB", "px"};
  std::size_t i = 0;
  bool number = false;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    const std::size_t end = std::min(s.find(' ', i), s.size());
    const std::string token = s.substr(i, end - i);
    char* stop = nullptr;
    std::strtod(token.c_str(), &stop);
    const std::size_t used = static_cast<std::size_t>(stop - token.c_str());
    bool unit = false;
    for (const char* u : units) unit = unit || token.substr(used) == u;
    if (used > 0 && (used == token.size() || unit))
      number = true;
    else if (!(number && unit && used == 0))
      return false;
    i = end;
  }
  return number;
}

// Width of a PNG from its IHDR chunk, 0 when the bytes are not a PNG.
std::uint32_t png_width(std::string_view png) {
  if (png.size() < 24 || png.substr(1, 3) != "PNG" || png.substr(12, 4) != "IHDR") return 0;
  std::uint32_t w = 0;
  for (int i = 16; i < 20; ++i) w = w << 8 | static_cast<unsigned char>(png[i]);
  return w;
}

constexpr const char* css = R"css(
:root { --ink:#1d2330; --muted:#5b6474; --rule:#d9dde4; --zebra:#f6f7f9; --accent:#1f77b4; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 16px/1.55 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 32px 28px 64px; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 8px; padding-bottom: 10px; }
h1 { font-size: 1.85em; margin: 0 0 4px; letter-spacing: -0.01em; }
.subtitle { color: var(--muted); margin: 0; }
h2 { font-size: 1.3em; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
p { margin: 8px 0 12px; max-width: 80ch; }
table { border-collapse: collapse; margin: 10px 0 18px; font-size: 0.93em; min-width: 40%; }
caption { caption-side: top; text-align: left; color: var(--muted); font-size: 0.92em; padding-bottom: 6px; }
caption b { color: var(--ink); }
th, td { padding: 6px 14px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--zebra); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.kv th { font-weight: 600; color: var(--muted); white-space: nowrap; }
table.kv td { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; word-break: break-all; }
figure { margin: 18px 0 28px; }
figure img { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.93em; margin-top: 8px; max-width: 90ch; }
figcaption b { color: var(--ink); }
pre { background: var(--zebra); border: 1px solid var(--rule); padding: 10px 14px; overflow-x: auto;
  font: 0.88em/1.45 "DejaVu Sans Mono", Menlo, Consolas, monospace; }
@media print { main { max-width: none; padding: 0; } figure, table { break-inside: avoid; } }
)css";

}  // namespace

HtmlReport::HtmlReport(std::string title, std::string subtitle)
    : title_(std::move(title)), subtitle_(std::move(subtitle)) {}

HtmlReport& HtmlReport::add_section(const std::string& heading) {
  blocks_.push_back({Block::section, heading, {}, {}, {}, {}});
  return *this;
}

HtmlReport& HtmlReport::add_paragraph(const std::string& text) {
  blocks_.push_back({Block::paragraph, text, {}, {}, {}, {}});
  return *this;
}

HtmlReport& HtmlReport::add_key_values(const std::vector<std::pair<std::string, std::string>>& items,
                                       const std::string& caption) {
  Block b{Block::table, caption, {}, {}, {}, {}, true};
  for (const auto& [k, v] : items) b.rows.push_back({k, v});
  blocks_.push_back(std::move(b));
  return *this;
}

HtmlReport& HtmlReport::add_table(const std::vector<std::string>& headers,
                                  const std::vector<std::vector<std::string>>& rows, const std::string& caption) {
  for (const auto& row : rows)
    aecluster::require(row.size() <= headers.size(), "HtmlReport::add_table: a row has ", row.size(), " cells for ",
                       headers.size(), " columns");
  blocks_.push_back({Block::table, caption, {}, {}, headers, rows});
  return *this;
}

HtmlReport& HtmlReport::add_figure(const std::string& png, const std::string& caption, const std::string& alt) {
  aecluster::require(!png.empty(), "HtmlReport::add_figure: empty file name");
  blocks_.push_back({Block::figure, caption, png, alt, {}, {}});
  return *this;
}

HtmlReport& HtmlReport::set_figure_dpi(double dpi) {
  aecluster::require(dpi > 0, "HtmlReport::set_figure_dpi: ", dpi, " is not a resolution");
  figure_dpi_ = dpi;
  return *this;
}

HtmlReport& HtmlReport::add_preformatted(const std::string& text) {
  blocks_.push_back({Block::pre, text, {}, {}, {}, {}});
  return *this;
}

std::string HtmlReport::html(const std::filesystem::path& base, FigureImages images) const {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + html_escape(title_) + "</title>\n<style>" + css + "</style>\n</head>\n<body>\n<main>\n";
  h += "<header>\n<h1>" + html_escape(title_) + "</h1>\n";
  if (!subtitle_.empty()) h += "<p class=\"subtitle\">" + html_escape(subtitle_) + "</p>\n";
  h += "</header>\n";
  int figures = 0, tables = 0;
  for (const Block& b : blocks_) {
    switch (b.kind) {
      case Block::section: h += "<h2>" + html_escape(b.text) + "</h2>\n"; break;
      case Block::paragraph: h += "<p>" + html_escape(b.text) + "</p>\n"; break;
      case Block::pre: h += "<pre>" + html_escape(b.text) + "</pre>\n"; break;
      case Block::table: {
        h += b.key_values ? "<table class=\"kv\">\n" : "<table>\n";
        if (!b.text.empty())
          h += "<caption><b>Table " + std::to_string(++tables) + ".</b> " + html_escape(b.text) + "</caption>\n";
        const std::size_t cols = b.key_values ? 2 : b.headers.size();
        // A column is numeric when every non-empty cell reads as a number (with a unit).
        std::vector<bool> numeric(cols, false);
        for (std::size_t c = 0; c < cols && !b.key_values; ++c) {
          bool any = false, all = true;
          for (const auto& row : b.rows)
            if (c < row.size() && !row[c].empty()) any = true, all = all && looks_numeric(row[c]);
          numeric[c] = any && all;
        }
        if (!b.headers.empty()) {
          h += "<thead><tr>";
          for (std::size_t c = 0; c < b.headers.size(); ++c)
            h += (numeric[c] ? "<th class=\"num\">" : "<th>") + html_escape(b.headers[c]) + "</th>";
          h += "</tr></thead>\n";
        }
        h += "<tbody>\n";
        for (const auto& row : b.rows) {
          h += "<tr>";
          for (std::size_t c = 0; c < cols; ++c) {
            const std::string cell = c < row.size() ? row[c] : std::string{};
            if (b.key_values && c == 0)
              h += "<th scope=\"row\">" + html_escape(cell) + "</th>";
            else
              h += (numeric[c] ? "<td class=\"num\">" : "<td>") + html_escape(cell) + "</td>";
          }
          h += "</tr>\n";
        }
        h += "</tbody>\n</table>\n";
        break;
      }
      case Block::figure: {
        // The PNG is read in both modes: embedded, or only for its width when linked.
        const std::filesystem::path file = base / b.file;  // an absolute b.file replaces base
        std::string src, png;
        std::error_code ec;
        if (images == FigureImages::embed || std::filesystem::is_regular_file(file, ec))
          png = aecluster::io::read_file(file, std::uintmax_t{256} << 20);
        src = images == FigureImages::embed ? "data:image/png;base64," + base64(png) : html_escape(b.file);
        std::string size;
        if (const std::uint32_t w = png_width(png); w > 0)
          size = " style=\"width:" + std::to_string(static_cast<long>(w / figure_dpi_ * 96 + 0.5)) + "px\"";
        const std::string alt = b.alt.empty() ? b.text : b.alt;
        h += "<figure>\n<img src=\"" + src + "\"" + size + " alt=\"" + html_escape(alt) + "\">\n";
        h += "<figcaption><b>Figure " + std::to_string(++figures) + ".</b> " + html_escape(b.text) +
             "</figcaption>\n</figure>\n";
        break;
      }
    }
  }
  h += "</main>\n</body>\n</html>\n";
  return h;
}

void HtmlReport::write(const std::filesystem::path& path, FigureImages images) const {
  const std::string page = html(path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path(), images);
  aecluster::io::write_text_atomically(path, page);
}

}  // namespace vgg7::report
