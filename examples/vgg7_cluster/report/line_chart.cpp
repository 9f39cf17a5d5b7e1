#include "report/line_chart.hpp"

#include "report/legend.hpp"

#include <aecluster/error.hpp>

#include <cmath>

namespace vgg7::report {

namespace {
Range range_of(const LineChart& chart, bool x) {
  std::vector<double> all;
  for (const LineSeries& s : chart.series)
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
      if (std::isfinite(s.x[i]) && std::isfinite(s.y[i])) all.push_back(x ? s.x[i] : s.y[i]);
  return padded_range(all);
}
}  // namespace

Range line_chart_x_range(const LineChart& chart) { return chart.x_range ? *chart.x_range : range_of(chart, true); }
Range line_chart_y_range(const LineChart& chart) { return chart.y_range ? *chart.y_range : range_of(chart, false); }

AxesSpec line_chart_spec(const LineChart& chart) {
  AxesSpec spec = chart.axes;
  const Range xr = line_chart_x_range(chart), yr = line_chart_y_range(chart);
  spec.x.lo = xr.lo, spec.x.hi = xr.hi, spec.y.lo = yr.lo, spec.y.hi = yr.hi;
  return spec;
}

Axes draw_line_chart(Canvas& canvas, const Rect& outer, const LineChart& chart, const Style& st,
                     const Margins& at_least) {
  for (const LineSeries& s : chart.series)
    aecluster::require(s.x.size() == s.y.size(), "draw_line_chart: series \"", s.label, "\" has ", s.x.size(),
                       " x values and ", s.y.size(), " y values");
  const Axes axes(outer, line_chart_spec(chart), st, at_least);
  axes.draw_background(canvas);
  canvas.set_clip(axes.plot().inset(-st.px(st.marker_pt)));  // markers on the edge stay whole
  std::vector<Point> occupied;  // what the legend should not hide: markers and points along the lines
  const double width = st.px(st.line_pt), marker = st.px(st.marker_pt);
  for (const LineSeries& s : chart.series) {
    std::vector<Point> run;
    auto flush = [&] {
      canvas.stroke_polyline(run, s.color, width);
      for (std::size_t i = 0; i + 1 < run.size(); ++i)
        for (int k = 1; k < 8; ++k)
          occupied.push_back(
              {run[i].x + (run[i + 1].x - run[i].x) * k / 8, run[i].y + (run[i + 1].y - run[i].y) * k / 8});
      run.clear();
    };
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) {
        flush();
        continue;
      }
      run.push_back(axes.to_pixel(s.x[i], s.y[i]));
      occupied.push_back(run.back());
    }
    flush();
    for (std::size_t i = 0; i < s.x.size(); ++i)
      if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
        draw_marker(canvas, s.marker, axes.to_pixel(s.x[i], s.y[i]), marker, s.color);
  }
  canvas.clear_clip();
  axes.draw_frame(canvas);
  if (chart.legend && !chart.series.empty()) {
    Legend legend;
    for (const LineSeries& s : chart.series) legend.entries.push_back({s.label, s.color, s.marker, true});
    const Rect size = legend_size(legend, st);
    draw_legend(canvas, legend, best_legend_position(axes.plot(), size, occupied, st.px(6)), st);
  }
  return axes;
}

}  // namespace vgg7::report
