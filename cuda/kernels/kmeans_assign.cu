// The k-means assignment step (cuda/kmeans_assign.hpp): one thread per point, the distance to
// each centre summed over the dimensions in order with explicitly rounded double operations
// (no fused multiply-add), the first closest centre winning; then the inertia summed per block
// of 1024 points and over the blocks in order, as kmeans.hpp sums it on the host.
#include "../context_impl.hpp"
#include "launch.hpp"

#include <aecluster/cuda/kmeans_assign.hpp>

#include <limits>

namespace aecluster::cuda {

namespace {

constexpr std::int64_t inertia_block = 1024;

__global__ void assign_kernel(const float* x, std::int64_t n, std::int64_t d, const double* centers, int k, std::int64_t* labels,
                              double* distances) {
  const std::int64_t stride = std::int64_t{gridDim.x} * blockDim.x;
  for (std::int64_t i = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x; i < n; i += stride) {
    const float* xi = x + i * d;
    double best = __longlong_as_double(0x7ff0000000000000ll);  // +infinity
    std::int64_t arg = 0;
    for (int c = 0; c < k; ++c) {
      const double* cc = centers + std::int64_t{c} * d;
      double s = 0;
      for (std::int64_t t = 0; t < d; ++t) {
        const double diff = __dsub_rn(static_cast<double>(xi[t]), cc[t]);
        s = __dadd_rn(s, __dmul_rn(diff, diff));
      }
      if (s < best) {
        best = s;
        arg = c;
      }
    }
    labels[i] = arg;
    distances[i] = best;
  }
}

__global__ void block_sums_kernel(const double* distances, std::int64_t n, std::int64_t blocks, double* partial) {
  const std::int64_t stride = std::int64_t{gridDim.x} * blockDim.x;
  for (std::int64_t b = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x; b < blocks; b += stride) {
    const std::int64_t end = (b + 1) * inertia_block < n ? (b + 1) * inertia_block : n;
    double s = 0;
    for (std::int64_t i = b * inertia_block; i < end; ++i) s = __dadd_rn(s, distances[i]);
    partial[b] = s;
  }
}

__global__ void total_kernel(const double* partial, std::int64_t blocks, double* total) {
  double s = 0;
  for (std::int64_t b = 0; b < blocks; ++b) s = __dadd_rn(s, partial[b]);
  *total = s;
}

}  // namespace

double kmeans_assign(Context& ctx, const float* x, std::int64_t n, std::int64_t d, const double* centers, int k, std::int64_t* labels,
                     double* distances) {
  require(n >= 0 && d > 0 && k > 0, "cuda::kmeans_assign: invalid sizes (", n, " points of dimension ", d, ", ", k, " centres)");
  if (n == 0) return 0.0;
  auto& c = ctx.impl();
  c.require_not_capturing("kmeans_assign");
  const std::int64_t blocks = (n + inertia_block - 1) / inertia_block;
  const std::size_t distance_bytes = distances ? 0 : sizeof(double) * static_cast<std::size_t>(n);
  auto* ws = static_cast<double*>(c.workspace(distance_bytes + sizeof(double) * static_cast<std::size_t>(blocks + 1), "kmeans_assign"));
  double* dist = distances ? distances : ws;
  double* partial = distances ? ws : ws + n;
  double* total = partial + blocks;
  assign_kernel<<<kernels::grid_for(n), kernels::block_threads, 0, c.stream>>>(x, n, d, centers, k, labels, dist);
  AECLUSTER_CHECK_LAUNCH("assign_kernel");
  block_sums_kernel<<<kernels::grid_for(blocks), kernels::block_threads, 0, c.stream>>>(dist, n, blocks, partial);
  AECLUSTER_CHECK_LAUNCH("block_sums_kernel");
  total_kernel<<<1, 1, 0, c.stream>>>(partial, blocks, total);
  AECLUSTER_CHECK_LAUNCH("total_kernel");
  double inertia = std::numeric_limits<double>::quiet_NaN();
  AECLUSTER_CHECK(cudaMemcpyAsync(&inertia, total, sizeof(double), cudaMemcpyDeviceToHost, c.stream));
  AECLUSTER_CHECK(cudaStreamSynchronize(c.stream));
  return inertia;
}

}  // namespace aecluster::cuda
