#pragma once
// Conv2d(in, out, k, stride, pad) with a bias, as torch.nn.Conv2d (no dilation, no groups).
#include <aecluster/backend.hpp>
#include <aecluster/nn/layers/layer.hpp>
#include <aecluster/tensor.hpp>

namespace aecluster {

template <int InC, int OutC, int K, int Stride = 1, int Pad = 0>
struct Conv2d {
  static_assert(InC > 0 && OutC > 0, "Conv2d: channel counts must be positive");
  static_assert(K > 0, "Conv2d: kernel size must be positive");
  static_assert(Stride > 0, "Conv2d: stride must be positive");
  static_assert(Pad >= 0 && Pad < K, "Conv2d: padding must be in [0, kernel size)");

  static constexpr const char* type_name = "Conv2d";
  static constexpr bool in_place = false;
  static constexpr std::array tensors{
      TensorSpec{"weight", TensorSpec::Kind::parameter, 4, {OutC, InC, K, K}},
      TensorSpec{"bias", TensorSpec::Kind::parameter, 1, {OutC}},
  };

  template <class In>
  struct output {
    static_assert(In::c == InC, "Conv2d: the input's channel count differs from the layer's in_channels");
    static_assert(In::h + 2 * Pad >= K && In::w + 2 * Pad >= K, "Conv2d: the kernel is larger than the padded input");
    using type = Shape3<OutC, conv_out(In::h, K, Stride, Pad), conv_out(In::w, K, Stride, Pad)>;
  };

  template <class Rng, class Tensors>
  static void init(Rng& rng, const Tensors& t) {
    init_uniform_fan_in(rng, std::int64_t{InC} * K * K, t[0], t[1]);
  }

  template <class Device, class In>
  class Impl {
   public:
    using T = typename Device::scalar;
    using Out = typename output<In>::type;
    void bind(const LayerBinding<T>& b) { b_ = b; }
    void reserve(typename Device::Context&, int) {}

    void forward(typename Device::Context& ctx, const T* x, T* y, int n, Mode) {
      const auto g = geometry(n);
      Device::conv2d_forward(ctx, g, x, b_.tensor[0], y);
      Device::bias_forward(ctx, PlaneGeometry{n, OutC, std::int64_t{Out::h} * Out::w}, b_.tensor[1], y);
    }
    void backward(typename Device::Context& ctx, const T* x, const T*, const T* dy, T* dx, int n) {
      const auto g = geometry(n);
      Device::bias_backward(ctx, PlaneGeometry{n, OutC, std::int64_t{Out::h} * Out::w}, dy, b_.grad[1]);
      Device::conv2d_backward_filter(ctx, g, x, dy, b_.grad[0]);
      if (dx) Device::conv2d_backward_data(ctx, g, dy, b_.tensor[0], dx);
    }

    static ConvGeometry geometry(int n) { return {n, InC, In::h, In::w, OutC, Out::h, Out::w, K, Stride, Pad}; }

   private:
    LayerBinding<T> b_;
  };
};

}  // namespace aecluster
