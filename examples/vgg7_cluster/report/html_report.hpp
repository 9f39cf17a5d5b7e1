#pragma once
// report.html: one self-contained page (inline CSS, no scripts, no network) built section by
// section. Figures are embedded as base64 data: URIs by default, so the page stays whole when it
// is copied, mailed or submitted on its own; the PNG files stay beside it for other documents.
// All text is HTML-escaped.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace vgg7::report {

std::string html_escape(std::string_view text);
std::string base64(std::string_view bytes);

enum class FigureImages {
  embed,  // <img src="data:image/png;base64,..."> read from the PNG file when write() runs
  link,   // <img src="embedding_vgg7.png">: smaller page, needs the PNGs beside it
};

class HtmlReport {
 public:
  explicit HtmlReport(std::string title, std::string subtitle = {});

  HtmlReport& add_section(const std::string& heading);
  HtmlReport& add_paragraph(const std::string& text);
  // Two columns: setting, value.
  HtmlReport& add_key_values(const std::vector<std::pair<std::string, std::string>>& items,
                             const std::string& caption = {});
  // Cells that read as numbers are right-aligned; rows shorter than the header are padded.
  HtmlReport& add_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                        const std::string& caption = {});
  // `png` is a file name relative to the folder report.html is written to (or an absolute path);
  // figures are numbered in order ("Figure 1. caption").
  HtmlReport& add_figure(const std::string& png, const std::string& caption, const std::string& alt = {});
  HtmlReport& add_preformatted(const std::string& text);
  // Figures are shown at their physical size (pixels / dpi inches, at most the page width), so
  // the text in every figure has the same size on the page; 150 matches Style's default.
  HtmlReport& set_figure_dpi(double dpi);

  // The page; `base` is the folder figure paths are relative to.
  [[nodiscard]] std::string html(const std::filesystem::path& base, FigureImages images = FigureImages::embed) const;
  // Writes atomically; a missing figure file throws aecluster::Error naming it, writing nothing.
  void write(const std::filesystem::path& path, FigureImages images = FigureImages::embed) const;

 private:
  struct Block {
    enum Kind { section, paragraph, table, figure, pre } kind;
    std::string text;                            // heading, paragraph, caption or preformatted text
    std::string file, alt;                       // figure
    std::vector<std::string> headers;            // table
    std::vector<std::vector<std::string>> rows;  // table
    bool key_values = false;
  };
  std::string title_, subtitle_;
  double figure_dpi_ = 150;
  std::vector<Block> blocks_;
};

}  // namespace vgg7::report
