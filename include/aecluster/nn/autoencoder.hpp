#pragma once
// Autoencoder<Arch, Device>: an encoder and a decoder (Sequential stacks from the Arch) whose
// parameters live in one flat buffer (ParameterStore), in PyTorch's state_dict order, so that
// an optimiser updates them in a single pass and a checkpoint is a list of views into it.
#include <aecluster/backend.hpp>
#include <aecluster/error.hpp>
#include <aecluster/nn/archs.hpp>
#include <aecluster/nn/parameter_store.hpp>
#include <aecluster/nn/sequential.hpp>
#include <aecluster/tensor.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace aecluster {

template <class Arch, Backend Dev>
class Autoencoder : public StoredModel<Dev> {
  using Base = StoredModel<Dev>;
  using Base::ctx_;
  using Base::store_;

 public:
  using Device = Dev;
  using Context = typename Device::Context;
  using T = typename Device::scalar;
  using Input = typename Arch::input;
  using Encoder = SequentialOf<Device, Input, typename Arch::encoder>;
  using Latent = typename Encoder::Output;
  using Decoder = SequentialOf<Device, Latent, typename Arch::decoder>;
  static_assert(std::is_same_v<typename Decoder::Output, Input>,
                "Autoencoder: the decoder must reconstruct the input's shape");

  static constexpr std::string_view arch_name = Arch::name;
  static constexpr int channels = Input::c;
  static constexpr std::int64_t input_size = Input::size;
  static constexpr std::int64_t latent_size = Latent::size;

  // Lays out and initialises every tensor as PyTorch's default initialisation does, drawing
  // from Rng(seed).
  explicit Autoencoder(Context& ctx, std::uint64_t seed = 0) : Base(ctx) {
    store_.layout(encoder_, "encoder.");
    store_.layout(decoder_, "decoder.");
    store_.allocate();
    store_.bind(encoder_, "encoder.");
    store_.bind(decoder_, "decoder.");
    initialize(seed);
  }
  Autoencoder(const Autoencoder&) = delete;
  Autoencoder& operator=(const Autoencoder&) = delete;

  void initialize(std::uint64_t seed) {
    store_.initialize(ctx_, seed, std::pair{&encoder_, std::string("encoder.")},
                      std::pair{&decoder_, std::string("decoder.")});
  }

  [[nodiscard]] Encoder& encoder() { return encoder_; }
  [[nodiscard]] Decoder& decoder() { return decoder_; }

  void train() { mode_ = Mode::train; }
  void eval() { mode_ = Mode::eval; }
  [[nodiscard]] Mode mode() const { return mode_; }

  // Sizes all activations for batches of up to n images (allocation happens here, not in steps).
  void reserve(int n) {
    encoder_.reserve(ctx_, n);
    decoder_.reserve(ctx_, n);
    grad_out_.resize(std::int64_t{n} * input_size);
  }

  // x: n images (device memory, NCHW, preprocessed). Returns the latents (n, latent_size),
  // valid until the next call.
  const T* encode(const T* x, int n) { return encoder_.forward(ctx_, x, n, mode_); }
  const T* decode(const T* z, int n) { return decoder_.forward(ctx_, z, n, mode_); }
  // Returns the reconstructions (n, input_size). x must stay unchanged until backward().
  const T* forward(const T* x, int n) { return decoder_.forward(ctx_, encoder_.forward(ctx_, x, n, mode_), n, mode_); }

  // dy: gradient of the reconstructions (may be overwritten). Writes every parameter gradient.
  void backward(T* dy, int n) {
    T* dz = decoder_.backward(ctx_, dy, n, true);
    encoder_.backward(ctx_, dz, n, false);
  }

  // Forward, MSE against the input itself, backward. Returns the loss.
  double forward_backward(const T* x, int n) {
    reserve(n);
    const T* y = forward(x, n);
    const double loss = Device::mse_loss(ctx_, y, x, std::int64_t{n} * input_size, grad_out_.data());
    backward(grad_out_.data(), n);
    return loss;
  }
  // The same against a separate target (a denoising autoencoder: x noisy, target clean).
  double forward_backward(const T* x, const T* target, int n) {
    reserve(n);
    const T* y = forward(x, n);
    const double loss = Device::mse_loss(ctx_, y, target, std::int64_t{n} * input_size, grad_out_.data());
    backward(grad_out_.data(), n);
    return loss;
  }

 private:
  Encoder encoder_;
  Decoder decoder_;
  typename Device::template Buffer<T> grad_out_;
  Mode mode_ = Mode::train;
};

}  // namespace aecluster
