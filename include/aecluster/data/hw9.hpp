#pragma once
// The assignment's file layout: DIR/trainX.npy uint8 (N, 32, 32, C), DIR/valX.npy uint8
// (M, 32, 32, C), DIR/valY.npy integer labels (M,), and optionally DIR/trainY.npy (N,) (the
// leaderboard's hidden labels, for reporting only). C is 3 (RGB) or 1; (N, 32, 32) is taken as
// grey. Labels are 0..K-1 with K = 1 + the largest label in valY/trainY; class names are "0".."K-1".
#include <aecluster/data/dataset.hpp>
#include <aecluster/error.hpp>
#include <aecluster/io/npy.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace aecluster::data {

struct Hw9Data {
  Dataset train;  // labels only when trainY.npy exists
  Dataset val;    // always labelled
};

struct Hw9Options {
  int max_classes = 1000;  // a label beyond this is taken as a mistake (a wrong file), not as a class
};

namespace detail {

inline std::filesystem::path hw9_file(const std::filesystem::path& dir, const char* name) {
  const auto path = dir / name;
  if (std::filesystem::exists(path)) return path;
  if (!std::filesystem::is_directory(dir))
    fail(dir.string(), ": folder not found (expected the assignment's trainX.npy, valX.npy and valY.npy in it)");
  fail(path.string(), ": file not found (the assignment's layout needs trainX.npy, valX.npy and valY.npy in ",
       dir.string(), ")");
}

inline Tensor<std::uint8_t> hw9_images(const std::filesystem::path& path) {
  auto a = io::read_npy(path);
  if (a.dtype != io::DType::u8)
    fail(path.string(), ": images must be uint8 (0..255) as in the assignment, got ", io::dtype_name(a.dtype),
         io::dtype_is_float(a.dtype) ? " (already-normalised floats? save the raw uint8 pixels)" : "");
  const auto& s = a.shape;
  const std::string expected = " (expected (N, 32, 32, 3), (N, 32, 32, 1) or (N, 32, 32))";
  if (s.rank() == 4 && (s[1] == 1 || s[1] == 3) && s[3] != 1 && s[3] != 3)
    fail(path.string(), ": shape ", s.str(), " looks channels-first (NCHW); the assignment's layout is NHWC", expected);
  if (s.rank() != 3 && s.rank() != 4) fail(path.string(), ": shape ", s.str(), " is not a stack of images", expected);
  if (s[1] != image_size || s[2] != image_size)
    fail(path.string(), ": images are ", s[1], "x", s[2], ", not ", image_size, "x", image_size, expected);
  if (s.rank() == 4 && s[3] != 1 && s[3] != 3)
    fail(path.string(), ": images have ", s[3], " channels; 1 or 3 are supported", expected);
  if (s[0] == 0) fail(path.string(), ": no images (shape ", s.str(), ")");
  Tensor<std::uint8_t> images(Shape{s[0], s[1], s[2], s.rank() == 4 ? s[3] : 1});
  std::memcpy(images.data(), a.bytes.data(), a.bytes.size());
  return images;
}

inline Tensor<std::int64_t> hw9_labels(const std::filesystem::path& path, std::int64_t count,
                                       const std::filesystem::path& images_path, int max_classes) {
  const auto a = io::read_npy(path);
  if (!io::dtype_is_integer(a.dtype) && a.dtype != io::DType::boolean)
    fail(path.string(), ": labels must be integers, got ", io::dtype_name(a.dtype));
  const bool column = a.shape.rank() == 2 && a.shape[1] == 1;  // (M, 1) is a common way to save (M,)
  if (!(a.shape.rank() == 1 || column)) fail(path.string(), ": labels must have shape (M,), got ", a.shape.str());
  if (a.shape[0] != count)
    fail(path.string(), ": ", a.shape[0], " labels for ", count, " images in ", images_path.string());
  Tensor<std::int64_t> labels(Shape{count});
  io::convert_elements(path.string(), a.dtype, a.bytes.data(), labels.data(), count);
  for (std::int64_t i = 0; i < count; ++i)
    if (labels[i] < 0 || labels[i] >= max_classes)
      fail(path.string(), ": label ", labels[i], " at index ", i, " is outside 0..", max_classes - 1);
  return labels;
}

}  // namespace detail

inline Hw9Data load_hw9(const std::filesystem::path& dir, const Hw9Options& options = {}) {
  const auto train_x = detail::hw9_file(dir, "trainX.npy");
  const auto val_x = detail::hw9_file(dir, "valX.npy");
  const auto val_y = detail::hw9_file(dir, "valY.npy");
  Hw9Data d;
  d.train.source = train_x.string();
  d.val.source = val_x.string();
  d.train.images = detail::hw9_images(train_x);
  d.val.images = detail::hw9_images(val_x);
  if (d.train.channels() != d.val.channels())
    fail(val_x.string(), ": images have ", d.val.channels(), " channels but those in ", train_x.string(), " have ",
         d.train.channels(), " (shapes ", d.val.images.shape().str(), " and ", d.train.images.shape().str(), ")");
  d.val.labels = detail::hw9_labels(val_y, d.val.size(), val_x, options.max_classes);
  if (const auto train_y = dir / "trainY.npy"; std::filesystem::exists(train_y))
    d.train.labels = detail::hw9_labels(train_y, d.train.size(), train_x, options.max_classes);

  std::int64_t top = 0;
  for (const Dataset* s : {&d.train, &d.val})
    if (s->labels)
      for (std::int64_t i = 0; i < s->size(); ++i) top = std::max(top, (*s->labels)[i]);
  std::vector<std::string> names;
  for (std::int64_t k = 0; k <= top; ++k) names.push_back(std::to_string(k));
  d.val.class_names = names;
  if (d.train.labels) d.train.class_names = names;
  d.train.validate_size();
  d.val.validate_size();
  return d;
}

}  // namespace aecluster::data
