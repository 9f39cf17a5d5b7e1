#pragma once
// What a backend provides. Layers describe their work with the plain structs below and call the
// backend's static functions on raw pointers into the backend's own memory; a layer never knows
// which backend runs it, and a backend never knows which layer calls it.
//
// A backend B is a struct with
//   using scalar = float;                      the element type (double only for gradient checks)
//   using Context = ...;                       handles, thread pool, workspace, algorithm cache
//   template <class T> using Buffer = ...;     owning memory on the device: resize(n), data(), size()
//   static void upload/download(...)           host <-> device copies
// and the operations declared by the Backend concept at the end of this file.
#include <concepts>
#include <cstdint>
#include <span>

namespace aecluster {

// A 2-D convolution as PyTorch's Conv2d sees it: x (n, in_c, in_h, in_w), weight
// (out_c, in_c, k, k), y (n, out_c, out_h, out_w). Transposed convolutions run as the
// data-gradient of the convolution that maps their output back to their input.
struct ConvGeometry {
  int n = 0;
  int in_c = 0, in_h = 0, in_w = 0;
  int out_c = 0, out_h = 0, out_w = 0;
  int k = 0, stride = 1, pad = 0;

  [[nodiscard]] std::int64_t in_size() const { return std::int64_t{in_c} * in_h * in_w; }
  [[nodiscard]] std::int64_t out_size() const { return std::int64_t{out_c} * out_h * out_w; }
  [[nodiscard]] std::int64_t weight_size() const { return std::int64_t{out_c} * in_c * k * k; }
  // Multiply-adds of one forward pass over the whole batch.
  [[nodiscard]] double macs() const { return double(n) * out_c * out_h * out_w * in_c * k * k; }
  friend bool operator==(const ConvGeometry&, const ConvGeometry&) = default;
};

// Activations laid out as (n, c, hw).
struct PlaneGeometry {
  int n = 0, c = 0;
  std::int64_t hw = 0;
  [[nodiscard]] std::int64_t size() const { return std::int64_t{n} * c * hw; }
};

// 2x2 max pooling with stride 2 over x (n, c, h, w); odd trailing rows/columns are dropped.
struct PoolGeometry {
  int n = 0, c = 0, h = 0, w = 0;
  [[nodiscard]] std::int64_t in_size() const { return std::int64_t{n} * c * h * w; }
  [[nodiscard]] std::int64_t out_size() const { return std::int64_t{n} * c * (h / 2) * (w / 2); }
};

struct BatchNormSettings {
  double eps = 1e-5;
  double momentum = 0.1;
};

struct AdamSettings {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;  // PyTorch's Adam: added to the gradient (L2), not decoupled
};

// The operations every backend implements, on pointers into its own memory. Outputs are
// overwritten, never accumulated into; in-place operations say so.
template <class B>
concept Backend = requires(typename B::Context& ctx, const ConvGeometry& conv, const PlaneGeometry& planes,
                           const PoolGeometry& pool, const BatchNormSettings& bn, const AdamSettings& adam,
                           const typename B::scalar* in, typename B::scalar* out, std::int32_t* index,
                           const std::int32_t* const_index, std::int64_t count, std::int64_t step) {
  B::conv2d_forward(ctx, conv, in /*x*/, in /*w*/, out /*y*/);
  B::conv2d_backward_data(ctx, conv, in /*dy*/, in /*w*/, out /*dx*/);
  B::conv2d_backward_filter(ctx, conv, in /*x*/, in /*dy*/, out /*dw*/);
  B::bias_forward(ctx, planes, in /*b*/, out /*y, in place*/);
  B::bias_backward(ctx, planes, in /*dy*/, out /*db*/);
  B::relu_forward(ctx, out /*in place*/, count);
  B::relu_backward(ctx, in /*y*/, out /*dy, in place*/, count);
  B::tanh_forward(ctx, out /*in place*/, count);
  B::tanh_backward(ctx, in /*y*/, out /*dy, in place*/, count);
  B::max_pool2x2_forward(ctx, pool, in /*x*/, out /*y*/, index /*argmax*/);
  B::max_pool2x2_backward(ctx, pool, in /*dy*/, const_index, out /*dx*/);
  B::batch_norm_forward_train(ctx, planes, bn, in /*x*/, in /*gamma*/, in /*beta*/, out /*y*/, out /*mean*/,
                              out /*invstd*/, out /*running mean*/, out /*running var*/);
  B::batch_norm_forward_eval(ctx, planes, bn, in /*x*/, in /*gamma*/, in /*beta*/, in /*running mean*/,
                             in /*running var*/, out /*y*/);
  B::batch_norm_backward(ctx, planes, in /*x*/, in /*dy*/, in /*gamma*/, in /*mean*/, in /*invstd*/, out /*dx*/,
                         out /*dgamma*/, out /*dbeta*/);
  { B::mse_loss(ctx, in /*y*/, in /*target*/, count, out /*dy, may be null*/) } -> std::convertible_to<double>;
  B::adam_step(ctx, adam, step, out /*params*/, in /*grads*/, out /*m*/, out /*v*/, count);
};

}  // namespace aecluster
