#pragma once
// AnyModel for one Autoencoder<Arch, Device>; included only by the model_<arch>.cpp files that
// CMake generates from the architecture table.
#include "any_model.hpp"
#include "training_run.hpp"

#include <aecluster/cpu/backend.hpp>
#include <aecluster/nn/archs.hpp>
#include <aecluster/nn/autoencoder.hpp>
#include <aecluster/nn/checkpoint.hpp>
#include <aecluster/nn/training.hpp>
#ifdef AECLUSTER_HAVE_CUDA
#include <aecluster/cuda/backend.hpp>
#endif

#include <memory>

namespace vgg7 {

template <class Arch, class Device>
class ModelImpl final : public AnyModel {
 public:
  ModelImpl(typename Device::Context& ctx, std::uint64_t seed) : model_(ctx, seed) {}
  [[nodiscard]] std::string_view arch() const override { return Arch::name; }
  [[nodiscard]] int channels() const override { return Arch::input::c; }

  std::vector<EpochRecord> train(const aecluster::Tensor<std::uint8_t>& images, const TrainRunOptions& options,
                                 const CheckpointCallback& on_checkpoint) override {
    return run_training(model_, images, options, [&](int epoch, auto&, const std::vector<EpochRecord>& history) {
      on_checkpoint(epoch, history);
    });
  }
  aecluster::Tensor<float> encode(const aecluster::Tensor<std::uint8_t>& images, int batch,
                                  aecluster::Mode mode) override {
    return aecluster::encode_images(model_, images, batch, mode);
  }
  aecluster::Tensor<float> reconstruct(const aecluster::Tensor<std::uint8_t>& images, int batch,
                                       aecluster::Mode mode) override {
    return aecluster::reconstruct_images(model_, images, batch, mode);
  }
  double reconstruction_mse(const aecluster::Tensor<std::uint8_t>& images, int batch) override {
    return aecluster::reconstruction_mse(model_, images, batch);
  }
  void load(const aecluster::io::SafeTensors& checkpoint) override { aecluster::load_checkpoint(checkpoint, model_); }
  using AnyModel::load;

 private:
  aecluster::Autoencoder<Arch, Device> model_;
};

// The architecture template A for 1 or 3 channels on Device.
template <template <int> class A, class Device>
std::unique_ptr<AnyModel> make_arch(typename Device::Context& ctx, int channels, std::uint64_t seed) {
  return aecluster::archs::with_channels<A>(channels, [&]<class Arch>() -> std::unique_ptr<AnyModel> {
    return std::make_unique<ModelImpl<Arch, Device>>(ctx, seed);
  });
}

template <template <int> class A>
std::unique_ptr<AnyModel> ArchModels<A>::make(aecluster::cpu::Context& ctx, int channels, std::uint64_t seed) {
  return make_arch<A, aecluster::Cpu>(ctx, channels, seed);
}
#ifdef AECLUSTER_HAVE_CUDA
template <template <int> class A>
std::unique_ptr<AnyModel> ArchModels<A>::make(aecluster::cuda::Context& ctx, int channels, std::uint64_t seed) {
  return make_arch<A, aecluster::Cuda>(ctx, channels, seed);
}
#endif

}  // namespace vgg7
