// Checkpoints: inspect_checkpoint, load_checkpoint into a model and load_optimizer, the three
// entry points that read a checkpoint or its optimiser file. The model is a tiny autoencoder
// with every kind of state (parameters, BatchNorm buffers and the num_batches_tracked counter)
// so that seeds stay a few kilobytes; the checks it runs are the same for every architecture.
// Input: the model file, fuzz::separator, the optimiser file.
#include <aecluster/cpu/backend.hpp>
#include <aecluster/nn/adam.hpp>
#include <aecluster/nn/autoencoder.hpp>
#include <aecluster/nn/checkpoint.hpp>
#include <aecluster/nn/checkpoint_summary.hpp>

#include "fuzz_util.hpp"

namespace {
struct tiny {
  static constexpr std::string_view name = "baseline_bn";
  using input = aecluster::Shape3<1, 4, 4>;
  using encoder = aecluster::Layers<aecluster::Conv2d<1, 2, 3, 1, 1>, aecluster::BatchNorm2d<2>, aecluster::ReLU,
                                    aecluster::MaxPool2d<2>>;
  using decoder = aecluster::Layers<aecluster::ConvTranspose2d<2, 1, 3>, aecluster::Tanh>;
};
using Model = aecluster::Autoencoder<tiny, aecluster::Cpu>;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aecluster;
  static Cpu::Context ctx(1);
  static Model model(ctx, 0);
  static Adam<Cpu> adam(ctx, model.parameter_count(), {.lr = 1e-3});
  const auto parts = fuzz::split(data, size, 2);
  const auto dir = fuzz::fresh_scratch();
  fuzz::expect_ok_or_error("model.safetensors", [&] {
    const auto st = io::parse_safetensors("model.safetensors", parts[0]);
    fuzz::expect_ok_or_error("model.safetensors", [&] { (void)inspect_checkpoint(st); });
    load_checkpoint(st, model);
  });
  if (parts.size() > 1) {
    fuzz::write(dir / "model.adam.safetensors", parts[1]);
    fuzz::expect_ok_or_error("model.adam.safetensors",
                             [&] { (void)load_optimizer(dir / "model.adam.safetensors", model, adam); });
  }
  return 0;
}
