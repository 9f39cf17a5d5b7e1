#pragma once
// Points and rectangles in canvas pixels: x to the right, y downwards, (0, 0) the top-left corner
// of the top-left pixel, so pixel (i, j) covers [i, i+1) x [j, j+1) and its centre is (i+0.5, j+0.5).

namespace vgg7::report {

struct Point {
  double x = 0, y = 0;
};

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
  [[nodiscard]] double right() const { return x + w; }
  [[nodiscard]] double bottom() const { return y + h; }
  [[nodiscard]] Point center() const { return {x + w / 2, y + h / 2}; }
  [[nodiscard]] bool contains(Point p) const { return p.x >= x && p.x <= right() && p.y >= y && p.y <= bottom(); }
  // Shrinks by the given amounts on each side (negative values grow it).
  [[nodiscard]] Rect inset(double left, double top, double right_, double bottom_) const {
    return {x + left, y + top, w - left - right_, h - top - bottom_};
  }
  [[nodiscard]] Rect inset(double all) const { return inset(all, all, all, all); }
};

}  // namespace vgg7::report
