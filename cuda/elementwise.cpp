// ReLU and tanh through cuDNN, in place, as the layers use them: forward overwrites y, backward
// overwrites dy with dx using the forward output y (relu: dy where y > 0; tanh: dy (1 - y^2)).
// ReLU does not propagate NaN (it yields 0, as the CPU backend's y > 0 ? y : 0 does); tanh does.
#include "context_impl.hpp"

#include <aecluster/cuda/backend.hpp>

#include <algorithm>

namespace aecluster {

namespace {

// cuDNN's tensor dimensions are ints: longer arrays are processed in chunks.
constexpr std::int64_t chunk = std::int64_t{1} << 30;

void set_flat(cudnnTensorDescriptor_t desc, std::int64_t count) {
  AECLUSTER_CHECK(
      cudnnSetTensor4dDescriptor(desc, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, static_cast<int>(count), 1, 1, 1));
}

void forward(cuda::Context& ctx, cudnnActivationDescriptor_t act, float* y, std::int64_t count) {
  auto& c = ctx.impl();
  const float one = 1, zero = 0;
  for (std::int64_t begin = 0; begin < count; begin += chunk) {
    const std::int64_t n = std::min(chunk, count - begin);
    set_flat(c.activation_tensor, n);
    AECLUSTER_CHECK(cudnnActivationForward(c.cudnn, act, &one, c.activation_tensor, y + begin, &zero,
                                           c.activation_tensor, y + begin));
  }
}

void backward(cuda::Context& ctx, cudnnActivationDescriptor_t act, const float* y, float* dy, std::int64_t count) {
  auto& c = ctx.impl();
  const float one = 1, zero = 0;
  for (std::int64_t begin = 0; begin < count; begin += chunk) {
    const std::int64_t n = std::min(chunk, count - begin);
    set_flat(c.activation_tensor, n);
    const auto t = c.activation_tensor;
    // x is not needed for ReLU and tanh given y (y > 0 exactly where x > 0), so y stands in for it.
    AECLUSTER_CHECK(
        cudnnActivationBackward(c.cudnn, act, &one, t, y + begin, t, dy + begin, t, y + begin, &zero, t, dy + begin));
  }
}

}  // namespace

void Cuda::relu_forward(Context& ctx, float* y, std::int64_t count) { forward(ctx, ctx.impl().relu, y, count); }
void Cuda::relu_backward(Context& ctx, const float* y, float* dy, std::int64_t count) {
  backward(ctx, ctx.impl().relu, y, dy, count);
}
void Cuda::tanh_forward(Context& ctx, float* y, std::int64_t count) { forward(ctx, ctx.impl().tanh, y, count); }
void Cuda::tanh_backward(Context& ctx, const float* y, float* dy, std::int64_t count) {
  backward(ctx, ctx.impl().tanh, y, dy, count);
}

}  // namespace aecluster
