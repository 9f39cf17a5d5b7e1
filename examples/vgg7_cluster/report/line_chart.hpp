#pragma once
// Line charts: one polyline with markers per series, ranges from the data unless given,
// legend placed where it hides the least.
#include "report/axes.hpp"
#include "report/canvas.hpp"
#include "report/color.hpp"
#include "report/marker.hpp"
#include "report/style.hpp"

#include <optional>
#include <string>
#include <vector>

namespace vgg7::report {

struct LineSeries {
  std::string label;
  std::vector<double> x, y;  // equal lengths; a non-finite y breaks the line there
  Color color = category_color(0);
  Marker marker = Marker::circle;
};

struct LineChart {
  AxesSpec axes;                          // titles and labels; lo/hi replaced by the ranges below
  std::optional<Range> x_range, y_range;  // from the data (5 % margins) when empty
  std::vector<LineSeries> series;
  bool legend = true;
};

// The x and y ranges draw_line_chart would use.
Range line_chart_x_range(const LineChart& chart);
Range line_chart_y_range(const LineChart& chart);

// Checks the sizes (throws aecluster::Error) and draws inside `outer`, margins at least `at_least`.
Axes draw_line_chart(Canvas& canvas, const Rect& outer, const LineChart& chart, const Style& style,
                     const Margins& at_least = {});

// The spec draw_line_chart lays its axes out with (for aligning panels with Axes::margins).
AxesSpec line_chart_spec(const LineChart& chart);

}  // namespace vgg7::report
