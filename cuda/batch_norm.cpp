// Batch normalisation through cuDNN in spatial mode (per-channel statistics over N, H, W), with
// PyTorch's semantics, which cuDNN's legacy batch-norm shares: training normalises with the
// biased batch variance, updates running_mean/running_var with factor `momentum` using the
// unbiased variance, and saves the mean and 1/sqrt(var + eps) for the backward pass; evaluation
// normalises with the running statistics.
#include "context_impl.hpp"

#include <aecluster/cuda/backend.hpp>

#include <climits>
#include <cstdint>

namespace aecluster {

namespace cuda::detail {
void batch_norm_single_value_running(Context& ctx, int channels, double momentum, const float* save_mean,
                                     float* running_mean,
                                     float* running_var);  // kernels/batch_norm_running.cu
}  // namespace cuda::detail

namespace {

const cuda::detail::BatchNormDescriptors& descriptors(cuda::Context& ctx, const PlaneGeometry& p) {
  auto& c = ctx.impl();
  const auto key = std::make_tuple(p.n, p.c, p.hw);
  if (auto it = c.batch_norm_descriptors.find(key); it != c.batch_norm_descriptors.end()) return it->second;
  require(p.n > 0 && p.c > 0 && p.hw > 0 && p.size() <= INT_MAX, "cuda: invalid batch-norm shape (n ", p.n, ", c ", p.c,
          ", hw ", p.hw, ")");
  cuda::detail::BatchNormDescriptors d;
  AECLUSTER_CHECK(cudnnCreateTensorDescriptor(&d.x));
  AECLUSTER_CHECK(cudnnCreateTensorDescriptor(&d.stats));
  // Only the spatial extent matters to spatial batch norm: the planes are (hw, 1).
  AECLUSTER_CHECK(
      cudnnSetTensor4dDescriptor(d.x, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, p.n, p.c, static_cast<int>(p.hw), 1));
  AECLUSTER_CHECK(cudnnDeriveBNTensorDescriptor(d.stats, d.x, CUDNN_BATCHNORM_SPATIAL));
  return c.batch_norm_descriptors.emplace(key, std::move(d)).first->second;
}

}  // namespace

void Cuda::batch_norm_forward_train(Context& ctx, const PlaneGeometry& p, const BatchNormSettings& bn, const float* x,
                                    const float* gamma, const float* beta, float* y, float* save_mean,
                                    float* save_invstd, float* running_mean, float* running_var) {
  if (p.size() == 0) return;
  const auto& d = descriptors(ctx, p);
  const float one = 1, zero = 0;
  // One value per channel: cuDNN's unbiased variance would divide by zero; the running
  // statistics are updated by our kernel instead (null running buffers: cuDNN leaves them).
  const bool single = std::int64_t{p.n} * p.hw == 1;
  AECLUSTER_CHECK(cudnnBatchNormalizationForwardTraining(
      ctx.impl().cudnn, CUDNN_BATCHNORM_SPATIAL, &one, &zero, d.x, x, d.x, y, d.stats, gamma, beta,
      single ? 0.0 : bn.momentum, single ? nullptr : running_mean, single ? nullptr : running_var, bn.eps, save_mean,
      save_invstd));
  if (single)
    cuda::detail::batch_norm_single_value_running(ctx, p.c, bn.momentum, save_mean, running_mean, running_var);
}

void Cuda::batch_norm_forward_eval(Context& ctx, const PlaneGeometry& p, const BatchNormSettings& bn, const float* x,
                                   const float* gamma, const float* beta, const float* running_mean,
                                   const float* running_var, float* y) {
  if (p.size() == 0) return;
  const auto& d = descriptors(ctx, p);
  const float one = 1, zero = 0;
  AECLUSTER_CHECK(cudnnBatchNormalizationForwardInference(ctx.impl().cudnn, CUDNN_BATCHNORM_SPATIAL, &one, &zero, d.x,
                                                          x, d.x, y, d.stats, gamma, beta, running_mean, running_var,
                                                          bn.eps));
}

void Cuda::batch_norm_backward(Context& ctx, const PlaneGeometry& p, const float* x, const float* dy,
                               const float* gamma, const float* save_mean, const float* save_invstd, float* dx,
                               float* dgamma, float* dbeta) {
  if (p.size() == 0) return;
  const auto& d = descriptors(ctx, p);
  const float one = 1, zero = 0;
  // The layer's settings are fixed (BatchNorm2d::settings); cuDNN wants the forward pass's eps
  // again, though with the saved statistics it does not use it.
  constexpr double eps = BatchNormSettings{}.eps;
  AECLUSTER_CHECK(cudnnBatchNormalizationBackward(ctx.impl().cudnn, CUDNN_BATCHNORM_SPATIAL, &one, &zero, &one, &zero,
                                                  d.x, x, d.x, dy, d.x, dx, d.stats, gamma, dgamma, dbeta, eps,
                                                  save_mean, save_invstd));
}

}  // namespace aecluster
