#pragma once
// Text with stb_truetype: UTF-8, kerning, sub-pixel glyph positions, any rotation.
// Sizes are the em size in pixels (a 10 pt font at 150 dpi is 10 * 150 / 72 = 20.8 px).
#include "report/canvas.hpp"

#include <filesystem>
#include <memory>
#include <string_view>

namespace vgg7::report {

enum class HAlign { left, center, right };
// `center` is halfway between the font's ascent and descent lines, which centres digits and
// capitals on a tick; top/bottom are those lines.
enum class VAlign { top, center, baseline, bottom };

struct TextStyle {
  double size = 20;
  Color color = colors::text;
  HAlign halign = HAlign::left;
  VAlign valign = VAlign::baseline;
  double angle = 0;  // degrees, counter-clockwise: 90 reads from bottom to top (a y-axis label)
  double alpha = 1;
};

class Font {
 public:
  // Reads a TrueType file; throws aecluster::Error naming it when it is missing or not a font.
  explicit Font(const std::filesystem::path& ttf);
  ~Font();
  Font(const Font&) = delete;
  Font& operator=(const Font&) = delete;

  // DejaVu Sans (fonts-dejavu-core, installed by scripts/install-deps), loaded once.
  static const Font& sans();
  static const Font& sans_bold();

  // Advance width of the text, kerning included (before any rotation).
  [[nodiscard]] double width(std::string_view utf8, double size) const;
  [[nodiscard]] double ascent(double size) const;   // above the baseline, positive
  [[nodiscard]] double descent(double size) const;  // below the baseline, positive
  [[nodiscard]] double line_height(double size) const { return ascent(size) + descent(size); }

  // Draws the text anchored at `at` (the alignment picks which point of the text box that is);
  // rotation is about that point.
  void draw(Canvas& canvas, std::string_view utf8, Point at, const TextStyle& style) const;
  // The axis-aligned box the same draw() call would cover.
  [[nodiscard]] Rect box(std::string_view utf8, Point at, const TextStyle& style) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vgg7::report
