#pragma once
// The assignment's preprocessing, uint8 NHWC -> float NCHW with x / 255 * 2 - 1, its inverse for
// showing reconstructions, and checks that float data is finite.
//
// The value is computed exactly as the assignment's NumPy code does,
//   images = (images / 255.0) * 2 - 1; images = images.astype(np.float32)
// i.e. in double precision and rounded once to float. Doing the arithmetic in float instead
// (torch's `x.float() / 255 * 2 - 1`) differs in the last bit for 128 of the 256 values; a
// 256-entry table makes ours exact and free. Nothing here allocates: outputs go into buffers
// the caller owns and reuses across batches.
#include <aecluster/data/dataset.hpp>
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace aecluster::data {

inline const std::array<float, 256>& pixel_table() {
  static const std::array<float, 256> table = [] {
    std::array<float, 256> t{};
    for (int x = 0; x < 256; ++x) t[static_cast<std::size_t>(x)] = static_cast<float>((x / 255.0) * 2.0 - 1.0);
    return t;
  }();
  return table;
}

inline float pixel_to_input(std::uint8_t x) { return pixel_table()[x]; }

// The inverse, rounded to the nearest level and clamped to 0..255: (v + 1) / 2 * 255.
inline std::uint8_t input_to_pixel(float v) {
  const double level = std::floor((static_cast<double>(v) + 1.0) * 127.5 + 0.5);
  return static_cast<std::uint8_t>(std::clamp(level, 0.0, 255.0));
}

namespace detail {
// Below this many bytes the conversion takes ~100 us and waking threads costs more than it saves
// (a training batch of 64 RGB images is 196608); the result is the same either way.
inline constexpr std::int64_t preprocess_parallel_min_bytes = std::int64_t{1} << 20;

// One image, HWC bytes -> CHW floats.
inline void image_to_input(const std::uint8_t* src, int h, int w, int c, float* dst) {
  const auto& table = pixel_table();
  const std::int64_t plane = std::int64_t{h} * w;
  for (std::int64_t p = 0; p < plane; ++p)
    for (int ch = 0; ch < c; ++ch) dst[ch * plane + p] = table[src[p * c + ch]];
}
}  // namespace detail

// Writes images[indices[k]] for every k into out, as float NCHW of shape (indices.size(), C, H, W).
// `images` is (N, H, W, C) uint8. With a pool the images are converted in parallel (the result is
// the same either way). Indices are checked.
inline void to_input(const Tensor<std::uint8_t>& images, std::span<const std::int64_t> indices, float* out,
                     ThreadPool* pool = nullptr) {
  require(images.rank() == 4, "preprocess: images must be (N, H, W, C), got shape ", images.shape().str());
  const auto n = images.dim(0);
  const int h = static_cast<int>(images.dim(1)), w = static_cast<int>(images.dim(2)),
            c = static_cast<int>(images.dim(3));
  const std::int64_t per_image = std::int64_t{h} * w * c;
  for (const auto i : indices) require(i >= 0 && i < n, "preprocess: image index ", i, " is outside 0..", n - 1);
  const auto count = static_cast<std::int64_t>(indices.size());
  const auto convert = [&](std::int64_t begin, std::int64_t end, int) {
    for (std::int64_t k = begin; k < end; ++k)
      detail::image_to_input(images.data() + indices[static_cast<std::size_t>(k)] * per_image, h, w, c,
                             out + k * per_image);
  };
  if (pool && count * per_image >= detail::preprocess_parallel_min_bytes)
    pool->for_range(count, 16, convert);
  else
    convert(0, count, 0);
}
inline void to_input(const Dataset& d, std::span<const std::int64_t> indices, float* out, ThreadPool* pool = nullptr) {
  to_input(d.images, indices, out, pool);
}

// Images first .. first+count-1 (a contiguous range, e.g. for encoding a whole set in chunks).
inline void to_input(const Tensor<std::uint8_t>& images, std::int64_t first, std::int64_t count, float* out,
                     ThreadPool* pool = nullptr) {
  require(images.rank() == 4, "preprocess: images must be (N, H, W, C), got shape ", images.shape().str());
  require(first >= 0 && count >= 0 && first + count <= images.dim(0), "preprocess: images ", first, "..",
          first + count - 1, " are outside 0..", images.dim(0) - 1);
  const int h = static_cast<int>(images.dim(1)), w = static_cast<int>(images.dim(2)),
            c = static_cast<int>(images.dim(3));
  const std::int64_t per_image = std::int64_t{h} * w * c;
  const auto convert = [&](std::int64_t begin, std::int64_t end, int) {
    for (std::int64_t k = begin; k < end; ++k)
      detail::image_to_input(images.data() + (first + k) * per_image, h, w, c, out + k * per_image);
  };
  if (pool && count * per_image >= detail::preprocess_parallel_min_bytes)
    pool->for_range(count, 16, convert);
  else
    convert(0, count, 0);
}

// The first non-finite (NaN or infinite) element, if any.
template <class T>
std::optional<std::int64_t> first_non_finite(std::span<const T> values) {
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i])) return static_cast<std::int64_t>(i);
  return std::nullopt;
}

// Throws "<what>: element i is NaN|inf (of n)" if any element is not finite.
template <class T>
void check_finite(std::span<const T> values, std::string_view what) {
  if (const auto i = first_non_finite(values))
    fail(what, ": element ", *i, " of ", values.size(), " is ",
         std::isnan(values[static_cast<std::size_t>(*i)]) ? "NaN" : "infinite", " (",
         values[static_cast<std::size_t>(*i)], ")");
}
template <class T>
void check_finite(const Tensor<T>& t, std::string_view what) {
  check_finite(std::span<const T>(t.data(), static_cast<std::size_t>(t.numel())), what);
}

// Float NCHW (n, c, h, w) in [-1, 1] -> uint8 NHWC, rounding and clamping. NaN is an Error naming
// `what` and the position, since silently mapping it to some grey level would hide a bug.
inline void to_pixels(const float* in, std::int64_t n, int c, int h, int w, std::uint8_t* out,
                      std::string_view what = "images") {
  const std::int64_t plane = std::int64_t{h} * w;
  for (std::int64_t i = 0; i < n; ++i)
    for (int ch = 0; ch < c; ++ch)
      for (std::int64_t p = 0; p < plane; ++p) {
        const float v = in[(i * c + ch) * plane + p];
        if (std::isnan(v)) fail(what, ": NaN at image ", i, ", channel ", ch, ", pixel (", p / w, ", ", p % w, ")");
        out[(i * plane + p) * c + ch] = input_to_pixel(v);
      }
}

}  // namespace aecluster::data
