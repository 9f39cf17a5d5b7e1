#pragma once
// One chart's frame: the plot area inside margins computed from the label sizes, data-to-pixel
// mapping, grid lines, spines, outward ticks with labels, axis labels and title.
#include "report/canvas.hpp"
#include "report/style.hpp"
#include "report/ticks.hpp"

#include <string>

namespace vgg7::report {

struct Axis {
  std::string label;
  double lo = 0, hi = 1;  // the data range shown (see padded_range)
  bool integer = false;   // whole-number ticks only
  bool tick_labels = true;
};

struct AxesSpec {
  std::string title;
  Axis x, y;
  bool equal_aspect = false;  // one data unit is as long on both axes (t-SNE maps): the range grows to fit
};

struct Margins {
  double left = 0, top = 0, right = 0, bottom = 0;
};
Margins max(const Margins& a, const Margins& b);

class Axes {
 public:
  // Lays out the axes inside `outer`; margins are at least `at_least`, which lets stacked or
  // side-by-side panels line their plot areas up (see margins()).
  Axes(const Rect& outer, const AxesSpec& spec, const Style& style, const Margins& at_least = {});

  // The margins the labels of `spec` need inside `outer`.
  static Margins margins(const Rect& outer, const AxesSpec& spec, const Style& style);

  [[nodiscard]] const Rect& plot() const { return plot_; }
  [[nodiscard]] const AxesSpec& spec() const { return spec_; }
  [[nodiscard]] Point to_pixel(double x, double y) const;

  void draw_background(Canvas& canvas) const;  // grid lines, before the data
  void draw_frame(Canvas& canvas) const;       // spines, ticks, labels and title, after the data

 private:
  void layout(const Rect& outer, const Margins& at_least);

  AxesSpec spec_;
  Style style_;
  Rect plot_;
  Ticks xticks_, yticks_;
};

}  // namespace vgg7::report
