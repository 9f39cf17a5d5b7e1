#pragma once
// Image files: decoding with stb_image (PNG, JPEG, BMP, TGA, GIF's first frame, PSD, PNM, HDR,
// PIC) to grey or RGB bytes, resizing by exact area averaging, and PNG writing (atomic).
// Images are Tensor<uint8_t> of shape (H, W, C), row-major, channels interleaved.
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
#include <aecluster/tensor.hpp>

#include <stb_image.h>
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

inline std::string stb_reason() {
  const char* reason = stbi_failure_reason();
  const std::string r = reason ? reason : "unknown reason";
  if (r == "unknown image type")
    return "not an image format stb_image can decode (PNG, JPEG, BMP, TGA, GIF, PSD, PNM, HDR, PIC)";
  return r;
}

inline void check_stb_size(std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    fail("image of ", bytes.size(), " bytes is too large for stb_image");
}

// stb_image pads a JPEG that stops early with zeros and reports success; a grey band across a
// photograph is worse than an error, so require the end-of-image marker after the last scan.
inline void check_jpeg_complete(const std::string& name, std::string_view bytes) {
  if (bytes.size() < 2 || static_cast<unsigned char>(bytes[0]) != 0xFF || static_cast<unsigned char>(bytes[1]) != 0xD8) return;
  const auto sos = bytes.rfind("\xFF\xDA");
  const auto eoi = bytes.rfind("\xFF\xD9");
  if (sos == std::string_view::npos || eoi == std::string_view::npos || eoi < sos)
    fail(name, ": truncated JPEG (no end-of-image marker after the image data)");
}

struct StbFree {
  void operator()(unsigned char* p) const { stbi_image_free(p); }
};

}  // namespace detail

// The size and channel count stored in an image file's header, without decoding it.
inline ImageInfo image_info(const std::string& name, std::string_view bytes) {
  detail::check_stb_size(bytes);
  ImageInfo info;
  if (!stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()), &info.width,
                             &info.height, &info.channels))
    fail(name, ": cannot read the image: ", detail::stb_reason());
  return info;
}

// Decodes an image file's bytes to (H, W, channels) with channels 1 (grey, ITU-R BT.601 luma as
// stb computes it) or 3 (RGB); alpha is composited over options.background.
inline Tensor<std::uint8_t> decode_image(const std::string& name, std::string_view bytes, int channels, const ImageOptions& options = {}) {
  require(channels == 1 || channels == 3, name, ": images can be decoded to 1 or 3 channels, not ", channels);
  const ImageInfo info = image_info(name, bytes);
  if (info.width <= 0 || info.height <= 0) fail(name, ": image has no pixels (", info.width, "x", info.height, ")");
  if (static_cast<std::int64_t>(info.width) * info.height > options.max_pixels)
    fail(name, ": image of ", info.width, "x", info.height, " pixels is larger than the limit of ", options.max_pixels, " pixels");
  detail::check_jpeg_complete(name, bytes);
  const bool alpha = info.channels == 2 || info.channels == 4;
  const int load = channels + (alpha ? 1 : 0);
  int w = 0, h = 0, file_channels = 0;
  std::unique_ptr<unsigned char, detail::StbFree> pixels(stbi_load_from_memory(
      reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()), &w, &h, &file_channels, load));
  if (!pixels) fail(name, ": cannot decode the image: ", detail::stb_reason());
  if (w != info.width || h != info.height)
    fail(name, ": image decodes to ", w, "x", h, " pixels but its header says ", info.width, "x", info.height);
  Tensor<std::uint8_t> out(Shape{h, w, channels});
  const std::int64_t n = static_cast<std::int64_t>(w) * h;
  const unsigned char* src = pixels.get();
  std::uint8_t* dst = out.data();
  if (!alpha) {
    std::memcpy(dst, src, static_cast<std::size_t>(n * channels));
  } else {
    const unsigned bg = options.background;
    for (std::int64_t p = 0; p < n; ++p) {
      const unsigned a = src[p * load + channels];
      for (int c = 0; c < channels; ++c)
        dst[p * channels + c] = static_cast<std::uint8_t>((src[p * load + c] * a + bg * (255 - a) + 127) / 255);
    }
  }
  return out;
}

inline Tensor<std::uint8_t> read_image(const std::filesystem::path& path, int channels, const ImageOptions& options = {}) {
  const auto bytes = read_file(path, std::uint64_t{1} << 30);
  return decode_image(path.string(), bytes, channels, options);
}

// Exact area-average resize of an (sh, sw, c) image into (dh, dw, c) at dst (see the top of the file).
// `scratch` (grown as needed, reusable across calls) avoids allocating per image.
inline void resize_area(const std::uint8_t* src, int sh, int sw, int c, std::uint8_t* dst, int dh, int dw,
                        std::vector<std::uint64_t>& scratch) {
  require(sh > 0 && sw > 0 && c > 0 && dh > 0 && dw > 0, "resize_area: sizes must be positive (", sh, "x", sw, "x", c, " -> ", dh,
          "x", dw, ")");
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
  for (std::size_t k = 0; k < static_cast<std::size_t>(dh) * row; ++k) dst[k] = static_cast<std::uint8_t>((acc[k] + total / 2) / total);
}

inline Tensor<std::uint8_t> resize_area(const Tensor<std::uint8_t>& image, int height, int width) {
  require(image.rank() == 3, "resize_area: expected an (H, W, C) image, got shape ", image.shape().str());
  Tensor<std::uint8_t> out(Shape{height, width, image.dim(2)});
  std::vector<std::uint64_t> scratch;
  resize_area(image.data(), static_cast<int>(image.dim(0)), static_cast<int>(image.dim(1)), static_cast<int>(image.dim(2)),
              out.data(), height, width, scratch);
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
  require(height > 0 && width > 0 && channels >= 1 && channels <= 4, "png: cannot encode a ", height, "x", width, "x", channels,
          " image (need positive sizes and 1 to 4 channels)");
  std::string out;
  const auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &out, width, height, channels, pixels, width * channels))
    fail("png: stb_image_write failed to encode a ", height, "x", width, "x", channels, " image");
  return out;
}

inline void write_png(const std::filesystem::path& path, const Tensor<std::uint8_t>& image) {
  require(image.rank() == 2 || image.rank() == 3, path.string(), ": a PNG needs an (H, W) or (H, W, C) image, got shape ",
          image.shape().str());
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
