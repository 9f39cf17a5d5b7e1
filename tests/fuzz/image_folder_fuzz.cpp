// A folder of images: up to six files split by fuzz::separator, the first byte of each choosing
// its place (class folder a/ or b/, or the root) and its extension; loaded with automatic
// channels, strictly and with unreadable files skipped.
#include <aecluster/data/image_folder.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = fuzz::split(data, size, 6);
  const auto dir = fuzz::fresh_scratch();
  const char* places[] = {"", "a/", "b/", ".hidden/"};
  const char* extensions[] = {".png", ".jpg", ".txt", ""};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) continue;
    const auto code = static_cast<unsigned char>(parts[i][0]);
    fuzz::write(dir / (std::string(places[code & 3]) + std::to_string(i) + extensions[(code >> 2) & 3]),
                parts[i].substr(1));
  }
  for (const bool skip : {false, true}) {
    aecluster::data::ImageFolderOptions options;
    options.channels = 0;
    options.skip_unreadable = skip;
    options.center_crop = skip;
    options.image.max_pixels = std::int64_t{1} << 20;
    fuzz::expect_ok_or_error(dir.string(), [&] { (void)aecluster::data::load_image_folder(dir, options); });
  }
  return 0;
}
