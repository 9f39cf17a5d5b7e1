#include "report/canvas.hpp"

#include <aecluster/error.hpp>

#include <algorithm>
#include <cmath>

namespace vgg7::report {

namespace {

double clamp01(double v) { return v < 0 ? 0 : (v > 1 ? 1 : v); }

double distance_to_segment(Point p, Point a, Point b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = t < 0 ? 0 : (t > 1 ? 1 : t);
  const double ex = p.x - (a.x + t * dx), ey = p.y - (a.y + t * dy);
  return std::sqrt(ex * ex + ey * ey);
}

// Coverage of a pixel whose centre lies `d` from the middle of a stroke `width` wide: a box
// filter of one pixel across the edge; strokes thinner than a pixel fade instead of thinning.
double stroke_coverage(double d, double width) {
  if (width >= 1) return clamp01(width / 2 + 0.5 - d);
  return clamp01(1 - d) * width;
}

double rounded_rect_distance(Point p, const Rect& r, double radius) {
  const double hx = r.w / 2 - radius, hy = r.h / 2 - radius;
  const double qx = std::fabs(p.x - r.x - r.w / 2) - hx, qy = std::fabs(p.y - r.y - r.h / 2) - hy;
  const double ox = std::max(qx, 0.0), oy = std::max(qy, 0.0);
  return std::sqrt(ox * ox + oy * oy) + std::min(std::max(qx, qy), 0.0) - radius;
}

}  // namespace

Canvas::Canvas(int width, int height, Color background) : width_(width), height_(height) {
  aecluster::require(width > 0 && height > 0 && width <= 32768 && height <= 32768, "Canvas: size ", width, "x", height,
                     " is not between 1 and 32768 pixels on each side");
  data_.resize(static_cast<std::size_t>(width) * height * 3);
  clear_clip();
  fill(background);
}

Color Canvas::pixel(int x, int y) const {
  aecluster::require(x >= 0 && y >= 0 && x < width_ && y < height_, "Canvas::pixel: (", x, ", ", y, ") is outside the ",
                     width_, "x", height_, " canvas");
  const float* p = &data_[(static_cast<std::size_t>(y) * width_ + x) * 3];
  auto byte = [](float v) { return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0f, 255.0f))); };
  return {byte(p[0]), byte(p[1]), byte(p[2])};
}

std::vector<std::uint8_t> Canvas::rgb() const {
  std::vector<std::uint8_t> out(data_.size());
  for (std::size_t i = 0; i < data_.size(); ++i)
    out[i] = static_cast<std::uint8_t>(std::lround(std::clamp(data_[i], 0.0f, 255.0f)));
  return out;
}

void Canvas::set_clip(const Rect& r) {
  clip_ = {0, 0, width_, height_};
  clip_ = clipped(r.x, r.y, r.right(), r.bottom());
}

void Canvas::clear_clip() { clip_ = {0, 0, width_, height_}; }

Canvas::Box Canvas::clipped(double x0, double y0, double x1, double y1) const {
  auto lo = [](double v) { return static_cast<int>(std::max(-1.0, std::min(std::floor(v), 1e6))); };
  auto hi = [](double v) { return static_cast<int>(std::max(-1.0, std::min(std::ceil(v), 1e6))); };
  return {std::max(lo(x0), clip_.x0), std::max(lo(y0), clip_.y0), std::min(hi(x1), clip_.x1),
          std::min(hi(y1), clip_.y1)};
}

void Canvas::blend_pixel(int x, int y, Color c, double alpha) {
  if (x < clip_.x0 || y < clip_.y0 || x >= clip_.x1 || y >= clip_.y1 || alpha <= 0) return;
  const auto a = static_cast<float>(std::min(alpha, 1.0));
  float* p = &data_[(static_cast<std::size_t>(y) * width_ + x) * 3];
  p[0] += (c.r - p[0]) * a;
  p[1] += (c.g - p[1]) * a;
  p[2] += (c.b - p[2]) * a;
}

template <class Coverage>
void Canvas::paint(const Box& box, Color c, double alpha, Coverage&& coverage) {
  for (int y = box.y0; y < box.y1; ++y)
    for (int x = box.x0; x < box.x1; ++x) {
      const double cov = coverage(x, y);
      if (cov > 0) blend_pixel(x, y, c, cov * alpha);
    }
}

void Canvas::blend_coverage(int x0, int y0, int w, int h, std::span<const float> coverage, Color c, double alpha) {
  aecluster::require(w >= 0 && h >= 0 && coverage.size() == static_cast<std::size_t>(w) * h,
                     "Canvas::blend_coverage: mask of ", coverage.size(), " values for ", w, "x", h);
  const Box box = clipped(x0, y0, static_cast<double>(x0) + w, static_cast<double>(y0) + h);
  paint(box, c, alpha, [&](int x, int y) { return coverage[static_cast<std::size_t>(y - y0) * w + (x - x0)]; });
}

void Canvas::fill(Color c) {
  for (std::size_t i = 0; i < data_.size(); i += 3) {
    data_[i] = c.r;
    data_[i + 1] = c.g;
    data_[i + 2] = c.b;
  }
}

void Canvas::fill_rect(const Rect& r, Color c, double alpha) {
  if (r.w <= 0 || r.h <= 0) return;
  const Box box = clipped(r.x, r.y, r.right(), r.bottom());
  paint(box, c, alpha, [&](int x, int y) {
    const double cx = std::min<double>(x + 1, r.right()) - std::max<double>(x, r.x);
    const double cy = std::min<double>(y + 1, r.bottom()) - std::max<double>(y, r.y);
    return clamp01(cx) * clamp01(cy);
  });
}

void Canvas::fill_rounded_rect(const Rect& r, double radius, Color c, double alpha) {
  if (r.w <= 0 || r.h <= 0) return;
  radius = std::clamp(radius, 0.0, std::min(r.w, r.h) / 2);
  const Box box = clipped(r.x - 1, r.y - 1, r.right() + 1, r.bottom() + 1);
  paint(box, c, alpha, [&](int x, int y) {
    return clamp01(0.5 - rounded_rect_distance({x + 0.5, y + 0.5}, r, radius));
  });
}

void Canvas::stroke_rounded_rect(const Rect& r, double radius, Color c, double width, double alpha) {
  if (r.w <= 0 || r.h <= 0 || width <= 0) return;
  radius = std::clamp(radius, 0.0, std::min(r.w, r.h) / 2);
  const double pad = width / 2 + 1;
  const Box box = clipped(r.x - pad, r.y - pad, r.right() + pad, r.bottom() + pad);
  paint(box, c, alpha, [&](int x, int y) {
    return stroke_coverage(std::fabs(rounded_rect_distance({x + 0.5, y + 0.5}, r, radius)), width);
  });
}

void Canvas::stroke_line(Point a, Point b, Color c, double width, double alpha) {
  const Point pts[2] = {a, b};
  stroke_polyline(pts, c, width, alpha);
}

void Canvas::stroke_polyline(std::span<const Point> points, Color c, double width, double alpha) {
  if (points.empty() || width <= 0) return;
  const double pad = std::max(width, 1.0) / 2 + 1;
  double x0 = points[0].x, y0 = points[0].y, x1 = x0, y1 = y0;
  for (const Point& p : points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return;
    x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
  }
  const Box box = clipped(x0 - pad, y0 - pad, x1 + pad, y1 + pad);
  if (box.empty()) return;
  // Maximum over the segments, so overlapping segment ends are blended once.
  const int bw = box.x1 - box.x0;
  std::vector<float> mask(static_cast<std::size_t>(bw) * (box.y1 - box.y0), 0.0f);
  const std::size_t segments = points.size() == 1 ? 1 : points.size() - 1;
  for (std::size_t s = 0; s < segments; ++s) {
    const Point a = points[s], b = points[std::min(s + 1, points.size() - 1)];
    const Box sb =
        clipped(std::min(a.x, b.x) - pad, std::min(a.y, b.y) - pad, std::max(a.x, b.x) + pad, std::max(a.y, b.y) + pad);
    for (int y = sb.y0; y < sb.y1; ++y)
      for (int x = sb.x0; x < sb.x1; ++x) {
        const auto cov = static_cast<float>(stroke_coverage(distance_to_segment({x + 0.5, y + 0.5}, a, b), width));
        float& m = mask[static_cast<std::size_t>(y - box.y0) * bw + (x - box.x0)];
        m = std::max(m, cov);
      }
  }
  paint(box, c, alpha, [&](int x, int y) { return mask[static_cast<std::size_t>(y - box.y0) * bw + (x - box.x0)]; });
}

void Canvas::fill_circle(Point center, double radius, Color c, double alpha) {
  if (radius <= 0) return;
  const Box box = clipped(center.x - radius - 1, center.y - radius - 1, center.x + radius + 1, center.y + radius + 1);
  // Below a pixel's width a dot keeps its ink (area) and fades rather than vanishing.
  const double fade = radius < 0.5 ? radius / 0.5 : 1.0;
  const double r = std::max(radius, 0.5);
  paint(box, c, alpha, [&](int x, int y) {
    const double dx = x + 0.5 - center.x, dy = y + 0.5 - center.y;
    return clamp01(r + 0.5 - std::sqrt(dx * dx + dy * dy)) * fade;
  });
}

void Canvas::stroke_circle(Point center, double radius, Color c, double width, double alpha) {
  if (radius <= 0 || width <= 0) return;
  const double pad = radius + width / 2 + 1;
  const Box box = clipped(center.x - pad, center.y - pad, center.x + pad, center.y + pad);
  paint(box, c, alpha, [&](int x, int y) {
    const double dx = x + 0.5 - center.x, dy = y + 0.5 - center.y;
    return stroke_coverage(std::fabs(std::sqrt(dx * dx + dy * dy) - radius), width);
  });
}

void Canvas::fill_polygon(std::span<const Point> v, Color c, double alpha) {
  if (v.size() < 3) return;
  double x0 = v[0].x, y0 = v[0].y, x1 = x0, y1 = y0;
  for (const Point& p : v) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return;
    x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
  }
  const Box box = clipped(x0, y0, x1, y1);
  if (box.empty()) return;
  // Even-odd scan conversion on 8 sub-rows per pixel row, exact horizontal coverage on each.
  constexpr int sub = 8;
  const int bw = box.x1 - box.x0;
  std::vector<double> row(static_cast<std::size_t>(bw));
  std::vector<double> crossings;
  for (int y = box.y0; y < box.y1; ++y) {
    std::fill(row.begin(), row.end(), 0.0);
    for (int s = 0; s < sub; ++s) {
      const double sy = y + (s + 0.5) / sub;
      crossings.clear();
      for (std::size_t i = 0; i < v.size(); ++i) {
        const Point a = v[i], b = v[(i + 1) % v.size()];
        if ((a.y <= sy) != (b.y <= sy)) crossings.push_back(a.x + (sy - a.y) / (b.y - a.y) * (b.x - a.x));
      }
      std::sort(crossings.begin(), crossings.end());
      for (std::size_t i = 0; i + 1 < crossings.size(); i += 2) {
        const double xa = std::max<double>(crossings[i], box.x0), xb = std::min<double>(crossings[i + 1], box.x1);
        for (int x = static_cast<int>(std::floor(xa)); x < xb; ++x) {
          const double covered = std::min<double>(x + 1, xb) - std::max<double>(x, xa);
          if (covered > 0 && x >= box.x0 && x < box.x1) row[x - box.x0] += covered / sub;
        }
      }
    }
    for (int x = box.x0; x < box.x1; ++x)
      if (row[x - box.x0] > 0) blend_pixel(x, y, c, clamp01(row[x - box.x0]) * alpha);
  }
}

void Canvas::draw_image(std::span<const std::uint8_t> hwc, int height, int width, int channels, int x, int y,
                        int scale) {
  aecluster::require(channels == 1 || channels == 3, "Canvas::draw_image: ", channels,
                     " channels, expected 1 (grey) or 3 (RGB)");
  aecluster::require(height > 0 && width > 0 && scale > 0, "Canvas::draw_image: image ", height, "x", width,
                     " scaled by ", scale);
  aecluster::require(hwc.size() == static_cast<std::size_t>(height) * width * channels,
                     "Canvas::draw_image: ", hwc.size(), " bytes for a ", height, "x", width, "x", channels, " image");
  const Box box = clipped(x, y, static_cast<double>(x) + static_cast<double>(width) * scale,
                          static_cast<double>(y) + static_cast<double>(height) * scale);
  for (int py = box.y0; py < box.y1; ++py)
    for (int px = box.x0; px < box.x1; ++px) {
      const std::size_t src = (static_cast<std::size_t>((py - y) / scale) * width + (px - x) / scale) * channels;
      float* p = &data_[(static_cast<std::size_t>(py) * width_ + px) * 3];
      for (int k = 0; k < 3; ++k) p[k] = hwc[src + (channels == 3 ? k : 0)];
    }
}

}  // namespace vgg7::report
