#pragma once
// A folder of image files (PNG and JPEG; see io/images.hpp), searched recursively,
// each resized to 32x32 (see io/images.hpp for the filter). Files are taken in sorted path order,
// so the same folder gives the same data set everywhere. When the folder has sub-folders holding
// images, each first-level sub-folder is a class (names sorted, as torchvision's ImageFolder
// does) and every image must be inside one; otherwise the images are unlabelled. Hidden files and
// folders (names starting with '.') are ignored. Every other file must be a readable image: a
// file that is not, is an Error naming it, unless skip_unreadable is set, in which case it is
// listed in ImageFolder::skipped.
#include <aecluster/data/dataset.hpp>
#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>
#include <aecluster/io/images.hpp>
#include <aecluster/parallel.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace aecluster::data {

struct ImageFolderOptions {
  int channels = 3;              // 3: RGB; 1: grey; 0 (auto): 1 when every image is grey (R = G = B everywhere), else 3
  int size = image_size;         // output images are size x size
  bool center_crop = false;      // false: stretch the whole image to a square; true: crop its centred square first
  bool skip_unreadable = false;  // false: the first unreadable file is an Error
  io::ImageOptions image;        // decoding limits and the background for transparent pixels
  ThreadPool* pool = nullptr;    // decode in parallel (results do not depend on it)
  std::function<void(std::int64_t done, std::int64_t total)> progress;  // called on the calling thread
};

struct SkippedFile {
  std::filesystem::path path;
  std::string reason;
};

struct ImageFolder {
  Dataset dataset;
  std::vector<std::filesystem::path> files;  // the file of each image, in order
  std::vector<SkippedFile> skipped;          // only with skip_unreadable
};

namespace detail {

inline bool hidden(const std::filesystem::path& relative) {
  for (const auto& part : relative)
    if (!part.empty() && part.native()[0] == '.' && part != "." && part != "..") return true;
  return false;
}

// Grey images saved as RGB have R = G = B at every pixel, and stay so through area resizing
// (every channel is averaged alike); their luma is that same value, so keeping channel 0 is
// exactly what decoding them as grey gives.
inline bool all_grey(const Tensor<std::uint8_t>& rgb) {
  const std::uint8_t* p = rgb.data();
  for (std::int64_t i = 0; i < rgb.numel(); i += 3)
    if (p[i] != p[i + 1] || p[i] != p[i + 2]) return false;
  return true;
}
inline Tensor<std::uint8_t> first_channel(const Tensor<std::uint8_t>& rgb) {
  Tensor<std::uint8_t> grey(Shape{rgb.dim(0), rgb.dim(1), rgb.dim(2), 1});
  for (std::int64_t i = 0; i < grey.numel(); ++i) grey[i] = rgb[3 * i];
  return grey;
}

}  // namespace detail

inline ImageFolder load_image_folder(const std::filesystem::path& root, const ImageFolderOptions& options = {}) {
  require(options.channels == 0 || options.channels == 1 || options.channels == 3, root.string(),
          ": images can be loaded with 1 or 3 channels (or 0, automatic), not ", options.channels);
  require(options.size > 0, root.string(), ": the image size must be positive, got ", options.size);
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) fail(root.string(), ": not a folder (or it does not exist)");

  // Every regular file, sorted by path; hidden entries skipped.
  std::vector<std::filesystem::path> all;
  std::filesystem::recursive_directory_iterator it(root, ec), end;
  if (ec) fail(root.string(), ": cannot list the folder: ", ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) fail(root.string(), ": cannot list the folder: ", ec.message());
    const auto relative = it->path().lexically_relative(root);
    if (detail::hidden(relative)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) all.push_back(it->path());
  }
  if (ec) fail(root.string(), ": cannot list the folder: ", ec.message());
  std::sort(all.begin(), all.end());
  if (all.empty()) fail(root.string(), ": no image files found (searched recursively; hidden files are ignored)");

  ImageFolder out;
  // Class folders: first-level sub-folders that hold files. Files directly in root cannot be
  // labelled when such folders exist.
  std::set<std::string> classes;
  for (const auto& p : all) {
    const auto relative = p.lexically_relative(root);
    if (std::distance(relative.begin(), relative.end()) > 1) classes.insert(relative.begin()->string());
  }
  const bool labelled = !classes.empty();
  std::vector<std::filesystem::path> files;
  for (const auto& p : all) {
    const auto relative = p.lexically_relative(root);
    if (labelled && std::distance(relative.begin(), relative.end()) == 1) {
      const std::string reason = "not inside a class folder, but " + root.string() + " has class folders (" +
                                 *classes.begin() + ", ...): put every image in a class folder, or none";
      if (!options.skip_unreadable) fail(p.string(), ": ", reason);
      out.skipped.push_back({p, reason});
      continue;
    }
    files.push_back(p);
  }

  // Decode and resize into one slot per file; errors are kept per file and reported in order.
  const auto n = static_cast<std::int64_t>(files.size());
  const int s = options.size, c = options.channels == 0 ? 3 : options.channels;
  const std::int64_t bytes = std::int64_t{s} * s * c;
  Tensor<std::uint8_t> images(Shape{n, s, s, c});
  std::vector<std::string> errors(files.size());
  const int workers = options.pool ? options.pool->size() : 1;
  std::vector<std::vector<std::uint64_t>> scratch(static_cast<std::size_t>(workers));
  const auto decode = [&](std::int64_t i, int worker) {
    try {
      const auto& path = files[static_cast<std::size_t>(i)];
      auto img = io::read_image(path, c, options.image);
      if (options.center_crop) img = io::center_crop_square(img);
      io::resize_area(img.data(), static_cast<int>(img.dim(0)), static_cast<int>(img.dim(1)), c,
                      images.data() + i * bytes, s, s, scratch[static_cast<std::size_t>(worker)]);
    } catch (const std::exception& e) {
      errors[static_cast<std::size_t>(i)] = e.what();
    }
  };
  constexpr std::int64_t block = 256;
  for (std::int64_t first = 0; first < n; first += block) {
    const auto count = std::min(block, n - first);
    if (options.pool)
      options.pool->run(count, [&](std::int64_t t, int worker) { decode(first + t, worker); });
    else
      for (std::int64_t t = 0; t < count; ++t) decode(first + t, 0);
    if (options.progress) options.progress(first + count, n);
  }

  std::int64_t bad = 0;
  for (const auto& e : errors) bad += !e.empty();
  if (bad && !options.skip_unreadable) {
    const auto first_bad = std::find_if(errors.begin(), errors.end(), [](const std::string& e) { return !e.empty(); });
    fail(*first_bad,
         bad > 1 ? aecluster::detail::concat(" (and ", bad - 1, " more unreadable files in ", root.string(), ")") : "");
  }

  // Keep the readable images, in order.
  std::int64_t kept = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const auto& path = files[static_cast<std::size_t>(i)];
    if (!errors[static_cast<std::size_t>(i)].empty()) {
      out.skipped.push_back({path, errors[static_cast<std::size_t>(i)]});
      continue;
    }
    if (kept != i)
      std::memmove(images.data() + kept * bytes, images.data() + i * bytes, static_cast<std::size_t>(bytes));
    out.files.push_back(path);
    ++kept;
  }
  if (kept == 0)
    fail(root.string(), ": none of the ", out.skipped.size(),
         " files could be read as an image (first: ", out.skipped.front().path.string(), ": ",
         out.skipped.front().reason, ")");
  std::sort(out.skipped.begin(), out.skipped.end(),
            [](const SkippedFile& a, const SkippedFile& b) { return a.path < b.path; });

  Dataset& d = out.dataset;
  d.source = root.string();
  images.resize(Shape{kept, s, s, c});  // shrinking keeps the storage: no copy
  if (options.channels == 0 && detail::all_grey(images)) images = detail::first_channel(images);
  d.images = std::move(images);
  if (labelled) {
    // Class indices follow the sorted names of the folders that kept at least one image.
    std::map<std::string, int> used;
    for (const auto& p : out.files) used.emplace(p.lexically_relative(root).begin()->string(), 0);
    int k = 0;
    for (auto& [name, index] : used) {
      index = k++;
      d.class_names.push_back(name);
    }
    d.labels.emplace(Shape{kept});
    for (std::int64_t i = 0; i < kept; ++i)
      (*d.labels)[i] = used.at(out.files[static_cast<std::size_t>(i)].lexically_relative(root).begin()->string());
  }
  d.validate();
  return out;
}

}  // namespace aecluster::data
