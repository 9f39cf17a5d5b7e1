#pragma once
// PNG output of a canvas: encoded in memory by stb_image_write, written atomically.
#include "report/canvas.hpp"

#include <filesystem>
#include <string>

namespace vgg7::report {

[[nodiscard]] std::string encode_png(const Canvas& canvas);

// Temporary file + rename (aecluster::io::write_atomically): never a half-written PNG.
void write_png(const std::filesystem::path& path, const Canvas& canvas);

}  // namespace vgg7::report
