// The RBF kernel matrix (cuda/rbf_kernel.hpp): squared row norms in double (one warp per row,
// lanes combined in a fixed shuffle order), the products from cuBLAS in row tiles that bound the
// workspace, and the epilogue exp(-gamma * max(0, |a|^2 + |b|^2 - 2 a.b)) in double.
#include "../context_impl.hpp"
#include "launch.hpp"

#include <aecluster/cuda/rbf_kernel.hpp>

#include <algorithm>

namespace aecluster::cuda {

namespace {

__global__ void row_norms_kernel(const float* x, std::int64_t n, std::int64_t d, double* norms) {
  const std::int64_t warps = std::int64_t{gridDim.x} * blockDim.x / 32;
  const int lane = static_cast<int>(threadIdx.x % 32);
  for (std::int64_t row = (std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x) / 32; row < n; row += warps) {
    const float* r = x + row * d;
    double s = 0;
    for (std::int64_t k = lane; k < d; k += 32) s += double(r[k]) * double(r[k]);
    for (int offset = 16; offset > 0; offset /= 2) s += __shfl_down_sync(0xffffffffu, s, offset);
    if (lane == 0) norms[row] = s;
  }
}

// Tile rows [r0, r0 + rows) against columns [c0, c0 + cols): gram is the row-major tile.
// symmetric: only entries with row < column are computed here, each written at (i, j) and
// (j, i), and the diagonal is 1.
__global__ void rbf_epilogue_kernel(const float* gram, std::int64_t r0, std::int64_t rows, std::int64_t c0,
                                    std::int64_t cols, const double* an, const double* bn, double gamma, bool symmetric,
                                    double* out, std::int64_t ld) {
  const std::int64_t total = rows * cols;
  const std::int64_t stride = std::int64_t{gridDim.x} * blockDim.x;
  for (std::int64_t t = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x; t < total; t += stride) {
    const std::int64_t i = r0 + t / cols, j = c0 + t % cols;
    if (symmetric && j < i) continue;
    double value = 1.0;
    if (!symmetric || j != i) {
      const double dist = an[i] + bn[j] - 2.0 * double(gram[t]);
      value = exp(-gamma * (dist > 0.0 ? dist : 0.0));
    }
    out[i * ld + j] = value;
    if (symmetric) out[j * ld + i] = value;
  }
}

// Rows per tile so that a tile of products stays within 256 MiB.
std::int64_t tile_rows(std::int64_t rows, std::int64_t cols) {
  const std::int64_t budget = (std::int64_t{256} << 20) / static_cast<std::int64_t>(sizeof(float));
  return std::clamp<std::int64_t>(budget / std::max<std::int64_t>(cols, 1), 1, std::max<std::int64_t>(rows, 1));
}

void check_sizes(const char* what, std::int64_t na, std::int64_t nb, std::int64_t d) {
  require(na >= 0 && nb >= 0 && d > 0, "cuda::", what, ": invalid sizes (", na, " x ", nb, ", dimension ", d, ")");
  require(na <= INT32_MAX && nb <= INT32_MAX && d <= INT32_MAX, "cuda::", what,
          ": sizes beyond 2^31 are not supported");
}

// out[r0.., c0..] for a (rows starting at r0) against b (rows starting at c0), tile by tile.
void kernel_tiles(Context& ctx, const float* a, std::int64_t na, const float* b, std::int64_t nb, std::int64_t d,
                  double gamma, const double* an, const double* bn, bool symmetric, double* out, float* gram) {
  auto& c = ctx.impl();
  const std::int64_t step = tile_rows(na, nb);
  const float one = 1, zero = 0;
  for (std::int64_t r0 = 0; r0 < na; r0 += step) {
    const std::int64_t rows = std::min(step, na - r0);
    // Symmetric: only the columns from the tile's first row on (the upper trapezoid).
    const std::int64_t c0 = symmetric ? r0 : 0;
    const std::int64_t cols = nb - c0;
    // Row-major gram (rows x cols) is column-major (cols x rows) = B^T A in cuBLAS's terms.
    AECLUSTER_CHECK(cublasSgemm(c.cublas, CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(cols), static_cast<int>(rows),
                                static_cast<int>(d), &one, b + c0 * d, static_cast<int>(d), a + r0 * d,
                                static_cast<int>(d), &zero, gram, static_cast<int>(cols)));
    rbf_epilogue_kernel<<<kernels::grid_for(rows * cols, 4), kernels::block_threads, 0, c.stream>>>(
        gram, r0, rows, c0, cols, an, bn, gamma, symmetric, out, nb);
    AECLUSTER_CHECK_LAUNCH("rbf_epilogue_kernel");
  }
}

}  // namespace

void row_squared_norms(Context& ctx, const float* x, std::int64_t n, std::int64_t d, double* norms) {
  if (n <= 0) return;
  require(d > 0, "cuda::row_squared_norms: dimension must be positive, got ", d);
  row_norms_kernel<<<kernels::grid_for(n * 32), kernels::block_threads, 0, ctx.impl().stream>>>(x, n, d, norms);
  AECLUSTER_CHECK_LAUNCH("row_norms_kernel");
}

void rbf_kernel(Context& ctx, const float* a, std::int64_t na, const float* b, std::int64_t nb, std::int64_t d,
                double gamma, double* out) {
  check_sizes("rbf_kernel", na, nb, d);
  if (na == 0 || nb == 0) return;
  auto& c = ctx.impl();
  const std::int64_t step = tile_rows(na, nb);
  const std::size_t norm_bytes = (sizeof(double) * static_cast<std::size_t>(na + nb) + 255) / 256 * 256;
  auto* ws =
      static_cast<char*>(c.workspace(norm_bytes + sizeof(float) * static_cast<std::size_t>(step * nb), "rbf_kernel"));
  auto* an = reinterpret_cast<double*>(ws);
  auto* bn = an + na;
  auto* gram = reinterpret_cast<float*>(ws + norm_bytes);
  row_squared_norms(ctx, a, na, d, an);
  row_squared_norms(ctx, b, nb, d, bn);
  kernel_tiles(ctx, a, na, b, nb, d, gamma, an, bn, false, out, gram);
}

void rbf_kernel_symmetric(Context& ctx, const float* x, std::int64_t n, std::int64_t d, double gamma, double* out) {
  check_sizes("rbf_kernel_symmetric", n, n, d);
  if (n == 0) return;
  auto& c = ctx.impl();
  const std::int64_t step = tile_rows(n, n);
  const std::size_t norm_bytes = (sizeof(double) * static_cast<std::size_t>(n) + 255) / 256 * 256;
  auto* ws = static_cast<char*>(
      c.workspace(norm_bytes + sizeof(float) * static_cast<std::size_t>(step * n), "rbf_kernel_symmetric"));
  auto* norms = reinterpret_cast<double*>(ws);
  auto* gram = reinterpret_cast<float*>(ws + norm_bytes);
  row_squared_norms(ctx, x, n, d, norms);
  kernel_tiles(ctx, x, n, x, n, d, gamma, norms, norms, true, out, gram);
}

}  // namespace aecluster::cuda
