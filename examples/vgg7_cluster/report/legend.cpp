#include "report/legend.hpp"

#include "report/font.hpp"

#include <algorithm>
#include <cmath>

namespace vgg7::report {

namespace {
struct Metrics {
  double pad, row, sample, gap, text, title;
};
Metrics metrics(const Style& st) {
  const Font& f = Font::sans();
  Metrics m{};
  m.text = st.px(st.legend_pt);
  m.pad = st.px(st.legend_pt * 0.55);
  m.row = f.line_height(m.text) * 1.25;
  m.sample = st.px(st.legend_pt * 2.0);
  m.gap = st.px(st.legend_pt * 0.6);
  m.title = st.px(st.legend_pt * 1.05);
  return m;
}
}  // namespace

Rect legend_size(const Legend& legend, const Style& st) {
  const Metrics m = metrics(st);
  const Font& f = Font::sans();
  double w = 0;
  for (const LegendEntry& e : legend.entries) w = std::max(w, m.sample + m.gap + f.width(e.label, m.text));
  double h = m.row * static_cast<double>(legend.entries.size());
  if (!legend.title.empty()) {
    w = std::max(w, Font::sans_bold().width(legend.title, m.title));
    h += Font::sans_bold().line_height(m.title) * 1.3;
  }
  return {0, 0, std::ceil(w + 2 * m.pad), std::ceil(h + 2 * m.pad * 0.8)};
}

void draw_legend(Canvas& canvas, const Legend& legend, Point top_left, const Style& st) {
  const Metrics m = metrics(st);
  const Rect size = legend_size(legend, st);
  const Rect frame{std::round(top_left.x), std::round(top_left.y), size.w, size.h};
  const double radius = st.px(2.5);
  canvas.fill_rounded_rect(frame, radius, colors::white, 0.88);
  canvas.stroke_rounded_rect(frame.inset(0.5), radius, colors::legend_edge, std::max(1.0, std::round(st.px(0.6))));
  double y = frame.y + m.pad * 0.8;
  const double x = frame.x + m.pad;
  if (!legend.title.empty()) {
    const Font& bold = Font::sans_bold();
    const double lh = bold.line_height(m.title) * 1.3;
    bold.draw(canvas, legend.title, {frame.x + frame.w / 2, y + lh / 2},
              {.size = m.title, .halign = HAlign::center, .valign = VAlign::center});
    y += lh;
  }
  const double marker_size = st.px(st.marker_pt) * 1.1;
  for (const LegendEntry& e : legend.entries) {
    const double cy = y + m.row / 2;
    if (e.line) canvas.stroke_line({x, cy}, {x + m.sample, cy}, e.color, st.px(st.line_pt));
    draw_marker(canvas, e.marker, {x + m.sample / 2, cy}, marker_size, e.color);
    Font::sans().draw(canvas, e.label, {x + m.sample + m.gap, cy}, {.size = m.text, .valign = VAlign::center});
    y += m.row;
  }
}

Point best_legend_position(const Rect& plot, const Rect& size, std::span<const Point> points, double pad) {
  const double l = plot.x + pad, r = plot.right() - pad - size.w, t = plot.y + pad, b = plot.bottom() - pad - size.h;
  const double cx = plot.x + (plot.w - size.w) / 2, cy = plot.y + (plot.h - size.h) / 2;
  const Point candidates[] = {{r, t}, {l, t}, {l, b}, {r, b}, {r, cy}, {l, cy}, {cx, b}, {cx, t}};
  Point best = candidates[0];
  long best_hidden = -1;
  for (const Point& c : candidates) {
    const Rect box{c.x - pad / 2, c.y - pad / 2, size.w + pad, size.h + pad};
    long hidden = 0;
    for (const Point& p : points) hidden += box.contains(p) ? 1 : 0;
    if (best_hidden < 0 || hidden < best_hidden) best = c, best_hidden = hidden;
  }
  return best;
}

}  // namespace vgg7::report
