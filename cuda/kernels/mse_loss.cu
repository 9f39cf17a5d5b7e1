// The MSE loss mean((y - target)^2) and its gradient 2 (y - target) / count. The gradient is the
// CPU backend's float arithmetic exactly (one subtraction, one multiplication); the loss is
// summed in double per chunk of 4096 values and then over the chunks in a fixed tree order.
#include "../context_impl.hpp"
#include "launch.hpp"

#include <aecluster/cuda/backend.hpp>

#include <limits>

namespace aecluster {

namespace {

using cuda::kernels::block_threads;
constexpr std::int64_t chunk_values = 4096;

__global__ void mse_partial_kernel(const float* y, const float* target, std::int64_t count, float scale, float* dy,
                                   double* partial) {
  __shared__ double shared[block_threads];
  const std::int64_t begin = std::int64_t{blockIdx.x} * chunk_values;
  const std::int64_t end = begin + chunk_values < count ? begin + chunk_values : count;
  double s = 0;
  for (std::int64_t i = begin + threadIdx.x; i < end; i += block_threads) {
    const float d = y[i] - target[i];
    s += double(d) * double(d);
    if (dy) dy[i] = scale * d;
  }
  s = cuda::kernels::block_sum(s, shared);
  if (threadIdx.x == 0) partial[blockIdx.x] = s;
}

__global__ void mse_final_kernel(const double* partial, std::int64_t chunks, double count, double* loss) {
  __shared__ double shared[block_threads];
  double s = 0;
  for (std::int64_t k = threadIdx.x; k < chunks; k += block_threads) s += partial[k];
  s = cuda::kernels::block_sum(s, shared);
  if (threadIdx.x == 0) *loss = s / count;
}

}  // namespace

double Cuda::mse_loss(Context& ctx, const float* y, const float* target, std::int64_t count, float* dy) {
  if (count <= 0) return 0.0;
  auto& c = ctx.impl();
  const std::int64_t chunks = (count + chunk_values - 1) / chunk_values;
  require(chunks < (std::int64_t{1} << 31), "cuda: mse_loss over too many values (", count, ")");
  auto* partial = static_cast<double*>(c.workspace(sizeof(double) * static_cast<std::size_t>(chunks), "mse_loss"));
  const float scale = 2.0f / static_cast<float>(count);
  mse_partial_kernel<<<static_cast<unsigned>(chunks), block_threads, 0, c.stream>>>(y, target, count, scale, dy,
                                                                                    partial);
  AECLUSTER_CHECK_LAUNCH("mse_partial_kernel");
  mse_final_kernel<<<1, block_threads, 0, c.stream>>>(partial, chunks, static_cast<double>(count), c.loss_device);
  AECLUSTER_CHECK_LAUNCH("mse_final_kernel");
  AECLUSTER_CHECK(cudaMemcpyAsync(c.loss_host, c.loss_device, sizeof(double), cudaMemcpyDeviceToHost, c.stream));
  if (c.capturing) return std::numeric_limits<double>::quiet_NaN();
  AECLUSTER_CHECK(cudaStreamSynchronize(c.stream));
  return *c.loss_host;
}

}  // namespace aecluster
