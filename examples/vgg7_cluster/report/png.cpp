#include "report/png.hpp"

#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>

#include <stb_image_write.h>

namespace vgg7::report {

std::string encode_png(const Canvas& canvas) {
  const std::vector<std::uint8_t> pixels = canvas.rgb();
  std::string out;
  auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
  };
  const int ok =
      stbi_write_png_to_func(append, &out, canvas.width(), canvas.height(), 3, pixels.data(), canvas.width() * 3);
  aecluster::require(ok != 0 && !out.empty(), "encode_png: stb_image_write failed on a ", canvas.width(), "x",
                     canvas.height(), " image");
  return out;
}

void write_png(const std::filesystem::path& path, const Canvas& canvas) {
  const std::string bytes = encode_png(canvas);
  aecluster::io::write_text_atomically(path, bytes);
}

}  // namespace vgg7::report
