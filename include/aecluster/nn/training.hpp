#pragma once
// Training and inference over a data set of uint8 images: shuffled mini-batches preprocessed
// as the assignment does (x/255*2-1, NHWC -> NCHW), forward, MSE, backward and Adam. Buffers
// are sized once, so a warmed-up epoch does not allocate.
#include <aecluster/data/batches.hpp>
#include <aecluster/data/preprocess.hpp>
#include <aecluster/error.hpp>
#include <aecluster/nn/adam.hpp>
#include <aecluster/nn/augmentation.hpp>
#include <aecluster/nn/layers/layer.hpp>
#include <aecluster/nn/lr_schedule.hpp>
#include <aecluster/nn/parameter_store.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

namespace aecluster {

struct TrainOptions {
  int batch_size = 64;
  AdamSettings adam{.lr = 1e-5, .weight_decay = 1e-5};
  std::uint64_t seed = 0;
  bool shuffle = true;
  std::int64_t limit = 0;    // > 0: train on the first `limit` images only
  AugmentOptions augment{};  // off by default: the assignment trains on the plain images
  LrSchedule schedule{};     // constant by default; adam.lr is the base rate
  // The decoder's output layer learns at this multiple of the rate. Below 1 it keeps Adam's
  // first steps, which move each of an output pixel's thousands of weights by about lr in the
  // same direction, from saturating the output Tanh (docs/quality.md).
  double output_lr_factor = 1.0;
};

// Called after every step with the batches done so far in this epoch, their count, and the
// running mean loss of the epoch.
using StepProgress = std::function<void(std::int64_t done, std::int64_t total, double mean_loss)>;

namespace detail {
template <class Model>
void check_images_fit(const Tensor<std::uint8_t>& images) {
  require(images.rank() == 4 && images.dim(1) == Model::Input::h && images.dim(2) == Model::Input::w &&
              images.dim(3) == Model::channels,
          "images of shape ", images.shape().str(), " do not fit architecture '", Model::arch_name,
          "', which takes (N, ", Model::Input::h, ", ", Model::Input::w, ", ", Model::channels, ")");
  require(images.dim(0) > 0, "the data set is empty");
}
}  // namespace detail

template <class Model>
class Trainer {
 public:
  using Device = typename Model::Device;
  using T = typename Model::T;

  Trainer(Model& model, const TrainOptions& options)
      : model_(model), options_(options), adam_(model.context(), model.parameter_count(), options.adam) {
    require(options.batch_size > 0, "training: batch size must be positive, got ", options.batch_size);
    adam_.set_tail(last_layer_parameter_offset(model.state()), options.output_lr_factor);
  }

  [[nodiscard]] Adam<Device>& optimizer() { return adam_; }
  [[nodiscard]] const TrainOptions& options() const { return options_; }

  // One epoch (0-based index `epoch`, which with the seed fixes the batch order) over `images`
  // (N, 32, 32, C) uint8. Returns the mean training loss over its batches, as PyTorch code
  // usually reports it.
  double train_epoch(const Tensor<std::uint8_t>& images, std::int64_t epoch, const StepProgress& progress = {}) {
    detail::check_images_fit<Model>(images);
    data::Batches batches(images.dim(0), {.batch_size = options_.batch_size,
                                          .shuffle = options_.shuffle,
                                          .seed = options_.seed,
                                          .limit = options_.limit});
    batches.start_epoch(epoch);
    reserve(static_cast<int>(batches.batch_size()));
    model_.train();
    double sum = 0;
    for (std::int64_t b = 0; b < batches.batch_count(); ++b) {
      const auto idx = batches.batch(b);
      const int n = static_cast<int>(idx.size());
      data::to_input(images, idx, host_.data(), &model_.context().pool());
      const std::int64_t count = std::int64_t{n} * Model::input_size;
      const bool denoise = options_.augment.separate_target();
      if (options_.augment.active())
        augment_batch(
            std::span<float>(host_.data(), static_cast<std::size_t>(count)), n, Model::channels, Model::Input::h,
            Model::Input::w, options_.augment, options_.seed, epoch, b,
            denoise ? std::span<float>(target_host_.data(), static_cast<std::size_t>(count)) : std::span<float>{});
      Device::upload(model_.context(), host_.data(), input_.data(), count);
      if (denoise) Device::upload(model_.context(), target_host_.data(), target_.data(), count);
      adam_.set_learning_rate(options_.adam.lr * options_.schedule.factor(epoch, b, batches.batch_count()));
      const double loss = denoise ? model_.forward_backward(input_.data(), target_.data(), n)
                                  : model_.forward_backward(input_.data(), n);
      require(std::isfinite(loss), "training diverged: the loss of epoch ", epoch + 1, ", batch ", b + 1, " is ", loss,
              " (try a lower learning rate)");
      adam_.step(model_.parameters(), model_.gradients());
      sum += loss;
      if (progress) progress(b + 1, batches.batch_count(), sum / double(b + 1));
    }
    return sum / double(batches.batch_count());
  }

 private:
  void reserve(int n) {
    host_.resize(static_cast<std::size_t>(n * Model::input_size));
    input_.resize(std::int64_t{n} * Model::input_size);
    if (options_.augment.separate_target()) {
      target_host_.resize(static_cast<std::size_t>(n * Model::input_size));
      target_.resize(std::int64_t{n} * Model::input_size);
    }
    model_.reserve(n);
  }

  Model& model_;
  TrainOptions options_;
  Adam<Device> adam_;
  std::vector<float> host_, target_host_;
  typename Device::template Buffer<T> input_, target_;
};

// The trainer for a model: Trainer, unless its backend provides its own (cuda/device_trainer.hpp:
// the CUDA backend's, with the data set on the device). Programs that train on either backend
// name trainer_for<Model> and include the backend's header.
template <class Model, class = void>
struct TrainerFor {
  using type = Trainer<Model>;
};
template <class Model>
using trainer_for = typename TrainerFor<Model>::type;

// Runs the model (in evaluation mode unless told otherwise) over all images in order, batch by batch, and calls
// sink(first, n, latents, reconstructions) with host copies of each batch's outputs (either
// may be skipped by passing want_* = false). Returns the mean reconstruction MSE over all images;
// with want_mse = false and no reconstructions wanted the decoder does not run (NaN returned).
template <class Model, class Sink>
double evaluate(Model& model, const Tensor<std::uint8_t>& images, int batch_size, bool want_latents,
                bool want_reconstructions, Sink&& sink, Mode mode = Mode::eval, bool want_mse = true) {
  using Device = typename Model::Device;
  using T = typename Model::T;
  detail::check_images_fit<Model>(images);
  require(batch_size > 0, "evaluation: batch size must be positive");
  const Mode previous = model.mode();
  if (mode == Mode::eval)
    model.eval();
  else
    model.train();
  const std::int64_t N = images.dim(0);
  const int b = static_cast<int>(std::min<std::int64_t>(batch_size, N));
  std::vector<float> host(static_cast<std::size_t>(b * Model::input_size));
  std::vector<float> latents(want_latents ? static_cast<std::size_t>(b * Model::latent_size) : 0);
  const bool decode = want_reconstructions || want_mse;
  std::vector<float> recon(decode ? static_cast<std::size_t>(b * Model::input_size) : 0);
  typename Device::template Buffer<T> input;
  input.resize(std::int64_t{b} * Model::input_size);
  model.reserve(b);
  double total = 0;
  for (std::int64_t first = 0; first < N; first += b) {
    const int n = static_cast<int>(std::min<std::int64_t>(b, N - first));
    data::to_input(images, first, n, host.data(), &model.context().pool());
    Device::upload(model.context(), host.data(), input.data(), std::int64_t{n} * Model::input_size);
    const T* z = model.encode(input.data(), n);
    if (want_latents) Device::download(model.context(), z, latents.data(), std::int64_t{n} * Model::latent_size);
    if (!decode) {
      sink(first, n, std::span<const float>(latents.data(), want_latents ? std::size_t(n * Model::latent_size) : 0),
           std::span<const float>());
      continue;
    }
    const T* y = model.decode(z, n);
    Device::download(model.context(), y, recon.data(), std::int64_t{n} * Model::input_size);
    for (std::int64_t i = 0; i < std::int64_t{n} * Model::input_size; ++i) {
      const double d = double(recon[i]) - double(host[i]);
      total += d * d;
    }
    sink(first, n, std::span<const float>(latents.data(), want_latents ? std::size_t(n * Model::latent_size) : 0),
         std::span<const float>(recon.data(), want_reconstructions ? std::size_t(n * Model::input_size) : 0));
  }
  if (previous == Mode::train)
    model.train();
  else
    model.eval();
  return decode ? total / (double(N) * Model::input_size) : std::numeric_limits<double>::quiet_NaN();
}

// The latents of all images, (N, latent_size) in PyTorch's flattened NCHW order. In training
// mode BatchNorm uses each batch's statistics (and updates the running ones).
template <class Model>
Tensor<float> encode_images(Model& model, const Tensor<std::uint8_t>& images, int batch_size = 256,
                            Mode mode = Mode::eval) {
  Tensor<float> out({images.dim(0), Model::latent_size});
  evaluate(
      model, images, batch_size, true, false,
      [&](std::int64_t first, int, std::span<const float> z, std::span<const float>) {
        std::ranges::copy(z, out.data() + first * Model::latent_size);
      },
      mode, /*want_mse=*/false);  // the encoder only
  return out;
}

// The reconstructions of all images, (N, C, 32, 32) float in [-1, 1].
template <class Model>
Tensor<float> reconstruct_images(Model& model, const Tensor<std::uint8_t>& images, int batch_size = 256,
                                 Mode mode = Mode::eval) {
  Tensor<float> out({images.dim(0), Model::channels, Model::Input::h, Model::Input::w});
  evaluate(
      model, images, batch_size, false, true,
      [&](std::int64_t first, int, std::span<const float>, std::span<const float> y) {
        std::ranges::copy(y, out.data() + first * Model::input_size);
      },
      mode);
  return out;
}

// Mean squared reconstruction error over all images (evaluation mode).
template <class Model>
double reconstruction_mse(Model& model, const Tensor<std::uint8_t>& images, int batch_size = 256) {
  return evaluate(model, images, batch_size, false, false, [](auto...) {});
}

// The least mean squared error a constant output can reach on these images: the per-pixel
// variance (in the network's [-1, 1] scale), averaged over the pixels. An autoencoder whose
// reconstruction error is not below it has learned nothing that the average image would not
// give, e.g. one whose output Tanh saturated early in training and never recovered.
inline double constant_output_mse(const Tensor<std::uint8_t>& images) {
  require(images.rank() == 4 && images.dim(0) > 0, "constant_output_mse: expected (N, H, W, C) images, got ",
          images.shape().str());
  const std::int64_t n = images.dim(0), pixels = images.numel() / n;
  std::vector<double> sum(static_cast<std::size_t>(pixels)), sum2(static_cast<std::size_t>(pixels));
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t p = 0; p < pixels; ++p) {
      const double v = data::pixel_to_input(images[i * pixels + p]);
      sum[static_cast<std::size_t>(p)] += v;
      sum2[static_cast<std::size_t>(p)] += v * v;
    }
  double total = 0;
  for (std::size_t p = 0; p < sum.size(); ++p) {
    const double mean = sum[p] / static_cast<double>(n);
    total += std::max(sum2[p] / static_cast<double>(n) - mean * mean, 0.0);
  }
  return total / static_cast<double>(pixels);
}

}  // namespace aecluster
