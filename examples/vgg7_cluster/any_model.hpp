#pragma once
// One architecture on one backend behind a small interface. The subcommands are then ordinary
// code, and each architecture's templates are compiled once, in a file of its own
// (model_<arch>.cpp, generated from the architecture table), instead of once per subcommand.
#include "training_run.hpp"

#include <aecluster/io/safetensors.hpp>
#include <aecluster/nn/layers/layer.hpp>
#include <aecluster/tensor.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace aecluster::cpu {
class Context;
}
namespace aecluster::cuda {
class Context;
}

namespace vgg7 {

// Called after every checkpoint a training run saves, with the epoch and the history so far.
using CheckpointCallback = std::function<void(int epoch, const std::vector<EpochRecord>& history)>;

class AnyModel {
 public:
  virtual ~AnyModel() = default;
  [[nodiscard]] virtual std::string_view arch() const = 0;
  [[nodiscard]] virtual int channels() const = 0;

  // See training_run.hpp's run_training.
  virtual std::vector<EpochRecord> train(const aecluster::Tensor<std::uint8_t>& images, const TrainRunOptions& options,
                                         const CheckpointCallback& on_checkpoint) = 0;
  // See training.hpp: latents (N, 4096), reconstructions (N, C, 32, 32), the mean squared
  // reconstruction error; evaluation mode unless told otherwise.
  virtual aecluster::Tensor<float> encode(const aecluster::Tensor<std::uint8_t>& images, int batch,
                                          aecluster::Mode mode = aecluster::Mode::eval) = 0;
  virtual aecluster::Tensor<float> reconstruct(const aecluster::Tensor<std::uint8_t>& images, int batch,
                                               aecluster::Mode mode = aecluster::Mode::eval) = 0;
  virtual double reconstruction_mse(const aecluster::Tensor<std::uint8_t>& images, int batch = 256) = 0;
  // Loads weights (PyTorch state_dict keys), checked as load_state_dict(strict=True) does.
  virtual void load(const aecluster::io::SafeTensors& checkpoint) = 0;
  void load(const std::filesystem::path& checkpoint) { load(aecluster::io::read_safetensors(checkpoint)); }
};

// The model named `arch` (one of architecture_names()) for `channels` input channels
// (1 or 3), initialised from `seed`, on the backend Device (aecluster::Cpu or, in builds with
// the CUDA backend, aecluster::Cuda).
template <class Device>
std::unique_ptr<AnyModel> make_model(typename Device::Context& ctx, std::string_view arch, int channels,
                                     std::uint64_t seed);

// The architectures' names, in the order of the table (aecluster/archs.hpp), for the command
// line's choices; and "baseline, baseline_bn or vgg7" for its help.
std::vector<std::string> architecture_names();
std::string architecture_list();

// The models of the architecture template A (aecluster/archs.hpp) on each backend, defined in
// model_impl.hpp and compiled once per architecture, in the model_<arch>.cpp that CMake
// generates from the architecture table. The CUDA one exists in builds with the CUDA backend.
template <template <int> class A>
struct ArchModels {
  static std::unique_ptr<AnyModel> make(aecluster::cpu::Context& ctx, int channels, std::uint64_t seed);
  static std::unique_ptr<AnyModel> make(aecluster::cuda::Context& ctx, int channels, std::uint64_t seed);
};

}  // namespace vgg7
