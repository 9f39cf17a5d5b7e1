#pragma once
// MaxPool2d(2): 2x2 windows with stride 2, as torch.nn.MaxPool2d(2).
#include <aecluster/backend.hpp>
#include <aecluster/nn/layers/layer.hpp>
#include <aecluster/tensor.hpp>

#include <cstdint>

namespace aecluster {

template <int K = 2>
struct MaxPool2d {
  static_assert(K == 2, "MaxPool2d: only 2x2 windows with stride 2 are implemented");

  static constexpr const char* type_name = "MaxPool2d";
  static constexpr bool in_place = false;
  static constexpr std::array<TensorSpec, 0> tensors{};

  template <class In>
  struct output {
    static_assert(In::h >= 2 && In::w >= 2, "MaxPool2d: the input is smaller than the window");
    using type = Shape3<In::c, In::h / 2, In::w / 2>;
  };

  template <class Device, class In>
  class Impl {
   public:
    using T = typename Device::scalar;
    using Out = typename output<In>::type;
    void bind(const LayerBinding<T>&) {}
    void reserve(typename Device::Context&, int n) { argmax_.resize(std::int64_t{n} * Out::size); }

    void forward(typename Device::Context& ctx, const T* x, T* y, int n, Mode) {
      Device::max_pool2x2_forward(ctx, geometry(n), x, y, argmax_.data());
    }
    void backward(typename Device::Context& ctx, const T*, const T*, const T* dy, T* dx, int n) {
      if (dx) Device::max_pool2x2_backward(ctx, geometry(n), dy, argmax_.data(), dx);
    }

   private:
    static PoolGeometry geometry(int n) { return {n, In::c, In::h, In::w}; }
    typename Device::template Buffer<std::int32_t> argmax_;
  };
};

}  // namespace aecluster
