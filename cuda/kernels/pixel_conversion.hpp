#pragma once
// The device side of uint8 NHWC -> float NCHW with x / 255 * 2 - 1, shared by the kernels that
// convert images (preprocess.cu: a batch named by an index list or a range; device_epoch.cu: the
// batch named by the step counter). The 256-entry table is computed in double and rounded once
// to float exactly as data::pixel_table() is (IEEE double division; the product by 2 is exact, so
// a fused multiply-subtract rounds the same), so the device and the CPU give the same floats.
#include "launch.hpp"

#include <cstdint>

namespace aecluster::cuda::kernels {

// Every thread of a block_threads-wide block fills one entry of `table` (shared memory), then
// waits for the others.
__device__ inline void fill_pixel_table(float* table) {
  static_assert(block_threads == 256, "one table entry per thread");
  table[threadIdx.x] = static_cast<float>(static_cast<double>(threadIdx.x) / 255.0 * 2.0 - 1.0);
  __syncthreads();
}

// Converts `total` output values (images of `channels` planes of `plane` pixels) in a
// grid-stride loop; `image_of(k)` is the source image of output image k. An index outside
// 0..image_count-1 gives NaN, so a bad index list shows in the loss instead of reading out of
// bounds.
template <class ImageOf>
__device__ inline void convert_pixels(const float* table, const std::uint8_t* images, std::int64_t image_count,
                                      ImageOf image_of, std::int64_t total, int channels, std::int64_t plane,
                                      float* out) {
  const std::int64_t per_image = plane * channels;
  const std::int64_t stride = std::int64_t{gridDim.x} * blockDim.x;
  for (std::int64_t i = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x; i < total; i += stride) {
    const std::int64_t k = i / per_image;
    const std::int64_t r = i - k * per_image;
    const std::int64_t ch = r / plane, p = r - ch * plane;
    const std::int64_t image = image_of(k);
    out[i] = image >= 0 && image < image_count ? table[images[image * per_image + p * channels + ch]]
                                               : __int_as_float(0x7fc00000);
  }
}

}  // namespace aecluster::cuda::kernels
