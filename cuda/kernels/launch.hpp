#pragma once
// Launch shapes shared by our kernels. Grids depend only on the problem size, never on the
// device, and every reduction combines its partial sums in a fixed order, so results are the
// same on every run (and, for the same binary, on every GPU).
#include <algorithm>
#include <cstdint>

namespace aecluster::cuda::kernels {

inline constexpr int block_threads = 256;

// Blocks for a grid-stride loop over `count` items, `per_thread` items per thread at first.
inline unsigned grid_for(std::int64_t count, int per_thread = 1) {
  const std::int64_t per_block = std::int64_t{block_threads} * per_thread;
  const std::int64_t blocks = (count + per_block - 1) / per_block;
  return static_cast<unsigned>(std::clamp<std::int64_t>(blocks, 1, std::int64_t{1} << 20));
}

// Sums one value per thread of a block_threads-wide block in a fixed tree order; the result is
// valid in thread 0. `shared` holds block_threads values.
template <class T>
__device__ inline T block_sum(T value, T* shared) {
  const int t = static_cast<int>(threadIdx.x);
  shared[t] = value;
  __syncthreads();
  for (int stride = block_threads / 2; stride > 0; stride /= 2) {
    if (t < stride) shared[t] = shared[t] + shared[t + stride];
    __syncthreads();
  }
  return shared[0];
}

}  // namespace aecluster::cuda::kernels
