#pragma once
// Rows of small images (uint8, NHWC, grey or RGB) enlarged by pixel repetition, with a label
// left of each row and above each column: originals above their reconstructions.
#include "report/canvas.hpp"
#include "report/style.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vgg7::report {

struct ImageRow {
  std::string label;
  std::vector<std::uint8_t> nhwc;  // count x height x width x channels
  int count = 0, height = 0, width = 0, channels = 1;
};

// From uint8 NHWC (the data sets' layout).
ImageRow image_row(std::string label, std::span<const std::uint8_t> nhwc, int count, int height, int width,
                   int channels);
// From float NCHW with values in [lo, hi] (a decoder's output: [-1, 1] after tanh), clamped
// and rounded to uint8.
ImageRow image_row_from_nchw(std::string label, std::span<const float> nchw, int count, int channels, int height,
                             int width, float lo = -1, float hi = 1);

struct ImageGridOptions {
  std::string title;
  std::vector<std::string> column_labels;  // "#1", "#2", ... where missing
  int scale = 0;                           // pixel repetition; 0: about 1 in per image
};

// A canvas just large enough for the grid; throws aecluster::Error on inconsistent rows.
Canvas render_image_grid(const std::vector<ImageRow>& rows, const ImageGridOptions& options, const Style& style);

}  // namespace vgg7::report
