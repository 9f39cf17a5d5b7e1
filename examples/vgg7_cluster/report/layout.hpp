#pragma once
// Several charts in one PNG: a figure of a given size in inches at the style's dpi, an optional
// title across the top, and a grid of equal cells for the panels.
#include "report/canvas.hpp"
#include "report/style.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace vgg7::report {

// `rows` x `cols` equal cells of `area`, row by row, with `gap` pixels between neighbours.
std::vector<Rect> grid_cells(const Rect& area, int rows, int cols, double gap = 0);

class Figure {
 public:
  Figure(double width_in, double height_in, const Style& style = {});

  [[nodiscard]] Canvas& canvas() { return canvas_; }
  [[nodiscard]] const Style& style() const { return style_; }
  // Draws a bold title across the top; the content area then starts below it.
  void set_title(const std::string& title);
  // The area left for the panels: the canvas minus a small border and the title.
  [[nodiscard]] Rect content() const { return content_; }
  [[nodiscard]] std::vector<Rect> grid(int rows, int cols, double gap_pt = 6) const;
  void write_png(const std::filesystem::path& path) const;

 private:
  Style style_;
  Canvas canvas_;
  Rect content_;
};

}  // namespace vgg7::report
