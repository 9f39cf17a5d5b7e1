#pragma once
// An RGB raster the figures are painted on: anti-aliased lines, circles, polygons and rounded
// rectangles, filled rectangles with fractional edges, alpha blending, nearest-neighbour images.
// Pixels are kept as floats so that thousands of overlapping translucent dots blend without the
// rounding drift of 8-bit storage; rgb() converts once at the end.
#include "report/color.hpp"
#include "report/geometry.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace vgg7::report {

class Canvas {
 public:
  Canvas(int width, int height, Color background = colors::white);

  [[nodiscard]] int width() const { return width_; }
  [[nodiscard]] int height() const { return height_; }
  [[nodiscard]] Color pixel(int x, int y) const;
  // Row-major 8-bit RGB, 3 * width * height bytes.
  [[nodiscard]] std::vector<std::uint8_t> rgb() const;

  // Drawing outside the clip rectangle (the whole canvas by default) leaves pixels untouched.
  void set_clip(const Rect& r);
  void clear_clip();

  void blend_pixel(int x, int y, Color c, double alpha);
  // Blends `c` through a coverage mask (values in [0, 1], row-major w x h) placed at (x0, y0).
  void blend_coverage(int x0, int y0, int w, int h, std::span<const float> coverage, Color c, double alpha = 1);

  void fill(Color c);
  // Edges at fractional positions are anti-aliased by the covered area of each pixel.
  void fill_rect(const Rect& r, Color c, double alpha = 1);
  void fill_rounded_rect(const Rect& r, double radius, Color c, double alpha = 1);
  void stroke_rounded_rect(const Rect& r, double radius, Color c, double width, double alpha = 1);
  // Round caps and joins; a polyline is blended once, so a translucent line does not darken at its joins.
  void stroke_line(Point a, Point b, Color c, double width, double alpha = 1);
  void stroke_polyline(std::span<const Point> points, Color c, double width, double alpha = 1);
  void fill_circle(Point center, double radius, Color c, double alpha = 1);
  void stroke_circle(Point center, double radius, Color c, double width, double alpha = 1);
  void fill_polygon(std::span<const Point> vertices, Color c, double alpha = 1);

  // One uint8 HWC image (1 or 3 channels) scaled up `scale` times by pixel repetition, top-left at (x, y).
  void draw_image(std::span<const std::uint8_t> hwc, int height, int width, int channels, int x, int y, int scale);

 private:
  struct Box {
    int x0, y0, x1, y1;  // half-open pixel range, already clipped
    [[nodiscard]] bool empty() const { return x0 >= x1 || y0 >= y1; }
  };
  [[nodiscard]] Box clipped(double x0, double y0, double x1, double y1) const;
  template <class Coverage>
  void paint(const Box& box, Color c, double alpha, Coverage&& coverage);

  int width_, height_;
  std::vector<float> data_;
  Box clip_;
};

}  // namespace vgg7::report
