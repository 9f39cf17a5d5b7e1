// uint8 NHWC -> float NCHW with x / 255 * 2 - 1 on the device (cuda/preprocess.hpp). Each block
// first builds the 256-entry table in shared memory, computed in double and rounded once to
// float exactly as data::pixel_table() is (IEEE double division; the product by 2 is exact, so
// a fused multiply-subtract rounds the same), then converts by lookup.
#include "../context_impl.hpp"
#include "launch.hpp"

#include <aecluster/cuda/preprocess.hpp>

namespace aecluster::cuda {

namespace {

__global__ void preprocess_kernel(const std::uint8_t* images, std::int64_t image_count, const std::int64_t* indices,
                                  std::int64_t first, std::int64_t total, int channels, std::int64_t plane,
                                  float* out) {
  __shared__ float table[256];
  static_assert(kernels::block_threads == 256, "one table entry per thread");
  table[threadIdx.x] = static_cast<float>(static_cast<double>(threadIdx.x) / 255.0 * 2.0 - 1.0);
  __syncthreads();
  const std::int64_t per_image = plane * channels;
  const std::int64_t stride = std::int64_t{gridDim.x} * blockDim.x;
  for (std::int64_t i = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x; i < total; i += stride) {
    const std::int64_t k = i / per_image;
    const std::int64_t r = i - k * per_image;
    const std::int64_t ch = r / plane, p = r - ch * plane;
    const std::int64_t image = indices ? indices[k] : first + k;
    out[i] = image >= 0 && image < image_count ? table[images[image * per_image + p * channels + ch]]
                                               : __int_as_float(0x7fc00000);
  }
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
