#pragma once
// What `vgg7_cluster run` will do, resolved from its arguments and preset before any work starts:
// the data, the subsets, and for every model its epochs, learning rate and checkpoint epochs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vgg7 {

struct RunArgs {
  std::string data = "fashion-mnist";
  std::string channels = "auto";  // of images:DIR
  std::vector<std::string> archs = {"baseline", "vgg7"};
  std::string preset;  // quick | paper; empty: quick on the CPU, paper on a GPU
  std::optional<int> epochs;
  std::optional<double> lr;
  double weight_decay = 1e-5;
  int batch = 64;
  std::optional<int> clusters;
  int checkpoints = 10;
  std::optional<std::int64_t> train_images;  // subset sizes; 0 = all
  std::optional<std::int64_t> val_images;
  std::uint64_t seed = 0;
  std::string device = "auto";
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
  std::vector<ModelPlan> models;
  std::int64_t train_images = 0;  // 0 = all
  std::int64_t val_images = 0;
};

// Fills in the preset's values for everything the arguments leave open; `on_gpu` picks the
// default preset.
RunPlan make_plan(const RunArgs& args, bool on_gpu);

}  // namespace vgg7
