// The running statistics of a training-mode batch norm over one value per channel (n * h * w ==
// 1): cuDNN would scale the variance by count / (count - 1) and store inf or NaN, so
// Cuda::batch_norm_forward_train updates them here instead, as the CPU backend does (the biased
// variance, 0, stands in for the unbiased one), in double like the CPU.
#include "../context_impl.hpp"
#include "launch.hpp"

#include <aecluster/cuda/backend.hpp>

namespace aecluster::cuda::detail {

namespace {
__global__ void single_value_running_kernel(const float* mean, int channels, double momentum, float* running_mean,
                                            float* running_var) {
  const int c = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (c >= channels) return;
  running_mean[c] = static_cast<float>((1 - momentum) * double(running_mean[c]) + momentum * double(mean[c]));
  running_var[c] = static_cast<float>((1 - momentum) * double(running_var[c]) + momentum * 0.0);
}
}  // namespace

void batch_norm_single_value_running(Context& ctx, int channels, double momentum, const float* save_mean,
                                     float* running_mean, float* running_var) {
  single_value_running_kernel<<<(channels + kernels::block_threads - 1) / kernels::block_threads,
                                kernels::block_threads, 0, ctx.impl().stream>>>(save_mean, channels, momentum,
                                                                                running_mean, running_var);
  AECLUSTER_CHECK_LAUNCH("single_value_running_kernel");
}

}  // namespace aecluster::cuda::detail
