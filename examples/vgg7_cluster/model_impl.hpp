#pragma once
// AnyModel for one Autoencoder<Arch, Device>; included only by the model_<arch>.cpp files.
#include "any_model.hpp"
#include "training_run.hpp"

#include <aecluster/autoencoder.hpp>
#include <aecluster/checkpoint.hpp>
#include <aecluster/cpu/backend.hpp>
#include <aecluster/training.hpp>
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
    return run_training(model_, images, options,
                        [&](int epoch, auto&, const std::vector<EpochRecord>& history) { on_checkpoint(epoch, history); });
  }
  aecluster::Tensor<float> encode(const aecluster::Tensor<std::uint8_t>& images, int batch, aecluster::Mode mode) override {
    return aecluster::encode_images(model_, images, batch, mode);
  }
  aecluster::Tensor<float> reconstruct(const aecluster::Tensor<std::uint8_t>& images, int batch, aecluster::Mode mode) override {
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

// make_<arch>: the architecture template A for 1 or 3 channels.
template <template <int> class A, class Device>
std::unique_ptr<AnyModel> make_arch(typename Device::Context& ctx, int channels, std::uint64_t seed) {
  if (channels == 1) return std::make_unique<ModelImpl<A<1>, Device>>(ctx, seed);
  if (channels == 3) return std::make_unique<ModelImpl<A<3>, Device>>(ctx, seed);
  aecluster::fail("architecture ", A<1>::name, ": input channels must be 1 or 3, got ", channels);
}

}  // namespace vgg7
