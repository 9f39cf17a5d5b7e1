#include "report/axes.hpp"

#include "report/font.hpp"

#include <algorithm>
#include <cmath>

namespace vgg7::report {

Margins max(const Margins& a, const Margins& b) {
  return {std::max(a.left, b.left), std::max(a.top, b.top), std::max(a.right, b.right), std::max(a.bottom, b.bottom)};
}

namespace {

int tick_target(double length_px, const Style& st, double spacing_pt) {
  return std::clamp(static_cast<int>(length_px / st.px(spacing_pt)), 3, 8);
}

// Ticks for an axis `length_px` long; the x axis wants more room per tick (its labels are wide).
Ticks axis_ticks(const Axis& a, double length_px, const Style& st, bool horizontal) {
  return nice_ticks(a.lo, a.hi, tick_target(length_px, st, st.tick_pt * (horizontal ? 7.0 : 4.5)), a.integer);
}

// Equal-aspect maps get one spacing on both axes, so the grid draws squares.
void equalise(const AxesSpec& spec, Ticks& xt, Ticks& yt) {
  if (!spec.equal_aspect || xt.step == yt.step) return;
  const double step = std::max(xt.step, yt.step);
  xt = ticks_with_step(spec.x.lo, spec.x.hi, step);
  yt = ticks_with_step(spec.y.lo, spec.y.hi, step);
}

int line_width(const Style& st, double points) { return std::max(1, static_cast<int>(std::lround(st.px(points)))); }

struct Pads {
  double tick, label, title, outer;
};
Pads pads(const Style& st) { return {st.px(3.5), st.px(4.5), st.px(7), st.px(4)}; }

Margins needed(const Rect& plot_guess, const AxesSpec& spec, const Style& st) {
  const Font& f = Font::sans();
  const Pads p = pads(st);
  const double tick_len = st.px(st.tick_length_pt), tick = st.px(st.tick_pt), label = st.px(st.label_pt);
  Ticks xt = axis_ticks(spec.x, plot_guess.w, st, true);
  Ticks yt = axis_ticks(spec.y, plot_guess.h, st, false);
  equalise(spec, xt, yt);
  Margins m;
  double widest = 0;
  if (spec.y.tick_labels)
    for (double v : yt.values) widest = std::max(widest, f.width(format_tick(v, yt.step), tick));
  m.left = p.outer + tick_len + (spec.y.tick_labels ? p.tick + widest : 0) +
           (spec.y.label.empty() ? 0 : p.label + f.line_height(label));
  m.bottom = p.outer + tick_len + (spec.x.tick_labels ? p.tick + f.line_height(tick) : 0) +
             (spec.x.label.empty() ? 0 : p.label + f.line_height(label));
  const double half_tick_label = f.line_height(tick) / 2;
  m.top =
      spec.title.empty() ? p.outer + half_tick_label : p.outer + Font::sans().line_height(st.px(st.title_pt)) + p.title;
  double overhang = 0;
  if (spec.x.tick_labels && !xt.values.empty()) overhang = f.width(format_tick(xt.values.back(), xt.step), tick) / 2;
  m.right = p.outer + std::max(overhang, st.px(6));
  return m;
}

}  // namespace

Margins Axes::margins(const Rect& outer, const AxesSpec& spec, const Style& st) {
  // The tick count depends on the plot size, which depends on the labels: two passes settle it.
  Margins m = needed(outer.inset(st.px(40), st.px(20), st.px(10), st.px(30)), spec, st);
  return needed(outer.inset(m.left, m.top, m.right, m.bottom), spec, st);
}

Axes::Axes(const Rect& outer, const AxesSpec& spec, const Style& style, const Margins& at_least)
    : spec_(spec), style_(style) {
  if (!(spec_.x.hi > spec_.x.lo)) spec_.x.hi = spec_.x.lo + 1;
  if (!(spec_.y.hi > spec_.y.lo)) spec_.y.hi = spec_.y.lo + 1;
  layout(outer, at_least);
  if (spec_.equal_aspect) {
    for (int pass = 0; pass < 2; ++pass) {
      const double ux = (spec_.x.hi - spec_.x.lo) / plot_.w, uy = (spec_.y.hi - spec_.y.lo) / plot_.h;
      Axis& grow = ux < uy ? spec_.x : spec_.y;
      const double units = std::max(ux, uy) * (ux < uy ? plot_.w : plot_.h);
      const double mid = (grow.lo + grow.hi) / 2;
      grow.lo = mid - units / 2, grow.hi = mid + units / 2;
      layout(outer, at_least);
    }
  }
}

void Axes::layout(const Rect& outer, const Margins& at_least) {
  const Margins m = max(margins(outer, spec_, style_), at_least);
  // Whole pixels, so spines, grid lines and ticks land crisply.
  const double x0 = std::round(outer.x + m.left), y0 = std::round(outer.y + m.top);
  const double x1 = std::round(outer.right() - m.right), y1 = std::round(outer.bottom() - m.bottom);
  plot_ = {x0, y0, std::max(1.0, x1 - x0), std::max(1.0, y1 - y0)};
  xticks_ = axis_ticks(spec_.x, plot_.w, style_, true);
  yticks_ = axis_ticks(spec_.y, plot_.h, style_, false);
  equalise(spec_, xticks_, yticks_);
}

Point Axes::to_pixel(double x, double y) const {
  return {plot_.x + (x - spec_.x.lo) / (spec_.x.hi - spec_.x.lo) * plot_.w,
          plot_.bottom() - (y - spec_.y.lo) / (spec_.y.hi - spec_.y.lo) * plot_.h};
}

namespace {
// A line `width` whole pixels wide centred on `pos`, starting on a pixel edge.
double snapped_start(double pos, int width) { return std::round(pos - width / 2.0); }
}  // namespace

void Axes::draw_background(Canvas& canvas) const {
  const int gw = line_width(style_, style_.grid_pt);
  for (double v : xticks_.values) {
    const double x = snapped_start(to_pixel(v, 0).x, gw);
    if (x <= plot_.x || x + gw >= plot_.right()) continue;
    canvas.fill_rect({x, plot_.y, static_cast<double>(gw), plot_.h}, colors::grid);
  }
  for (double v : yticks_.values) {
    const double y = snapped_start(to_pixel(0, v).y, gw);
    if (y <= plot_.y || y + gw >= plot_.bottom()) continue;
    canvas.fill_rect({plot_.x, y, plot_.w, static_cast<double>(gw)}, colors::grid);
  }
}

void Axes::draw_frame(Canvas& canvas) const {
  const Font& f = Font::sans();
  const Pads p = pads(style_);
  const int sw = line_width(style_, style_.spine_pt);
  const double s = sw, tick_len = std::round(style_.px(style_.tick_length_pt));
  const double tick = style_.px(style_.tick_pt), label = style_.px(style_.label_pt);
  const Rect& r = plot_;
  // Spines just outside the plot area, so the data never paints over them.
  canvas.fill_rect({r.x - s, r.y - s, r.w + 2 * s, s}, colors::spine);
  canvas.fill_rect({r.x - s, r.bottom(), r.w + 2 * s, s}, colors::spine);
  canvas.fill_rect({r.x - s, r.y, s, r.h}, colors::spine);
  canvas.fill_rect({r.right(), r.y, s, r.h}, colors::spine);

  const double below = r.bottom() + s;
  for (double v : xticks_.values) {
    const double x = to_pixel(v, 0).x;
    canvas.fill_rect({snapped_start(x, sw), below, s, tick_len}, colors::spine);
    if (spec_.x.tick_labels)
      f.draw(canvas, format_tick(v, xticks_.step), {x, below + tick_len + p.tick},
             {.size = tick, .halign = HAlign::center, .valign = VAlign::top});
  }
  double widest = 0;
  const double left = r.x - s;
  for (double v : yticks_.values) {
    const double y = to_pixel(0, v).y;
    canvas.fill_rect({left - tick_len, snapped_start(y, sw), tick_len, s}, colors::spine);
    if (spec_.y.tick_labels) {
      const std::string text = format_tick(v, yticks_.step);
      widest = std::max(widest, f.width(text, tick));
      f.draw(canvas, text, {left - tick_len - p.tick, y},
             {.size = tick, .halign = HAlign::right, .valign = VAlign::center});
    }
  }
  if (!spec_.x.label.empty()) {
    const double y = below + tick_len + (spec_.x.tick_labels ? p.tick + f.line_height(tick) : 0) + p.label;
    f.draw(canvas, spec_.x.label, {r.x + r.w / 2, y}, {.size = label, .halign = HAlign::center, .valign = VAlign::top});
  }
  if (!spec_.y.label.empty()) {
    const double x = left - tick_len - (spec_.y.tick_labels ? p.tick + widest : 0) - p.label;
    f.draw(canvas, spec_.y.label, {x, r.y + r.h / 2},
           {.size = label, .halign = HAlign::center, .valign = VAlign::bottom, .angle = 90});
  }
  if (!spec_.title.empty())
    f.draw(canvas, spec_.title, {r.x + r.w / 2, r.y - s - p.title},
           {.size = style_.px(style_.title_pt), .halign = HAlign::center, .valign = VAlign::bottom});
}

}  // namespace vgg7::report
