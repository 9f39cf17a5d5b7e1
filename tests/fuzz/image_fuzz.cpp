// One image file: its header (image_info) and its pixels to grey and to RGB, under a pixel budget.
#include <aecluster/io/images.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace io = aecluster::io;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  io::ImageOptions options;
  options.max_pixels = std::int64_t{1} << 22;
  fuzz::expect_ok_or_error("fuzz.img", [&] { (void)io::image_info("fuzz.img", bytes); });
  for (int channels : {1, 3})
    fuzz::expect_ok_or_error("fuzz.img", [&] {
      const auto image = io::decode_image("fuzz.img", bytes, channels, options);
      (void)io::resize_area(image, 32, 32);
    });
  return 0;
}
