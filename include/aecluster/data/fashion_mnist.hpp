#pragma once
// Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017) from its IDX files, as Debian's
// dataset-fashion-mnist package installs them: 60000 training and 10000 test images of 28x28
// grey pixels, padded here to 32x32 with the background value 0 (2 pixels on every side), C = 1.
#include <aecluster/data/dataset.hpp>
#include <aecluster/error.hpp>
#include <aecluster/io/idx.hpp>

#include <array>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

namespace aecluster::data {

inline const std::filesystem::path fashion_mnist_default_dir = "/usr/share/datasets/fashion-mnist";

inline constexpr std::array<std::string_view, 10> fashion_mnist_classes = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

enum class Split { train, test };

namespace detail {
// The gzip file, or the uncompressed one if that is what the folder holds.
inline std::filesystem::path fashion_mnist_file(const std::filesystem::path& dir, const std::string& stem) {
  for (const auto& name : {stem + ".gz", stem})
    if (std::filesystem::exists(dir / name)) return dir / name;
  if (!std::filesystem::is_directory(dir))
    fail(dir.string(),
         ": Fashion-MNIST folder not found (install Debian's dataset-fashion-mnist, or give the folder that holds ",
         stem, ".gz)");
  fail((dir / (stem + ".gz")).string(), ": Fashion-MNIST file not found (neither it nor ", stem, " is in ",
       dir.string(), ")");
}
}  // namespace detail

// Loads one split from `dir`, padded to 32x32 with 0, labels 0..9 with fashion_mnist_classes.
inline Dataset load_fashion_mnist(Split split, const std::filesystem::path& dir = fashion_mnist_default_dir) {
  const std::string prefix = split == Split::train ? "train" : "t10k";
  const auto images_path = detail::fashion_mnist_file(dir, prefix + "-images-idx3-ubyte");
  const auto labels_path = detail::fashion_mnist_file(dir, prefix + "-labels-idx1-ubyte");
  const auto raw = io::read_idx(images_path);
  const auto raw_labels = io::read_idx(labels_path);
  if (raw.rank() != 3 || raw.dim(1) != 28 || raw.dim(2) != 28)
    fail(images_path.string(), ": Fashion-MNIST images must be (N, 28, 28), got ", raw.shape().str());
  if (raw_labels.rank() != 1 || raw_labels.dim(0) != raw.dim(0))
    fail(labels_path.string(), ": ", raw_labels.shape().str(), " labels for ", raw.dim(0), " images in ",
         images_path.string());
  const std::int64_t n = raw.dim(0);
  if (n == 0) fail(images_path.string(), ": no images");

  Dataset d;
  d.source =
      aecluster::detail::concat("fashion-mnist:", split == Split::train ? "train" : "test", " (", dir.string(), ")");
  d.class_names.assign(fashion_mnist_classes.begin(), fashion_mnist_classes.end());
  constexpr int pad = (image_size - 28) / 2;
  d.images.resize(Shape{n, image_size, image_size, 1});
  d.images.fill(0);
  for (std::int64_t i = 0; i < n; ++i)
    for (int y = 0; y < 28; ++y)
      std::memcpy(d.images.data() + (i * image_size + y + pad) * image_size + pad, raw.data() + (i * 28 + y) * 28, 28);
  d.labels.emplace(Shape{n});
  for (std::int64_t i = 0; i < n; ++i) {
    const int l = raw_labels[i];
    if (l >= 10) fail(labels_path.string(), ": label ", l, " of image ", i, " is outside 0..9");
    (*d.labels)[i] = l;
  }
  return d;
}

}  // namespace aecluster::data
