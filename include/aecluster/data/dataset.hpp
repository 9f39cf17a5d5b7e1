#pragma once
// A data set as every source delivers it: uint8 images in NHWC order, optional integer labels
// with their class names, and where it came from (for messages and reports).
#include <aecluster/error.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace aecluster::data {

// The side length every source resizes or pads to, and the architectures expect.
inline constexpr int image_size = 32;

struct Dataset {
  Tensor<std::uint8_t> images;                 // (N, H, W, C), C = 1 (grey) or 3 (RGB)
  std::optional<Tensor<std::int64_t>> labels;  // (N,), values in [0, class_names.size())
  std::vector<std::string> class_names;        // names of the label values; empty without labels
  std::string source;                          // e.g. "fashion-mnist:train", ".../trainX.npy"

  [[nodiscard]] std::int64_t size() const { return images.rank() == 4 ? images.dim(0) : 0; }
  [[nodiscard]] int height() const { return images.rank() == 4 ? static_cast<int>(images.dim(1)) : 0; }
  [[nodiscard]] int width() const { return images.rank() == 4 ? static_cast<int>(images.dim(2)) : 0; }
  [[nodiscard]] int channels() const { return images.rank() == 4 ? static_cast<int>(images.dim(3)) : 0; }
  [[nodiscard]] std::int64_t image_bytes() const { return std::int64_t{height()} * width() * channels(); }
  [[nodiscard]] bool has_labels() const { return labels.has_value(); }
  [[nodiscard]] int num_classes() const { return static_cast<int>(class_names.size()); }
  [[nodiscard]] std::span<const std::uint8_t> image(std::int64_t i) const {
    return {images.data() + i * image_bytes(), static_cast<std::size_t>(image_bytes())};
  }

  // Throws, naming the source, unless: images are (N, H, W, C) with N > 0, H, W > 0, C in {1, 3};
  // labels, if any, are (N,) in [0, class count) with at least one class name.
  void validate() const {
    if (images.rank() != 4) fail(source, ": images must be (N, H, W, C), got shape ", images.shape().str());
    if (size() == 0) fail(source, ": the data set is empty (no images)");
    if (height() <= 0 || width() <= 0) fail(source, ": images have no pixels, shape ", images.shape().str());
    if (channels() != 1 && channels() != 3)
      fail(source, ": images must have 1 (grey) or 3 (RGB) channels, got ", channels(), " (shape ",
           images.shape().str(), ")");
    if (!labels) return;
    if (labels->rank() != 1 || labels->dim(0) != size())
      fail(source, ": ", size(), " images but labels of shape ", labels->shape().str(), " (expected (", size(), ",))");
    if (class_names.empty()) fail(source, ": labels without class names");
    for (std::int64_t i = 0; i < size(); ++i) {
      const auto l = (*labels)[i];
      if (l < 0 || l >= num_classes())
        fail(source, ": label ", l, " of image ", i, " is outside 0..", num_classes() - 1, " (", num_classes(),
             " classes)");
    }
  }

  // Also requires the images to be size x size (the architectures take 32x32).
  void validate_size(int size_required = image_size) const {
    validate();
    if (height() != size_required || width() != size_required)
      fail(source, ": images must be ", size_required, "x", size_required, ", got ", height(), "x", width());
  }

  // The images (and labels) at `indices`, in that order.
  [[nodiscard]] Dataset subset(std::span<const std::int64_t> indices) const {
    Dataset out;
    out.class_names = class_names;
    out.source = source;
    out.images.resize(Shape{static_cast<std::int64_t>(indices.size()), height(), width(), channels()});
    if (labels) out.labels.emplace(Shape{static_cast<std::int64_t>(indices.size())});
    const auto bytes = static_cast<std::size_t>(image_bytes());
    for (std::size_t k = 0; k < indices.size(); ++k) {
      const auto i = indices[k];
      require(i >= 0 && i < size(), source, ": index ", i, " is outside 0..", size() - 1);
      if (bytes)
        std::memcpy(out.images.data() + k * bytes, images.data() + i * static_cast<std::int64_t>(bytes), bytes);
      if (labels) (*out.labels)[static_cast<std::int64_t>(k)] = (*labels)[i];
    }
    return out;
  }

  // The first n images (all of them if n >= size()).
  [[nodiscard]] Dataset head(std::int64_t n) const {
    require(n >= 0, source, ": cannot take the first ", n, " images");
    n = std::min(n, size());
    std::vector<std::int64_t> idx(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) idx[static_cast<std::size_t>(i)] = i;
    return subset(idx);
  }

  // n images spread evenly over the set (image floor(k * size / n) for k < n; all of them if
  // n >= size()): a subset of a set stored in sorted order, such as a folder of class
  // sub-folders, that takes from every part of it, where head would take the first classes only.
  [[nodiscard]] Dataset spread(std::int64_t n) const {
    require(n >= 0, source, ": cannot take ", n, " images");
    if (n == 0 || n >= size()) return head(n);  // none, or all of them
    // k * size / n without overflow: k * (size % n) < n^2 < 2^62 (a subset of 2^31 images would
    // be terabytes).
    require(n < (std::int64_t{1} << 31), source, ": cannot take ", n, " images spread over the set");
    const std::int64_t q = size() / n, r = size() % n;
    std::vector<std::int64_t> idx(static_cast<std::size_t>(n));
    for (std::int64_t k = 0; k < n; ++k) idx[static_cast<std::size_t>(k)] = k * q + (k * r) / n;
    return subset(idx);
  }
};

}  // namespace aecluster::data
