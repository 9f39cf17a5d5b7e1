#pragma once
// What every layer type shares. A layer type (Conv2d<3, 64, 3, 1, 1>, ReLU, ...) holds its
// hyper-parameters as template arguments, checked by static_assert; given the compile-time
// shape of its input it names its output shape, and `Impl<Device, In>` is the layer itself
// on a backend: its parameter tensors, forward and backward.
//
// Two forms, told apart by `in_place`:
//   out-of-place: forward(ctx, x, y, n, mode); backward(ctx, x, y, dy, dx, n) (dx may be null
//                 for the first layer: its input gradient is then not computed)
//   in-place:     forward(ctx, y, n, mode);    backward(ctx, y, dy, n) (dy becomes dx)
// Backward overwrites the input gradient and the parameter gradients.
#include <array>
#include <cmath>
#include <cstdint>
#include <span>

namespace aecluster {

enum class Mode { train, eval };

// One named tensor of a layer, in PyTorch's state_dict order.
struct TensorSpec {
  enum class Kind {
    parameter,  // float, trained (has a gradient)
    buffer,     // float state such as running statistics
    counter     // int64 scalar such as num_batches_tracked, kept on the host
  };
  const char* name;
  Kind kind;
  int rank;
  std::array<std::int64_t, 4> dims;

  [[nodiscard]] constexpr std::int64_t numel() const {
    std::int64_t n = 1;
    for (int i = 0; i < rank; ++i) n *= dims[i];
    return n;
  }
};

// Where a layer's tensors live once the network has laid them out: one pointer per
// TensorSpec, in order (device memory for parameters and buffers, host memory for counters).
template <class T>
struct LayerBinding {
  std::array<T*, 8> tensor{};
  std::array<T*, 8> grad{};  // parameters only
  std::array<std::int64_t*, 8> counter{};
};

// Shape arithmetic of PyTorch's convolutions.
constexpr int conv_out(int in, int k, int stride, int pad) { return (in + 2 * pad - k) / stride + 1; }
constexpr int conv_transpose_out(int in, int k, int stride, int pad, int out_pad) {
  return (in - 1) * stride - 2 * pad + k + out_pad;
}

// PyTorch's default initialisation of a weight/bias pair: kaiming_uniform_(a=sqrt(5)), i.e.
// U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the bias from the same bound.
template <class Rng, class Span>
void init_uniform_fan_in(Rng& rng, std::int64_t fan_in, Span weight, Span bias) {
  using T = typename Span::value_type;
  const double bound = fan_in > 0 ? 1.0 / std::sqrt(double(fan_in)) : 0.0;
  for (auto& w : weight) w = static_cast<T>(rng.uniform(-bound, bound));
  for (auto& b : bias) b = static_cast<T>(rng.uniform(-bound, bound));
}

}  // namespace aecluster
