#pragma once
// Autoencoder<Arch, Device>: an encoder and a decoder (Sequential stacks from the Arch) whose
// parameters live in one flat buffer, in PyTorch's state_dict order, so that an optimiser
// updates them in a single pass and a checkpoint is a list of views into it.
#include <aecluster/archs.hpp>
#include <aecluster/backend.hpp>
#include <aecluster/error.hpp>
#include <aecluster/layers/layer.hpp>
#include <aecluster/random.hpp>
#include <aecluster/sequential.hpp>
#include <aecluster/tensor.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace aecluster {

// One named tensor of the model, in PyTorch's state_dict order. `offset` indexes the flat
// parameter buffer, the flat buffer of float buffers, or the counters, according to kind.
struct StateEntry {
  std::string name;
  TensorSpec::Kind kind;
  Shape shape;
  std::int64_t offset;
  std::int64_t numel;
};

template <class Arch, Backend Device>
class Autoencoder {
 public:
  using Context = typename Device::Context;
  using T = typename Device::scalar;
  using Input = typename Arch::input;
  using Encoder = SequentialOf<Device, Input, typename Arch::encoder>;
  using Latent = typename Encoder::Output;
  using Decoder = SequentialOf<Device, Latent, typename Arch::decoder>;
  static_assert(std::is_same_v<typename Decoder::Output, Input>, "Autoencoder: the decoder must reconstruct the input's shape");

  static constexpr std::string_view arch_name = Arch::name;
  static constexpr int channels = Input::c;
  static constexpr std::int64_t input_size = Input::size;
  static constexpr std::int64_t latent_size = Latent::size;

  // Lays out and initialises every tensor as PyTorch's default initialisation does, drawing
  // from Rng(seed).
  explicit Autoencoder(Context& ctx, std::uint64_t seed = 0) : ctx_(ctx) {
    layout(encoder_, "encoder.");
    layout(decoder_, "decoder.");
    params_.resize(param_count_);
    grads_.resize(param_count_);
    buffers_.resize(buffer_count_);
    counters_.assign(static_cast<std::size_t>(counter_count_), 0);
    bind(encoder_, "encoder.");
    bind(decoder_, "decoder.");
    initialize(seed);
  }
  Autoencoder(const Autoencoder&) = delete;
  Autoencoder& operator=(const Autoencoder&) = delete;

  void initialize(std::uint64_t seed) {
    Rng rng(seed);
    std::vector<T> host_params(static_cast<std::size_t>(param_count_));
    std::vector<T> host_buffers(static_cast<std::size_t>(buffer_count_));
    std::size_t entry = 0;
    auto init_stack = [&](auto& stack) {
      stack.for_each_layer([&]<std::size_t I>(auto&) {
        using S = typename std::remove_reference_t<decltype(stack)>::template Spec<I>;
        std::array<std::span<T>, S::tensors.size()> views{};
        for (std::size_t t = 0; t < S::tensors.size(); ++t, ++entry) {
          const auto& e = state_[entry];
          if (e.kind == TensorSpec::Kind::parameter) views[t] = {host_params.data() + e.offset, static_cast<std::size_t>(e.numel)};
          if (e.kind == TensorSpec::Kind::buffer) views[t] = {host_buffers.data() + e.offset, static_cast<std::size_t>(e.numel)};
        }
        if constexpr (S::tensors.size() > 0) S::init(rng, views);
      });
    };
    init_stack(encoder_);
    init_stack(decoder_);
    Device::upload(ctx_, host_params.data(), params_.data(), param_count_);
    Device::upload(ctx_, host_buffers.data(), buffers_.data(), buffer_count_);
    std::ranges::fill(counters_, 0);
  }

  // Every tensor, named as in PyTorch's state_dict.
  [[nodiscard]] const std::vector<StateEntry>& state() const { return state_; }
  [[nodiscard]] std::int64_t parameter_count() const { return param_count_; }
  [[nodiscard]] std::int64_t buffer_count() const { return buffer_count_; }
  [[nodiscard]] T* parameters() { return params_.data(); }
  [[nodiscard]] T* gradients() { return grads_.data(); }
  [[nodiscard]] T* buffers() { return buffers_.data(); }
  [[nodiscard]] std::span<std::int64_t> counters() { return counters_; }
  [[nodiscard]] Context& context() { return ctx_; }
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

 private:
  template <class Stack>
  void layout(Stack& stack, const std::string& prefix) {
    stack.for_each_layer([&]<std::size_t I>(auto&) {
      using S = typename Stack::template Spec<I>;
      for (const auto& t : S::tensors) {
        Shape shape;
        for (int d = 0; d < t.rank; ++d) shape.push_back(t.dims[d]);
        std::int64_t* next = t.kind == TensorSpec::Kind::parameter ? &param_count_
                             : t.kind == TensorSpec::Kind::buffer  ? &buffer_count_
                                                                   : &counter_count_;
        const std::int64_t numel = t.kind == TensorSpec::Kind::counter ? 1 : t.numel();
        state_.push_back({prefix + std::to_string(I) + "." + t.name, t.kind, shape, *next, numel});
        *next += numel;
      }
    });
  }

  template <class Stack>
  void bind(Stack& stack, const std::string& prefix) {
    std::size_t entry = 0;
    while (entry < state_.size() && !state_[entry].name.starts_with(prefix)) ++entry;
    stack.for_each_layer([&]<std::size_t I>(auto& layer) {
      using S = typename Stack::template Spec<I>;
      LayerBinding<T> b;
      for (std::size_t t = 0; t < S::tensors.size(); ++t, ++entry) {
        const auto& e = state_[entry];
        if (e.kind == TensorSpec::Kind::parameter) {
          b.tensor[t] = params_.data() + e.offset;
          b.grad[t] = grads_.data() + e.offset;
        } else if (e.kind == TensorSpec::Kind::buffer) {
          b.tensor[t] = buffers_.data() + e.offset;
        } else {
          b.counter[t] = counters_.data() + e.offset;
        }
      }
      layer.bind(b);
    });
  }

  Context& ctx_;
  Encoder encoder_;
  Decoder decoder_;
  std::vector<StateEntry> state_;
  std::int64_t param_count_ = 0, buffer_count_ = 0, counter_count_ = 0;
  typename Device::template Buffer<T> params_, grads_, buffers_, grad_out_;
  std::vector<std::int64_t> counters_;
  Mode mode_ = Mode::train;
};

}  // namespace aecluster
