#include "report/scatter_chart.hpp"

#include "report/color.hpp"

#include <aecluster/error.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace vgg7::report {

namespace {

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

Legend scatter_legend(const ScatterData& data, const ScatterOptions& opt) {
  std::int64_t classes = static_cast<std::int64_t>(data.class_names.size());
  bool unlabelled = false;
  for (std::int64_t l : data.labels) {
    classes = std::max(classes, l + 1);
    unlabelled = unlabelled || l < 0;
  }
  aecluster::require(classes <= 1000, "scatter plot: ", classes, " classes are more than a legend can show (1000)");
  Legend legend;
  if (data.labels.empty()) return legend;
  legend.title = opt.legend_title;
  for (std::int64_t k = 0; k < classes; ++k) {
    const auto i = static_cast<std::size_t>(k);
    legend.entries.push_back({i < data.class_names.size() && !data.class_names[i].empty()
                                  ? data.class_names[i]
                                  : "class " + std::to_string(k),
                              category_color(k), Marker::circle});
  }
  if (unlabelled) legend.entries.push_back({"unlabelled", colors::unlabelled, Marker::circle});
  return legend;
}

Axes draw_scatter(Canvas& canvas, const Rect& outer, const ScatterData& data, const ScatterOptions& opt,
                  const Style& st) {
  aecluster::require(data.xy.size() % 2 == 0, "draw_scatter: ", data.xy.size(), " coordinates is not N x 2");
  const std::size_t n = data.xy.size() / 2;
  aecluster::require(data.labels.empty() || data.labels.size() == n, "draw_scatter: ", data.labels.size(),
                     " labels for ", n, " points");

  Legend legend = opt.legend ? scatter_legend(data, opt) : Legend{};

  std::vector<double> xs, ys;
  xs.reserve(n), ys.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    xs.push_back(data.xy[2 * i]);
    ys.push_back(data.xy[2 * i + 1]);
  }
  const Range xr = padded_range(xs), yr = padded_range(ys);
  AxesSpec spec{opt.title, {opt.xlabel, xr.lo, xr.hi}, {opt.ylabel, yr.lo, yr.hi}, opt.equal_aspect};

  Rect area = outer;
  Rect lsize{};
  const double gap = st.px(8);
  if (!legend.entries.empty()) {
    lsize = legend_size(legend, st);
    area.w -= lsize.w + gap;
  }
  const Axes axes(area, spec, st);
  axes.draw_background(canvas);

  const Rect& plot = axes.plot();
  const double nn = std::max<double>(1, static_cast<double>(n));
  const double radius = opt.dot_radius_pt > 0
                            ? st.px(opt.dot_radius_pt)
                            : std::clamp(0.5 * std::sqrt(plot.w * plot.h / nn), st.px(0.55), st.px(2.2));
  const double alpha = opt.dot_alpha > 0 ? opt.dot_alpha : std::clamp(1.2 - 0.15 * std::log10(nn), 0.35, 0.9);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [](std::size_t a, std::size_t b) { return splitmix(a) < splitmix(b); });
  canvas.set_clip(plot);
  for (std::size_t i : order) {
    if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) continue;
    const Color c = data.labels.empty() ? category_color(0) : category_color(data.labels[i]);
    const Point at = axes.to_pixel(xs[i], ys[i]);
    if (std::isfinite(at.x) && std::isfinite(at.y)) canvas.fill_circle(at, radius, c, alpha);
  }
  canvas.clear_clip();
  axes.draw_frame(canvas);
  if (!legend.entries.empty()) {
    const double x = plot.right() + gap;
    const double y = std::max(outer.y, plot.y + (plot.h - lsize.h) / 2);
    draw_legend(canvas, legend, {x, y}, st);
  }
  return axes;
}

}  // namespace vgg7::report
