#pragma once
// ConvTranspose2d(in, out, k, stride, pad, output_padding) with a bias, as
// torch.nn.ConvTranspose2d. Its weight is (in, out, k, k): exactly the weight of the
// convolution that maps its output back to its input, so its forward pass is that
// convolution's data gradient, and its backward pass that convolution's forward pass plus
// its filter gradient.
#include <aecluster/backend.hpp>
#include <aecluster/nn/layers/layer.hpp>
#include <aecluster/tensor.hpp>

namespace aecluster {

template <int InC, int OutC, int K, int Stride = 1, int Pad = 0, int OutPad = 0>
struct ConvTranspose2d {
  static_assert(InC > 0 && OutC > 0, "ConvTranspose2d: channel counts must be positive");
  static_assert(K > 0, "ConvTranspose2d: kernel size must be positive");
  static_assert(Stride > 0, "ConvTranspose2d: stride must be positive");
  static_assert(Pad >= 0 && Pad < K, "ConvTranspose2d: padding must be in [0, kernel size)");
  static_assert(OutPad >= 0 && OutPad < Stride, "ConvTranspose2d: output_padding must be smaller than the stride");

  static constexpr const char* type_name = "ConvTranspose2d";
  static constexpr bool in_place = false;
  static constexpr std::array tensors{
      TensorSpec{"weight", TensorSpec::Kind::parameter, 4, {InC, OutC, K, K}},
      TensorSpec{"bias", TensorSpec::Kind::parameter, 1, {OutC}},
  };

  template <class In>
  struct output {
    static_assert(In::c == InC, "ConvTranspose2d: the input's channel count differs from the layer's in_channels");
    using type = Shape3<OutC, conv_transpose_out(In::h, K, Stride, Pad, OutPad),
                        conv_transpose_out(In::w, K, Stride, Pad, OutPad)>;
  };

  // PyTorch computes fan_in from the weight's dimension 1, which for a transposed
  // convolution is out_channels.
  template <class Rng, class Tensors>
  static void init(Rng& rng, const Tensors& t) {
    init_uniform_fan_in(rng, std::int64_t{OutC} * K * K, t[0], t[1]);
  }

  template <class Device, class In>
  class Impl {
   public:
    using T = typename Device::scalar;
    using Out = typename output<In>::type;
    void bind(const LayerBinding<T>& b) { b_ = b; }
    void reserve(typename Device::Context&, int) {}

    void forward(typename Device::Context& ctx, const T* x, T* y, int n, Mode) {
      Device::conv2d_backward_data(ctx, geometry(n), x, b_.tensor[0], y);
      Device::bias_forward(ctx, PlaneGeometry{n, OutC, std::int64_t{Out::h} * Out::w}, b_.tensor[1], y);
    }
    void backward(typename Device::Context& ctx, const T* x, const T*, const T* dy, T* dx, int n) {
      const auto g = geometry(n);
      Device::bias_backward(ctx, PlaneGeometry{n, OutC, std::int64_t{Out::h} * Out::w}, dy, b_.grad[1]);
      Device::conv2d_backward_filter(ctx, g, dy, x, b_.grad[0]);
      if (dx) Device::conv2d_forward(ctx, g, dy, b_.tensor[0], dx);
    }

    // The convolution from this layer's output (its input side) to this layer's input.
    static ConvGeometry geometry(int n) { return {n, OutC, Out::h, Out::w, InC, In::h, In::w, K, Stride, Pad}; }

   private:
    LayerBinding<T> b_;
  };
};

}  // namespace aecluster
