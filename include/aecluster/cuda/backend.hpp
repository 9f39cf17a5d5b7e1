#pragma once
// The CUDA backend: the operations of the Backend concept (backend.hpp) on device memory, in
// FP32, compiled into the aecluster::cuda library. Convolutions, batch normalisation and the
// activations run through cuDNN; bias, 2x2 max pooling (with the CPU backend's argmax), the MSE
// loss and Adam are our own kernels (cuda/kernels/). Everything is issued on the context's
// stream; only mse_loss (which returns the loss) and download wait for the device.
//
// This header includes no CUDA header: Autoencoder<Arch, Cuda> compiles with the ordinary C++
// compiler in any program that links aecluster::cuda.
#include <aecluster/backend.hpp>
#include <aecluster/cuda/context.hpp>
#include <aecluster/cuda/device_buffer.hpp>
#include <aecluster/cuda/memory.hpp>

#include <cstdint>

namespace aecluster {

struct Cuda {
  using scalar = float;
  using Context = cuda::Context;
  template <class U>
  using Buffer = cuda::DeviceBuffer<U>;
  static constexpr const char* name = "cuda";
  static constexpr bool is_cpu = false;

  // Host <-> device copies; both return once the copy is complete.
  template <class U>
  static void upload(Context& ctx, const U* host, U* device, std::int64_t count) {
    if (count > 0) cuda::copy_to_device(ctx, device, host, sizeof(U) * static_cast<std::size_t>(count));
  }
  template <class U>
  static void download(Context& ctx, const U* device, U* host, std::int64_t count) {
    if (count > 0) cuda::copy_to_host(ctx, host, device, sizeof(U) * static_cast<std::size_t>(count));
  }
  template <class U>
  static void fill(Context& ctx, U* device, U value, std::int64_t count) {
    if (count > 0) cuda::fill(ctx, device, value, count);
  }

  // cuDNN (cuda/conv.cpp): each shape's algorithm is chosen once and cached in the context.
  static void conv2d_forward(Context& ctx, const ConvGeometry& g, const float* x, const float* w, float* y);
  static void conv2d_backward_data(Context& ctx, const ConvGeometry& g, const float* dy, const float* w, float* dx);
  static void conv2d_backward_filter(Context& ctx, const ConvGeometry& g, const float* x, const float* dy, float* dw);
  // Our kernels (cuda/kernels/bias.cu); the channel sums of bias_backward in a fixed order.
  static void bias_forward(Context& ctx, const PlaneGeometry& p, const float* b, float* y);
  static void bias_backward(Context& ctx, const PlaneGeometry& p, const float* dy, float* db);
  // cuDNN (cuda/activation.cpp), in place.
  static void relu_forward(Context& ctx, float* y, std::int64_t count);
  static void relu_backward(Context& ctx, const float* y, float* dy, std::int64_t count);
  static void tanh_forward(Context& ctx, float* y, std::int64_t count);
  static void tanh_backward(Context& ctx, const float* y, float* dy, std::int64_t count);
  // Our kernels (cuda/kernels/max_pool.cu), PyTorch's rule as on the CPU: in row-major window
  // order the first maximum wins and the last NaN propagates; the backward pass routes each
  // gradient to its argmax.
  static void max_pool2x2_forward(Context& ctx, const PoolGeometry& g, const float* x, float* y, std::int32_t* argmax);
  static void max_pool2x2_backward(Context& ctx, const PoolGeometry& g, const float* dy, const std::int32_t* argmax,
                                   float* dx);
  // cuDNN (cuda/batch_norm.cpp), spatial mode: PyTorch's semantics (running variance unbiased).
  static void batch_norm_forward_train(Context& ctx, const PlaneGeometry& p, const BatchNormSettings& bn,
                                       const float* x, const float* gamma, const float* beta, float* y,
                                       float* save_mean, float* save_invstd, float* running_mean, float* running_var);
  static void batch_norm_forward_eval(Context& ctx, const PlaneGeometry& p, const BatchNormSettings& bn, const float* x,
                                      const float* gamma, const float* beta, const float* running_mean,
                                      const float* running_var, float* y);
  static void batch_norm_backward(Context& ctx, const PlaneGeometry& p, const float* x, const float* dy,
                                  const float* gamma, const float* save_mean, const float* save_invstd, float* dx,
                                  float* dgamma, float* dbeta);
  // Our kernel (cuda/kernels/mse_loss.cu): sums in double in a fixed order. Waits for the device
  // to return the loss, except during a graph capture (graph.hpp), where it returns NaN.
  static double mse_loss(Context& ctx, const float* y, const float* target, std::int64_t count, float* dy);
  // Our kernel (cuda/kernels/adam.cu): one fused pass over all parameters, the CPU backend's
  // arithmetic in the same order (no fused multiply-adds), so the results agree to the last bit.
  static void adam_step(Context& ctx, const AdamSettings& a, std::int64_t step, float* params, const float* grads,
                        float* m, float* v, std::int64_t count);
};

static_assert(Backend<Cuda>);

}  // namespace aecluster
