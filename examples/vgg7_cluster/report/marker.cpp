#include "report/marker.hpp"

#include <cmath>
#include <numbers>
#include <vector>

namespace vgg7::report {

Marker marker_cycle(std::size_t i) {
  static constexpr Marker cycle[] = {Marker::circle,        Marker::square,   Marker::triangle_up, Marker::diamond,
                                     Marker::triangle_down, Marker::pentagon, Marker::hexagon};
  return cycle[i % std::size(cycle)];
}

namespace {
// A regular polygon with `n` corners on a circle of radius r, first corner at `start` radians
// (0 = pointing right, counted towards the top of the screen).
std::vector<Point> regular(Point c, int n, double r, double start) {
  std::vector<Point> v;
  for (int k = 0; k < n; ++k) {
    const double a = start + 2 * std::numbers::pi * k / n;
    v.push_back({c.x + r * std::cos(a), c.y - r * std::sin(a)});
  }
  return v;
}
}  // namespace

void draw_marker(Canvas& canvas, Marker marker, Point c, double size, Color fill, double alpha) {
  const double r = size / 2;
  const double up = std::numbers::pi / 2;
  switch (marker) {
    case Marker::none: return;
    case Marker::circle: canvas.fill_circle(c, r, fill, alpha); return;
    case Marker::square: canvas.fill_rect({c.x - r * 0.9, c.y - r * 0.9, r * 1.8, r * 1.8}, fill, alpha); return;
    case Marker::triangle_up: canvas.fill_polygon(regular({c.x, c.y + r * 0.15}, 3, r * 1.25, up), fill, alpha); return;
    case Marker::triangle_down:
      canvas.fill_polygon(regular({c.x, c.y - r * 0.15}, 3, r * 1.25, -up), fill, alpha);
      return;
    case Marker::diamond: canvas.fill_polygon(regular(c, 4, r * 1.2, up), fill, alpha); return;
    case Marker::pentagon: canvas.fill_polygon(regular(c, 5, r * 1.08, up), fill, alpha); return;
    case Marker::hexagon: canvas.fill_polygon(regular(c, 6, r * 1.05, up), fill, alpha); return;
  }
}

}  // namespace vgg7::report
