// Test-only: trains a checkpoint's model on the images of a .npy in order (no shuffling), in
// float32 or float64, and writes the resulting state_dict, so that the Python cross-check can
// compare a training run with PyTorch's in the same precision. In float64 the comparison is
// exact to ~1e-12: float32 runs can legitimately part ways when an activation falls within
// rounding of a ReLU kink, float64 runs practically never do.
// Usage: train_probe CHECKPOINT IMAGES.npy OUT.safetensors BATCH LR WEIGHT_DECAY f32|f64
//        [gradients | output-lr=FACTOR]
// With `gradients`, OUT holds the parameter gradients of the first batch instead (no step); with
// `output-lr=FACTOR` the output layer steps at FACTOR x LR (TrainOptions::output_lr_factor).
#include <aecluster/cpu/backend.hpp>
#include <aecluster/data/preprocess.hpp>
#include <aecluster/nn/archs.hpp>
#include <aecluster/nn/autoencoder.hpp>
#include <aecluster/nn/checkpoint.hpp>
#include <aecluster/nn/checkpoint_summary.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "inference.hpp"

template <class Device>
void train(const aecluster::io::SafeTensors& st, const aecluster::CheckpointSummary& summary,
           const aecluster::Tensor<std::uint8_t>& images, const char* out, int batch, double lr, double wd,
           bool gradients_only, double output_lr_factor) {
  using T = typename Device::scalar;
  typename Device::Context ctx(2);
  aecluster::archs::dispatch(summary.arch, summary.channels, [&]<class Arch>() {
    aecluster::Autoencoder<Arch, Device> model(ctx);
    aecluster::load_checkpoint(st, model);
    aecluster::Adam<Device> adam(ctx, model.parameter_count(), {.lr = lr, .weight_decay = wd});
    adam.set_tail(aecluster::last_layer_parameter_offset(model.state()), output_lr_factor);
    model.train();
    const int N = static_cast<int>(images.dim(0));
    std::vector<float> xf(static_cast<std::size_t>(batch * model.input_size));
    std::vector<T> x(xf.size());
    for (int first = 0; first < N; first += batch) {
      const int n = std::min(batch, N - first);
      aecluster::data::to_input(images, first, n, xf.data());
      std::copy(xf.begin(), xf.end(), x.begin());
      model.forward_backward(x.data(), n);
      if (gradients_only) {
        aecluster::io::SafeTensors grads;
        for (const auto& e : model.state())
          if (e.kind == aecluster::TensorSpec::Kind::parameter)
            grads.add(e.name, model.gradients() + e.offset, e.shape);
        aecluster::io::write_safetensors(out, grads);
        return;
      }
      adam.step(model.parameters(), model.gradients());
    }
    aecluster::save_checkpoint(out, model);
  });
}

int main(int argc, char** argv) {
  if (argc != 8 && argc != 9) {
    std::fprintf(stderr,
                 "usage: %s CHECKPOINT IMAGES.npy OUT.safetensors BATCH LR WEIGHT_DECAY f32|f64 "
                 "[gradients | output-lr=FACTOR]\n",
                 argv[0]);
    return 2;
  }
  try {
    const auto st = aecluster::io::read_safetensors(argv[1]);
    const auto summary = aecluster::inspect_checkpoint(st);
    const auto images = vgg7::load_images_npy(argv[2]);
    const int batch = std::stoi(argv[4]);
    const double lr = std::stod(argv[5]), wd = std::stod(argv[6]);
    const std::string extra = argc == 9 ? argv[8] : "";
    const bool gradients_only = extra == "gradients";
    const double output_lr_factor = extra.starts_with("output-lr=") ? std::stod(extra.substr(10)) : 1.0;
    if (std::string(argv[7]) == "f64")
      train<aecluster::CpuF64>(st, summary, images, argv[3], batch, lr, wd, gradients_only, output_lr_factor);
    else
      train<aecluster::Cpu>(st, summary, images, argv[3], batch, lr, wd, gradients_only, output_lr_factor);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
