#pragma once
// ReLU, applied in place.
#include <aecluster/backend.hpp>
#include <aecluster/layers/layer.hpp>

namespace aecluster {

struct ReLU {
  static constexpr const char* type_name = "ReLU";
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
    void forward(typename Device::Context& ctx, T* y, int n, Mode) { Device::relu_forward(ctx, y, n * In::size); }
    void backward(typename Device::Context& ctx, const T* y, T* dy, int n) {
      Device::relu_backward(ctx, y, dy, n * In::size);
    }
  };
};

}  // namespace aecluster
