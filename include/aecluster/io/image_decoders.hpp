#pragma once
// PNG and JPEG decoding with libpng and libjpeg-turbo, both continuously fuzzed upstream (OSS-Fuzz)
// and patched by Debian's security team: unlike stb_image, they are meant for untrusted files.
// The declared width and height are checked against a pixel budget before any pixel buffer is
// allocated. Both libraries report errors with longjmp, so each decoder runs in one function
// whose frame holds no object with a destructor after setjmp; the pixels go into a buffer owned
// by the caller, and the error message comes back as text for the caller to throw.
#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include <jpeglib.h>  // after <cstdio>: it uses FILE and size_t without including them
#include <png.h>

#include <cstring>
#include <string_view>
#include <vector>

namespace aecluster::io::detail {

// Pixels as the file holds them, 8 bits per sample: channels 1 (grey), 2 (grey, alpha), 3 (RGB)
// or 4 (RGBA), rows top to bottom, channels interleaved.
struct RawImage {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<std::uint8_t> pixels;  // empty when only the header was read
};

enum class DecodeStatus { ok, too_large, failed };

struct DecodeResult {
  DecodeStatus status = DecodeStatus::failed;
  char message[JMSG_LENGTH_MAX > 256 ? JMSG_LENGTH_MAX : 256] = {};
};

inline bool is_png(std::string_view bytes) {
  return bytes.size() >= 8 && png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) == 0;
}
inline bool is_jpeg(std::string_view bytes) {
  return bytes.size() >= 3 && bytes.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3);
}

// ---- PNG

struct PngState {
  std::string_view bytes;
  std::size_t position = 0;
  DecodeResult* result = nullptr;
  std::jmp_buf jump;
};

extern "C" inline void aecluster_png_read(png_structp png, png_bytep out, png_size_t n) {
  auto* s = static_cast<PngState*>(png_get_io_ptr(png));
  if (n > s->bytes.size() - s->position) png_error(png, "the file ends early (truncated)");
  std::memcpy(out, s->bytes.data() + s->position, n);
  s->position += n;
}
extern "C" inline void aecluster_png_error(png_structp png, png_const_charp message) {
  auto* s = static_cast<PngState*>(png_get_error_ptr(png));
  std::snprintf(s->result->message, sizeof s->result->message, "%s", message);
  std::longjmp(s->jump, 1);
}
extern "C" inline void aecluster_png_warning(png_structp, png_const_charp) {}  // ancillary problems: decode anyway

inline DecodeResult decode_png(std::string_view bytes, RawImage& out, std::int64_t max_pixels, bool header_only) {
  DecodeResult result;
  PngState state;
  state.bytes = bytes;
  state.result = &result;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, aecluster_png_error, aecluster_png_warning);
  if (!png) {
    std::snprintf(result.message, sizeof result.message, "libpng cannot start");
    return result;
  }
  png_infop info = png_create_info_struct(png);
  if (!info || setjmp(state.jump)) {
    png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    result.status = DecodeStatus::failed;
    return result;
  }
  png_set_read_fn(png, &state, aecluster_png_read);
  png_read_info(png, info);
  out.width = static_cast<int>(png_get_image_width(png, info));
  out.height = static_cast<int>(png_get_image_height(png, info));
  const auto type = png_get_color_type(png, info);
  if (png_get_bit_depth(png, info) == 16) png_set_strip_16(png);
  if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (type == PNG_COLOR_TYPE_GRAY) png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  png_set_packing(png);
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  out.channels = png_get_channels(png, info);
  if (std::int64_t{out.width} * out.height > max_pixels) {
    png_destroy_read_struct(&png, &info, nullptr);
    result.status = DecodeStatus::too_large;
    return result;
  }
  if (!header_only) {
    const std::size_t row = static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.channels);
    if (png_get_rowbytes(png, info) != row) png_error(png, "unexpected row size after conversion to 8 bits");
    out.pixels.assign(row * static_cast<std::size_t>(out.height), 0);
    for (int pass = 0; pass < passes; ++pass)
      for (int y = 0; y < out.height; ++y)
        png_read_row(png, out.pixels.data() + row * static_cast<std::size_t>(y), nullptr);
    png_read_end(png, nullptr);  // checks the chunks after the pixels, up to IEND
  }
  png_destroy_read_struct(&png, &info, nullptr);
  result.status = DecodeStatus::ok;
  return result;
}

// ---- JPEG

struct JpegState {
  jpeg_error_mgr manager;  // first, so that the library's pointer to it is a pointer to this
  std::jmp_buf jump;
  DecodeResult* result = nullptr;
  int warnings = 0;
  char first_warning[JMSG_LENGTH_MAX] = {};
};

extern "C" inline void aecluster_jpeg_error(j_common_ptr cinfo) {
  auto* s = reinterpret_cast<JpegState*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, s->result->message);
  std::longjmp(s->jump, 1);
}
// libjpeg carries on past corrupt or missing data with a warning (and grey pixels); we refuse
// such files instead, so warnings are counted and the first one kept.
extern "C" inline void aecluster_jpeg_message(j_common_ptr cinfo, int level) {
  if (level >= 0) return;
  auto* s = reinterpret_cast<JpegState*>(cinfo->err);
  if (s->warnings++ == 0) (*cinfo->err->format_message)(cinfo, s->first_warning);
}
// A progressive JPEG can hold thousands of tiny scans that each cost a pass over the image (a
// known denial of service); real files have about ten.
extern "C" inline void aecluster_jpeg_progress(j_common_ptr cinfo) {
  auto* d = reinterpret_cast<j_decompress_ptr>(cinfo);
  if (d->input_scan_number > 256) {
    auto* s = reinterpret_cast<JpegState*>(cinfo->err);
    std::snprintf(s->result->message, sizeof s->result->message, "more than 256 progressive scans");
    std::longjmp(s->jump, 1);
  }
}

inline DecodeResult decode_jpeg(std::string_view bytes, RawImage& out, std::int64_t max_pixels, bool header_only) {
  DecodeResult result;
  JpegState state;
  state.result = &result;
  jpeg_decompress_struct cinfo;
  jpeg_progress_mgr progress;
  progress.progress_monitor = aecluster_jpeg_progress;
  cinfo.err = jpeg_std_error(&state.manager);
  state.manager.error_exit = aecluster_jpeg_error;
  state.manager.emit_message = aecluster_jpeg_message;
  if (setjmp(state.jump)) {
    jpeg_destroy_decompress(&cinfo);
    result.status = DecodeStatus::failed;
    return result;
  }
  jpeg_create_decompress(&cinfo);
  cinfo.progress = &progress;
  cinfo.mem->max_memory_to_use = 512L << 20;
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  out.width = static_cast<int>(cinfo.image_width);
  out.height = static_cast<int>(cinfo.image_height);
  if (cinfo.jpeg_color_space == JCS_GRAYSCALE) {
    cinfo.out_color_space = JCS_GRAYSCALE;
    out.channels = 1;
  } else if (cinfo.jpeg_color_space == JCS_YCbCr || cinfo.jpeg_color_space == JCS_RGB) {
    cinfo.out_color_space = JCS_RGB;
    out.channels = 3;
  } else {
    std::snprintf(result.message, sizeof result.message, "CMYK and YCCK JPEGs are not supported (convert to RGB)");
    jpeg_destroy_decompress(&cinfo);
    return result;
  }
  if (std::int64_t{out.width} * out.height > max_pixels) {
    jpeg_destroy_decompress(&cinfo);
    result.status = DecodeStatus::too_large;
    return result;
  }
  if (!header_only) {
    jpeg_start_decompress(&cinfo);
    const std::size_t row = static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.channels);
    if (cinfo.output_components != out.channels || static_cast<int>(cinfo.output_width) != out.width ||
        static_cast<int>(cinfo.output_height) != out.height) {
      std::snprintf(result.message, sizeof result.message, "unexpected output size from libjpeg");
      jpeg_destroy_decompress(&cinfo);
      return result;
    }
    out.pixels.assign(row * static_cast<std::size_t>(out.height), 0);
    while (cinfo.output_scanline < cinfo.output_height) {
      JSAMPROW line = out.pixels.data() + row * cinfo.output_scanline;
      jpeg_read_scanlines(&cinfo, &line, 1);
    }
    jpeg_finish_decompress(&cinfo);
    if (state.warnings) {
      std::snprintf(result.message, sizeof result.message, "corrupt or truncated JPEG data (%s)", state.first_warning);
      jpeg_destroy_decompress(&cinfo);
      return result;
    }
  }
  jpeg_destroy_decompress(&cinfo);
  result.status = DecodeStatus::ok;
  return result;
}

}  // namespace aecluster::io::detail
