#pragma once
// A scatter plot of up to hundreds of thousands of 2-D points coloured by integer class:
// small translucent dots drawn in a fixed shuffled order (no class always on top), a legend
// with the class names to the right of the plot.
#include "report/axes.hpp"
#include "report/canvas.hpp"
#include "report/legend.hpp"
#include "report/style.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vgg7::report {

struct ScatterData {
  std::span<const float> xy;             // N x 2, row-major
  std::span<const std::int64_t> labels;  // N classes (negative: unlabelled, grey), or empty: one colour
  std::vector<std::string> class_names;  // name of class k; "class k" where missing
};

struct ScatterOptions {
  std::string title, xlabel, ylabel;
  std::string legend_title = "true label";
  bool legend = true;        // false: the caller draws one legend for several panels (scatter_legend)
  bool equal_aspect = true;  // right for t-SNE and PCA maps
  double dot_radius_pt = 0;  // 0: from the density of points
  double dot_alpha = 0;      // 0: from the number of points
};

// The legend draw_scatter shows: every named class and every label that occurs ("class k" where
// unnamed), "unlabelled" for negative labels; no entries without labels.
Legend scatter_legend(const ScatterData& data, const ScatterOptions& options);

// Checks the sizes (throws aecluster::Error) and draws inside `outer`; returns the axes used.
Axes draw_scatter(Canvas& canvas, const Rect& outer, const ScatterData& data, const ScatterOptions& options,
                  const Style& style);

}  // namespace vgg7::report
