#pragma once
// Image files: PNG and JPEG decoding (libpng and libjpeg-turbo: see image_decoders.hpp) to grey
// or RGB bytes, resizing by exact area averaging, and PNG writing (atomic, with stb_image_write).
// Other formats (BMP, GIF, TGA, PNM, ...) are refused: the decoders that read them are not made
// for untrusted files. Images are Tensor<uint8_t> of shape (H, W, C), row-major, channels interleaved.
//
// Resizing: every output pixel is the average of the source area it covers, with fractional
// pixels weighted by their overlap (the box filter that OpenCV's INTER_AREA and PIL's reduce()
// use for shrinking). Shrinking photographs to 32x32 is the common case, and area averaging is
// what avoids aliasing there without the ringing of sharper kernels. It is computed in integers
// and rounded once, so the result is exact and bit-identical on every machine and compiler
// (stb_image_resize works in floats, whose rounding can depend on how the library was built).
// Enlarging a smaller image with it replicates pixels (nearest-neighbour-like), inventing nothing.
#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>
#include <aecluster/io/image_decoders.hpp>
#include <aecluster/tensor.hpp>

#include <stb_image_write.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace aecluster::io {

struct ImageOptions {
  // Images with more pixels than this are refused before decoding (a guard against files that
  // would need gigabytes, such as a crafted PNG header).
  std::int64_t max_pixels = std::int64_t{1} << 26;
  // Transparent pixels are composited over this grey level (white, as a browser shows them).
  std::uint8_t background = 255;
};

struct ImageInfo {
  int width = 0;
  int height = 0;
  int channels = 0;  // in the file: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA
};

namespace detail {

// Decodes (or, header_only, reads the size of) a PNG or JPEG; every refusal names the file.
inline RawImage decode_raw(const std::string& name, std::string_view bytes, const ImageOptions& options,
                           bool header_only) {
  RawImage raw;
  DecodeResult result;
  if (is_png(bytes))
    result = decode_png(bytes, raw, options.max_pixels, header_only);
  else if (is_jpeg(bytes))
    result = decode_jpeg(bytes, raw, options.max_pixels, header_only);
  else
    fail(name,
         ": not a PNG or JPEG file (only PNG and JPEG images are read: convert other formats, such as BMP, GIF, TGA or "
         "PNM, to PNG)");
  if (result.status == DecodeStatus::too_large)
    fail(name, ": image of ", raw.width, "x", raw.height, " pixels is larger than the limit of ", options.max_pixels,
         " pixels");
  if (result.status != DecodeStatus::ok)
    fail(name, ": cannot ", header_only ? "read" : "decode", " the ", is_png(bytes) ? "PNG" : "JPEG",
         " image: ", excerpt(result.message, 200));
  if (raw.width <= 0 || raw.height <= 0) fail(name, ": image has no pixels (", raw.width, "x", raw.height, ")");
  return raw;
}

}  // namespace detail

// The size and channel count stored in an image file's header, without decoding the pixels.
inline ImageInfo image_info(const std::string& name, std::string_view bytes, const ImageOptions& options = {}) {
  ImageOptions unlimited = options;
  unlimited.max_pixels = std::numeric_limits<std::int64_t>::max();
  const auto raw = detail::decode_raw(name, bytes, unlimited, true);
  return {raw.width, raw.height, raw.channels};
}

// Decodes an image file's bytes to (H, W, channels) with channels 1 (grey, ITU-R BT.601 luma
// in stb_image's integer form, (77 R + 150 G + 29 B) >> 8) or 3 (RGB); alpha is composited over
// options.background. Images above options.max_pixels are refused before their pixels are decoded.
inline Tensor<std::uint8_t> decode_image(const std::string& name, std::string_view bytes, int channels,
                                         const ImageOptions& options = {}) {
  require(channels == 1 || channels == 3, name, ": images can be decoded to 1 or 3 channels, not ", channels);
  const auto raw = detail::decode_raw(name, bytes, options, false);
  const int in = raw.channels;
  const bool alpha = in == 2 || in == 4;
  const bool colour = in >= 3;
  Tensor<std::uint8_t> out(Shape{raw.height, raw.width, channels});
  const std::int64_t n = std::int64_t{raw.width} * raw.height;
  const std::uint8_t* src = raw.pixels.data();
  std::uint8_t* dst = out.data();
  const unsigned bg = options.background;
  for (std::int64_t p = 0; p < n; ++p) {
    const std::uint8_t* px = src + p * in;
    unsigned v[3];
    if (channels == 3) {
      for (int c = 0; c < 3; ++c) v[c] = colour ? px[c] : px[0];
    } else {
      v[0] = colour ? (px[0] * 77u + px[1] * 150u + px[2] * 29u) >> 8 : px[0];
    }
    const unsigned a = alpha ? px[in - 1] : 255;
    for (int c = 0; c < channels; ++c)
      dst[p * channels + c] = static_cast<std::uint8_t>(a == 255 ? v[c] : (v[c] * a + bg * (255 - a) + 127) / 255);
  }
  return out;
}

inline Tensor<std::uint8_t> read_image(const std::filesystem::path& path, int channels,
                                       const ImageOptions& options = {}) {
  const auto bytes = read_file(path, std::uint64_t{1} << 30);
  return decode_image(path.string(), bytes, channels, options);
}

// Exact area-average resize of an (sh, sw, c) image into (dh, dw, c) at dst (see the top of the file).
// `scratch` (grown as needed, reusable across calls) avoids allocating per image.
inline void resize_area(const std::uint8_t* src, int sh, int sw, int c, std::uint8_t* dst, int dh, int dw,
                        std::vector<std::uint64_t>& scratch) {
  require(sh > 0 && sw > 0 && c > 0 && dh > 0 && dw > 0, "resize_area: sizes must be positive (", sh, "x", sw, "x", c,
          " -> ", dh, "x", dw, ")");
  // In units of 1/(dw) source pixels for x: source pixel i spans [i*dw, (i+1)*dw) and output pixel
  // x spans [x*sw, (x+1)*sw); the overlap of the two is the integer weight. Same for y.
  const std::size_t row = static_cast<std::size_t>(dw) * c;
  scratch.assign(row + static_cast<std::size_t>(dh) * row, 0);
  std::uint64_t* hsum = scratch.data();
  std::uint64_t* acc = scratch.data() + row;
  const auto overlap = [](std::int64_t a0, std::int64_t a1, std::int64_t b0, std::int64_t b1) -> std::uint64_t {
    const auto lo = std::max(a0, b0), hi = std::min(a1, b1);
    return hi > lo ? static_cast<std::uint64_t>(hi - lo) : 0;
  };
  for (int j = 0; j < sh; ++j) {
    std::fill(hsum, hsum + row, 0);
    const std::uint8_t* line = src + static_cast<std::size_t>(j) * sw * c;
    for (int x = 0; x < dw; ++x) {
      const std::int64_t x0 = std::int64_t{x} * sw, x1 = x0 + sw;
      for (std::int64_t i = x0 / dw; i < sw && i * dw < x1; ++i) {
        const auto w = overlap(i * dw, (i + 1) * dw, x0, x1);
        for (int ch = 0; ch < c; ++ch) hsum[x * c + ch] += w * line[i * c + ch];
      }
    }
    const std::int64_t j0 = std::int64_t{j} * dh, j1 = j0 + dh;
    for (std::int64_t y = j0 / sh; y < dh && y * sh < j1; ++y) {
      const auto w = overlap(y * sh, (y + 1) * sh, j0, j1);
      if (w == 0) continue;
      std::uint64_t* out = acc + y * row;
      for (std::size_t k = 0; k < row; ++k) out[k] += w * hsum[k];
    }
  }
  const std::uint64_t total = static_cast<std::uint64_t>(sw) * static_cast<std::uint64_t>(sh);
  for (std::size_t k = 0; k < static_cast<std::size_t>(dh) * row; ++k)
    dst[k] = static_cast<std::uint8_t>((acc[k] + total / 2) / total);
}

inline Tensor<std::uint8_t> resize_area(const Tensor<std::uint8_t>& image, int height, int width) {
  require(image.rank() == 3, "resize_area: expected an (H, W, C) image, got shape ", image.shape().str());
  Tensor<std::uint8_t> out(Shape{height, width, image.dim(2)});
  std::vector<std::uint64_t> scratch;
  resize_area(image.data(), static_cast<int>(image.dim(0)), static_cast<int>(image.dim(1)),
              static_cast<int>(image.dim(2)), out.data(), height, width, scratch);
  return out;
}

// The largest centred square of an (H, W, C) image, for resizing without distortion.
inline Tensor<std::uint8_t> center_crop_square(const Tensor<std::uint8_t>& image) {
  require(image.rank() == 3, "center_crop_square: expected an (H, W, C) image, got shape ", image.shape().str());
  const auto h = image.dim(0), w = image.dim(1), c = image.dim(2), s = std::min(h, w);
  const auto top = (h - s) / 2, left = (w - s) / 2;
  Tensor<std::uint8_t> out(Shape{s, s, c});
  for (std::int64_t y = 0; y < s; ++y)
    std::memcpy(out.data() + y * s * c, image.data() + ((top + y) * w + left) * c, static_cast<std::size_t>(s * c));
  return out;
}

// PNG bytes of an (H, W) grey or (H, W, C) image with C in 1..4 (grey, grey+alpha, RGB, RGBA).
inline std::string png_bytes(const std::uint8_t* pixels, int height, int width, int channels) {
  require(height > 0 && width > 0 && channels >= 1 && channels <= 4, "png: cannot encode a ", height, "x", width, "x",
          channels, " image (need positive sizes and 1 to 4 channels)");
  std::string out;
  const auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &out, width, height, channels, pixels, width * channels))
    fail("png: stb_image_write failed to encode a ", height, "x", width, "x", channels, " image");
  return out;
}

inline void write_png(const std::filesystem::path& path, const Tensor<std::uint8_t>& image) {
  require(image.rank() == 2 || image.rank() == 3, path.string(),
          ": a PNG needs an (H, W) or (H, W, C) image, got shape ", image.shape().str());
  const int channels = image.rank() == 3 ? static_cast<int>(image.dim(2)) : 1;
  std::string bytes;
  try {
    bytes = png_bytes(image.data(), static_cast<int>(image.dim(0)), static_cast<int>(image.dim(1)), channels);
  } catch (const Error& e) {
    fail(path.string(), ": ", e.what());
  }
  write_text_atomically(path, bytes);
}

}  // namespace aecluster::io
