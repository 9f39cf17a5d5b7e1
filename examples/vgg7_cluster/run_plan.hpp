#pragma once
// What `vgg7_cluster run` will do, resolved from its arguments and preset before any work starts:
// the data, the subsets, and for every model its epochs, learning rate and checkpoint epochs.
#include "cluster_options.hpp"
#include "device_flags.hpp"

#include <aecluster/nn/augmentation.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vgg7 {

struct RunArgs {
  std::string data = "fashion-mnist";
  std::string channels = "auto";                                         // of images:DIR
  std::vector<std::string> archs = {"baseline", "baseline_bn", "vgg7"};  // the report's table, in its order
  std::string preset;  // quick | paper; empty: quick on the CPU, paper on a GPU
  std::optional<int> epochs;
  std::optional<double> lr;
  double weight_decay = 1e-5;
  int batch = 64;
  std::optional<int> clusters;
  std::optional<int> checkpoints;            // per model; default: the preset's
  std::optional<std::int64_t> train_images;  // subset sizes; 0 = all
  std::optional<std::int64_t> val_images;
  std::uint64_t seed = 0;
  std::vector<std::uint64_t> seeds;      // several: every model once per seed; empty = {seed}
  aecluster::AugmentOptions augment{};   // training augmentation (off: the assignment's)
  std::string lr_schedule = "constant";  // constant | cosine | step
  int warmup_epochs = 0;                 // linear learning-rate warm-up over the first epochs
  double output_lr_factor = 1.0;         // the decoder's output layer learns at this multiple of lr
  int restarts = 0;                      // a model stuck at the constant output starts afresh, at most this often
  // The clustering stage's levers. run's default differs from the assignment's (and `cluster`'s)
  // Kernel PCA -> t-SNE -> MiniBatchKMeans: PCA to 50 components -> t-SNE -> Ward, which measured
  // better on held-out Fashion-MNIST latents (docs/quality.md) and costs less.
  ClusterChoice clustering{.reduction = "pca", .components = 50, .method = "ward"};
  std::optional<std::int64_t> predict_images;  // images of the training set in predictions.csv; 0 = all
  bool references = true;                      // also cluster raw pixels and untrained networks (reference_run.hpp)
  bool consensus = false;                      // with several seeds: also a consensus of their clusterings
  std::string device = "auto";
  DeviceFlags flags;  // --deterministic, --tf32
  std::string out = "aecluster-report";
  bool resume = false;
  int threads = 0;
  std::vector<std::string> command_line;  // as typed, for metrics.json
};

struct ModelPlan {
  std::string arch;
  int epochs = 0;
  double lr = 0;
  std::vector<int> checkpoint_epochs;
};

struct RunPlan {
  std::string preset;
  int checkpoints = 0;  // per model, spread over its epochs
  std::vector<ModelPlan> models;
  std::int64_t train_images = 0;  // 0 = all
  std::int64_t val_images = 0;
  std::int64_t predict_images = 0;  // 0 = all
  std::vector<std::uint64_t> seeds;
};

// Fills in the preset's values for everything the arguments leave open; `on_gpu` picks the
// default preset.
RunPlan make_plan(const RunArgs& args, bool on_gpu);

}  // namespace vgg7
