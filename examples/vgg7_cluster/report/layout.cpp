#include "report/layout.hpp"

#include "report/font.hpp"
#include "report/png.hpp"

#include <aecluster/error.hpp>

#include <cmath>

namespace vgg7::report {

std::vector<Rect> grid_cells(const Rect& area, int rows, int cols, double gap) {
  aecluster::require(rows > 0 && cols > 0, "grid_cells: ", rows, " rows and ", cols, " columns");
  const double w = (area.w - gap * (cols - 1)) / cols, h = (area.h - gap * (rows - 1)) / rows;
  std::vector<Rect> cells;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) cells.push_back({area.x + c * (w + gap), area.y + r * (h + gap), w, h});
  return cells;
}

namespace {
int pixels(double inches, double dpi) { return static_cast<int>(std::lround(inches * dpi)); }
}  // namespace

Figure::Figure(double width_in, double height_in, const Style& style)
    : style_(style), canvas_(pixels(width_in, style.dpi), pixels(height_in, style.dpi)) {
  const double border = style_.px(4);
  content_ = Rect{0, 0, static_cast<double>(canvas_.width()), static_cast<double>(canvas_.height())}.inset(border);
}

void Figure::set_title(const std::string& title) {
  if (title.empty()) return;
  const Font& bold = Font::sans_bold();
  const double size = style_.px(style_.suptitle_pt);
  const double top = style_.px(8);
  bold.draw(canvas_, title, {canvas_.width() / 2.0, top},
            {.size = size, .halign = HAlign::center, .valign = VAlign::top});
  const double used = top + bold.line_height(size) + style_.px(2);
  content_ = {content_.x, used, content_.w, content_.bottom() - used};
}

std::vector<Rect> Figure::grid(int rows, int cols, double gap_pt) const {
  return grid_cells(content_, rows, cols, style_.px(gap_pt));
}

void Figure::write_png(const std::filesystem::path& path) const { report::write_png(path, canvas_); }

}  // namespace vgg7::report
