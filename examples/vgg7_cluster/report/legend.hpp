#pragma once
// A legend box: one row per entry (a line and/or marker sample, then the label), an optional
// title, on a translucent white rounded frame.
#include "report/canvas.hpp"
#include "report/marker.hpp"
#include "report/style.hpp"

#include <span>
#include <string>
#include <vector>

namespace vgg7::report {

struct LegendEntry {
  std::string label;
  Color color;
  Marker marker = Marker::circle;
  bool line = false;  // draw a short line through the marker (a line chart's series)
};

struct Legend {
  std::string title;
  std::vector<LegendEntry> entries;
};

// Width and height the legend needs (x = y = 0).
Rect legend_size(const Legend& legend, const Style& style);

void draw_legend(Canvas& canvas, const Legend& legend, Point top_left, const Style& style);

// Where inside `plot` a legend of `size` hides the fewest of `points` (pixel positions): tried
// at the four corners and the middles of the sides, first the top right, as matplotlib's "best".
Point best_legend_position(const Rect& plot, const Rect& size, std::span<const Point> points, double pad);

}  // namespace vgg7::report
