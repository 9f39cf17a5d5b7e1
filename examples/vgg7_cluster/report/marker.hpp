#pragma once
// Point markers of line charts and legends; series differ by shape as well as colour, so
// the chart still reads in grey-scale print.
#include "report/canvas.hpp"

namespace vgg7::report {

enum class Marker { none, circle, square, triangle_up, diamond, triangle_down, pentagon, hexagon };

// The i-th shape of the cycle circle, square, triangle, diamond, ... (never `none`).
Marker marker_cycle(std::size_t i);

// `size` is the marker's nominal diameter in pixels; the shapes are sized to look equally heavy.
void draw_marker(Canvas& canvas, Marker marker, Point center, double size, Color fill, double alpha = 1);

}  // namespace vgg7::report
