#pragma once
// The report's three figures, each written atomically as a PNG:
//   embedding_<arch>.png  (Q1) validation images in 2-D coloured by true label;
//   reconstructions.png   (Q2) training images above each model's reconstructions;
//   checkpoints.png       (Q3) training MSE and validation accuracy against the epoch.
// All throw aecluster::Error (naming the figure) on inconsistent input or a failed write.
#include "report/image_grid.hpp"
#include "report/style.hpp"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace vgg7::report {

struct EmbeddingPanel {
  std::string title;                     // e.g. "vgg7: t-SNE of the validation latents"
  std::span<const float> points;         // N x 2, row-major (a view: keep the data alive for the call)
  std::span<const std::int64_t> labels;  // N true labels, or empty (one colour, no legend)
  std::vector<std::string> class_names;  // legend names of classes 0, 1, ...
};

// One panel per entry, side by side (7 x 6 in each at 150 dpi).
void write_embedding_png(const std::filesystem::path& path, const std::vector<EmbeddingPanel>& panels,
                         const std::string& title = {}, const Style& style = {});

struct CurveSeries {
  std::string model;             // legend label, e.g. "baseline"
  std::vector<double> epoch;     // per checkpoint
  std::vector<double> mse;       // training reconstruction MSE per checkpoint
  std::vector<double> accuracy;  // validation clustering accuracy in [0, 1] per checkpoint (NaN: not measured)
};

// Two stacked panels sharing the epoch axis: MSE above, accuracy below; one line per model.
void write_checkpoints_png(const std::filesystem::path& path, const std::vector<CurveSeries>& series,
                           const std::string& title = {}, const Style& style = {});

// Rows of images, the originals first, e.g. {"original", ...}, {"baseline", ...}, {"vgg7", ...};
// column labels default to "#1", "#2", ...
void write_reconstructions_png(const std::filesystem::path& path, const std::vector<ImageRow>& rows,
                               const std::vector<std::string>& column_labels = {}, const std::string& title = {},
                               const Style& style = {});

}  // namespace vgg7::report
