// uint8 NHWC -> float NCHW with x / 255 * 2 - 1 on the device (cuda/preprocess.hpp), by table
// lookup (pixel_conversion.hpp).
#include "../context_impl.hpp"
#include "launch.hpp"
#include "pixel_conversion.hpp"

#include <aecluster/cuda/preprocess.hpp>

namespace aecluster::cuda {

namespace {

// Output image k is indices[k], or first + k without a list. (A functor, not a __device__ lambda,
// which would need nvcc's --extended-lambda.)
struct ListedOrRange {
  const std::int64_t* indices;
  std::int64_t first;
  __device__ std::int64_t operator()(std::int64_t k) const { return indices ? indices[k] : first + k; }
};

__global__ void preprocess_kernel(const std::uint8_t* images, std::int64_t image_count, const std::int64_t* indices,
                                  std::int64_t first, std::int64_t total, int channels, std::int64_t plane,
                                  float* out) {
  __shared__ float table[256];
  kernels::fill_pixel_table(table);
  kernels::convert_pixels(table, images, image_count, ListedOrRange{indices, first}, total, channels, plane, out);
}

}  // namespace

void preprocess_images(Context& ctx, const std::uint8_t* images, std::int64_t image_count, const std::int64_t* indices,
                       std::int64_t first, int n, int h, int w, int c, float* out) {
  require(n >= 0 && h > 0 && w > 0 && c > 0, "cuda::preprocess_images: invalid shape (n ", n, ", h ", h, ", w ", w,
          ", c ", c, ")");
  require(indices != nullptr || (first >= 0 && first + n <= image_count), "cuda::preprocess_images: images ", first,
          "..", first + n - 1, " are outside 0..", image_count - 1);
  const std::int64_t total = std::int64_t{n} * h * w * c;
  if (total == 0) return;
  preprocess_kernel<<<kernels::grid_for(total, 4), kernels::block_threads, 0, ctx.impl().stream>>>(
      images, image_count, indices, first, total, c, std::int64_t{h} * w, out);
  AECLUSTER_CHECK_LAUNCH("preprocess_kernel");
}

}  // namespace aecluster::cuda
