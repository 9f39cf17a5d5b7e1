#pragma once
// Shared by `encode` and `reconstruct`: a checkpoint and a .npy of uint8 images in, the model
// built to match the checkpoint (architecture and input channels follow it).
#include "any_model.hpp"
#include "device.hpp"

#include <aecluster/io/npy.hpp>
#include <aecluster/nn/checkpoint.hpp>
#include <aecluster/nn/checkpoint_summary.hpp>

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

namespace vgg7 {

struct InferenceArgs {
  std::string arch;  // empty: as the checkpoint says
  std::string checkpoint;
  std::string input;
  std::string output;
  int batch = 256;
  int threads = 0;
  std::string mode = "eval";
  std::string device = "cpu";

  [[nodiscard]] aecluster::Mode run_mode() const {
    return mode == "train" ? aecluster::Mode::train : aecluster::Mode::eval;
  }
};

// Images as (N, H, W, C) uint8; a (N, H, W) array is taken as grey.
inline aecluster::Tensor<std::uint8_t> load_images_npy(const std::filesystem::path& path) {
  auto a = aecluster::io::read_npy(path);
  aecluster::require(a.dtype == aecluster::io::DType::u8, path.string(), ": images must be uint8 (0..255), got ",
                     aecluster::io::dtype_name(a.dtype));
  aecluster::require(a.shape.rank() == 3 || a.shape.rank() == 4, path.string(),
                     ": images must be (N, 32, 32, C) or (N, 32, 32), got ", a.shape.str());
  if (a.shape.rank() == 3) a.shape = aecluster::Shape{a.shape[0], a.shape[1], a.shape[2], 1};
  aecluster::require(a.shape[0] > 0, path.string(), ": no images (shape ", a.shape.str(), ")");
  aecluster::require(a.shape[1] == 32 && a.shape[2] == 32, path.string(), ": images must be 32x32, got ", a.shape[1],
                     "x", a.shape[2]);
  aecluster::require(a.shape[3] == 1 || a.shape[3] == 3, path.string(), ": images must have 1 or 3 channels, got ",
                     a.shape[3]);
  return a.to<std::uint8_t>();
}

// Calls f(model, images) with the model (an AnyModel) loaded from the checkpoint, on the
// backend Device.
template <class Device, class F>
void with_checkpoint_model(const InferenceArgs& a, typename Device::Context& ctx, F&& f) {
  const auto st = aecluster::io::read_safetensors(a.checkpoint);
  const auto summary = aecluster::inspect_checkpoint(st);
  aecluster::require(a.arch.empty() || a.arch == summary.arch, a.checkpoint, ": holds a '", summary.arch,
                     "' model, but --arch is '", a.arch, "'");
  const auto images = load_images_npy(a.input);
  aecluster::require(images.dim(3) == summary.channels, a.input, ": images have ", images.dim(3),
                     " channel(s), the checkpoint's model takes ", summary.channels);
  const auto model = make_model<Device>(ctx, summary.arch, summary.channels, 0);
  model->load(st);
  f(*model, images);
}

inline void add_inference_options(CLI::App* cmd, InferenceArgs& a) {
  cmd->add_option("--arch", a.arch, "Architecture (default: as the checkpoint says)")
      ->check(CLI::IsMember(architecture_names()));
  cmd->add_option("--checkpoint", a.checkpoint, "Model checkpoint (.safetensors)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--input", a.input, "Images, uint8 .npy of shape (N, 32, 32, C) or (N, 32, 32)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--output", a.output, "Output .npy")->required();
  cmd->add_option("--batch", a.batch, "Images per batch")->check(CLI::PositiveNumber);
  cmd->add_option("--threads", a.threads, "CPU threads (0 = all cores)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--mode", a.mode, "eval: BatchNorm uses running statistics; train: each batch's own statistics")
      ->check(CLI::IsMember({"eval", "train"}))
      ->capture_default_str();
  add_device_option(cmd, a.device);
}

}  // namespace vgg7
