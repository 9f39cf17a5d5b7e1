#pragma once
// The assignment's preprocessing on the device: uint8 NHWC images -> float NCHW with
// x / 255 * 2 - 1, rounded exactly as data/preprocess.hpp rounds it (computed in double, rounded
// once to float), so the device and host conversions agree to the bit.
#include <aecluster/cuda/context.hpp>

#include <cstdint>

namespace aecluster::cuda {

// images: device memory holding `image_count` images of (h, w, c) bytes. Converts the images
// indices[0..n) (device memory; when null, the images first..first+n) into out (n, c, h, w).
// An index outside [0, image_count) produces NaN pixels rather than an out-of-bounds read.
// Asynchronous.
void preprocess_images(Context& ctx, const std::uint8_t* images, std::int64_t image_count, const std::int64_t* indices,
                       std::int64_t first, int n, int h, int w, int c, float* out);

}  // namespace aecluster::cuda
