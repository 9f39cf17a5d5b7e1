#pragma once
// The elementwise activations, applied in place; their backward passes use their own output
// (relu.hpp and tanh.hpp name them ReLU and Tanh).
#include <aecluster/backend.hpp>
#include <aecluster/nn/layers/layer.hpp>

namespace aecluster {

enum class ActivationKind { relu, tanh };

template <ActivationKind Kind>
struct Activation {
  static constexpr const char* type_name = Kind == ActivationKind::relu ? "ReLU" : "Tanh";
  static constexpr bool in_place = true;
  static constexpr std::array<TensorSpec, 0> tensors{};

  template <class In>
  struct output {
    using type = In;
  };

  template <class Device, class In>
  class Impl {
   public:
    using T = typename Device::scalar;
    using Out = In;
    void bind(const LayerBinding<T>&) {}
    void reserve(typename Device::Context&, int) {}
    void forward(typename Device::Context& ctx, T* y, int n, Mode) {
      if constexpr (Kind == ActivationKind::relu) {
        Device::relu_forward(ctx, y, n * In::size);
      } else {
        Device::tanh_forward(ctx, y, n * In::size);
      }
    }
    void backward(typename Device::Context& ctx, const T* y, T* dy, int n) {
      if constexpr (Kind == ActivationKind::relu) {
        Device::relu_backward(ctx, y, dy, n * In::size);
      } else {
        Device::tanh_backward(ctx, y, dy, n * In::size);
      }
    }
  };
};

}  // namespace aecluster
