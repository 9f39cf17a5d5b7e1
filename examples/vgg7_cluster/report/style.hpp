#pragma once
// Sizes of the figures in typographic points, turned into pixels at the figure's resolution,
// so that a figure rendered at another dpi keeps its proportions (as in matplotlib).
namespace vgg7::report {

struct Style {
  double dpi = 150;
  double title_pt = 12;
  double label_pt = 10.5;
  double tick_pt = 9.5;
  double legend_pt = 9.5;
  double suptitle_pt = 14;
  double line_pt = 1.6;
  double marker_pt = 5.5;
  double spine_pt = 0.8;
  double grid_pt = 0.6;
  double tick_length_pt = 3.5;

  [[nodiscard]] double px(double points) const { return points * dpi / 72.0; }
};

}  // namespace vgg7::report
