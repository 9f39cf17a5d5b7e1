// The attractive forces of t-SNE (cuda/tsne_attraction.hpp): one thread per point, the row's
// stored entries of P summed in order, so the result does not depend on the launch.
#include "../context_impl.hpp"
#include "launch.hpp"

#include <aecluster/cuda/tsne_attraction.hpp>

namespace aecluster::cuda {

namespace {

__global__ void attraction_kernel(std::int64_t n, const std::int64_t* indptr, const std::int32_t* indices,
                                  const double* values, const double* y, double* forces) {
  const std::int64_t stride = std::int64_t{gridDim.x} * blockDim.x;
  for (std::int64_t i = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x; i < n; i += stride) {
    const double xi = y[2 * i], yi = y[2 * i + 1];
    double sx = 0, sy = 0;
    for (std::int64_t e = indptr[i]; e < indptr[i + 1]; ++e) {
      const std::int64_t j = indices[e];
      const double dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
      const double pq = values[e] / (1.0 + dx * dx + dy * dy);
      sx += pq * dx;
      sy += pq * dy;
    }
    forces[2 * i] = sx;
    forces[2 * i + 1] = sy;
  }
}

}  // namespace

void tsne_attractive_forces(Context& ctx, std::int64_t n, const std::int64_t* indptr, const std::int32_t* indices,
                            const double* values, const double* y, double* forces) {
  require(n >= 0, "cuda::tsne_attractive_forces: negative point count ", n);
  if (n == 0) return;
  attraction_kernel<<<kernels::grid_for(n), kernels::block_threads, 0, ctx.impl().stream>>>(n, indptr, indices, values,
                                                                                            y, forces);
  AECLUSTER_CHECK_LAUNCH("attraction_kernel");
}

}  // namespace aecluster::cuda
