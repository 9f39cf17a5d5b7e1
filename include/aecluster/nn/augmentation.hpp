#pragma once
// Training-time augmentation of preprocessed batches (NCHW float, x/255*2-1): random shifts
// (a crop of the image padded with black, as torchvision's RandomCrop(32, padding)), horizontal
// flips and Gaussian noise. With `denoise`, the noise goes into the network's input only and the
// loss compares against the clean image (a denoising autoencoder); without it the noisy image is
// both input and target. Every random choice comes from (seed, epoch, batch index, image position)
// and is made sequentially, so the same seed gives the same batches on any thread count.
#include <aecluster/random.hpp>

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace aecluster {

struct AugmentOptions {
  int crop_padding = 0;  // shift by up to this many pixels each way (0 = off)
  bool flip = false;     // mirror left-right with probability 1/2
  double noise = 0;      // standard deviation of Gaussian noise in input units ([-1, 1] scale)
  bool denoise = false;  // noise only in the input; the target stays clean
  [[nodiscard]] bool active() const { return crop_padding > 0 || flip || noise > 0; }
  [[nodiscard]] bool separate_target() const { return denoise && noise > 0; }
};

// The pixel value of padding: black (0) after preprocessing.
inline constexpr float augment_fill = -1.0f;

// Augments `n` images of `c` x `h` x `w` in `batch` in place; when o.separate_target(), the
// clean (shifted, flipped) images are copied to `target` before the noise is added.
inline void augment_batch(std::span<float> batch, int n, int c, int h, int w, const AugmentOptions& o,
                          std::uint64_t seed, std::int64_t epoch, std::int64_t batch_index,
                          std::span<float> target = {}) {
  const std::size_t per_image = static_cast<std::size_t>(c) * static_cast<std::size_t>(h) * static_cast<std::size_t>(w);
  std::vector<float> scratch(per_image);
  // one stream per (epoch, batch): independent of how batches are scheduled
  const Rng base(seed ^ 0xA5A5A5A55A5A5A5Aull,
                 static_cast<std::uint64_t>(epoch) * 1000003ull + static_cast<std::uint64_t>(batch_index));
  for (int k = 0; k < n; ++k) {
    Rng rng = base.split(static_cast<std::uint64_t>(k));
    float* img = batch.data() + static_cast<std::size_t>(k) * per_image;
    const int p = o.crop_padding;
    const int dy = p > 0 ? static_cast<int>(rng.below(static_cast<std::uint64_t>(2 * p + 1))) - p : 0;
    const int dx = p > 0 ? static_cast<int>(rng.below(static_cast<std::uint64_t>(2 * p + 1))) - p : 0;
    const bool mirror = o.flip && rng.uniform() < 0.5;
    if (dx != 0 || dy != 0 || mirror) {
      std::copy(img, img + per_image, scratch.begin());
      for (int ch = 0; ch < c; ++ch)
        for (int y = 0; y < h; ++y)
          for (int x = 0; x < w; ++x) {
            // output (y, x) shows input (y + dy, x' + dx), x' mirrored when flipping
            const int sy = y + dy, sx0 = mirror ? w - 1 - x : x, sx = sx0 + dx;
            const bool inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
            img[(static_cast<std::size_t>(ch) * h + y) * w + x] =
                inside ? scratch[(static_cast<std::size_t>(ch) * h + sy) * w + sx] : augment_fill;
          }
    }
    if (o.separate_target()) std::copy(img, img + per_image, target.data() + static_cast<std::size_t>(k) * per_image);
    if (o.noise > 0)
      for (std::size_t i = 0; i < per_image; ++i) img[i] += static_cast<float>(o.noise * rng.normal());
  }
}

}  // namespace aecluster
