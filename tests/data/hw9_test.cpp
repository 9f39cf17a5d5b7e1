#include <aecluster/data/hw9.hpp>

#include <doctest/doctest.h>

#include <filesystem>

#include "test_util.hpp"

namespace data = aecluster::data;
namespace io = aecluster::io;
using aecluster::Error;
using aecluster::Shape;
using aecluster::Tensor;

namespace {
template <class T>
Tensor<T> filled(const Shape& shape, int modulo = 256) {
  Tensor<T> t(shape);
  for (std::int64_t i = 0; i < t.numel(); ++i) t[i] = static_cast<T>(i % modulo);
  return t;
}
void write_layout(const std::filesystem::path& dir, const Shape& train, const Shape& val, bool train_labels = false) {
  std::filesystem::create_directories(dir);
  io::save_npy(dir / "trainX.npy", filled<std::uint8_t>(train));
  io::save_npy(dir / "valX.npy", filled<std::uint8_t>(val));
  io::save_npy(dir / "valY.npy", filled<std::int64_t>(Shape{val[0]}, 2));
  if (train_labels) io::save_npy(dir / "trainY.npy", filled<std::uint8_t>(Shape{train[0]}, 3));
}
}  // namespace

TEST_CASE("hw9: the assignment's layout loads, RGB or grey") {
  test::TempDir dir;
  write_layout(dir.path(), {6, 32, 32, 3}, {4, 32, 32, 3});
  auto d = data::load_hw9(dir.path());
  CHECK(d.train.images.shape() == Shape{6, 32, 32, 3});
  CHECK(d.val.images.shape() == Shape{4, 32, 32, 3});
  CHECK(!d.train.has_labels());
  CHECK(d.val.has_labels());
  CHECK(d.val.class_names == std::vector<std::string>{"0", "1"});
  CHECK((*d.val.labels)[3] == 1);
  CHECK(d.train.images[5] == 5);
  CHECK(d.train.source == (dir / "trainX.npy").string());

  write_layout(dir.path(), {6, 32, 32}, {4, 32, 32}, true);  // grey without a channel axis, and trainY
  d = data::load_hw9(dir.path());
  CHECK(d.train.images.shape() == Shape{6, 32, 32, 1});
  CHECK(d.train.has_labels());
  CHECK(d.train.class_names.size() == 3);  // trainY holds 0..2: K = 3 for both sets
  CHECK(d.val.class_names.size() == 3);

  io::save_npy(dir / "valY.npy", filled<std::int32_t>(Shape{4, 1}, 2));  // (M, 1) int32 labels
  CHECK(data::load_hw9(dir.path()).val.size() == 4);
}

TEST_CASE("hw9: the real proxy data set, when present" * doctest::test_suite("slow")) {
  const std::filesystem::path dir = AECLUSTER_TEST_DATA_DIR "/../../../shared/data/hw9-proxy";
  if (!std::filesystem::exists(dir / "trainX.npy")) return test::skip("no hw9 proxy data in ../shared/data/hw9-proxy");
  const auto d = data::load_hw9(dir);
  CHECK(d.train.images.shape() == Shape{8500, 32, 32, 3});
  CHECK(d.val.images.shape() == Shape{500, 32, 32, 3});
  REQUIRE(d.train.has_labels());
  std::int64_t ones = 0;
  for (std::int64_t i = 0; i < d.val.size(); ++i) ones += (*d.val.labels)[i];
  CHECK(ones == 217);
  CHECK(d.val.num_classes() == 2);
}

TEST_CASE("hw9: bad files give errors naming the file and the problem") {
  test::TempDir dir;
  const auto expect = [&](const char* problem) {
    CHECK_THROWS_WITH_AS(data::load_hw9(dir.path()), doctest::Contains(problem), Error);
  };
  SUBCASE("missing folder and files") {
    CHECK_THROWS_WITH_AS(data::load_hw9(dir / "nope"), doctest::Contains("nope: folder not found"), Error);
    expect("trainX.npy: file not found");
    write_layout(dir.path(), {6, 32, 32, 3}, {4, 32, 32, 3});
    std::filesystem::remove(dir / "valY.npy");
    expect("valY.npy: file not found");
  }
  SUBCASE("float images") {
    write_layout(dir.path(), {6, 32, 32, 3}, {4, 32, 32, 3});
    io::save_npy(dir / "trainX.npy", filled<float>(Shape{6, 32, 32, 3}));
    expect("trainX.npy: images must be uint8 (0..255) as in the assignment, got float32");
  }
  SUBCASE("wrong shapes and channel counts") {
    write_layout(dir.path(), {6, 3, 32, 32}, {4, 32, 32, 3});
    expect("trainX.npy: shape (6, 3, 32, 32) looks channels-first (NCHW)");
    write_layout(dir.path(), {6, 28, 28, 3}, {4, 32, 32, 3});
    expect("trainX.npy: images are 28x28, not 32x32");
    write_layout(dir.path(), {6, 32, 32, 4}, {4, 32, 32, 4});
    expect("trainX.npy: images have 4 channels; 1 or 3 are supported");
    write_layout(dir.path(), {6, 32, 32, 3}, {4, 32, 32, 1});
    expect("valX.npy: images have 1 channels but those in");
    write_layout(dir.path(), {6, 32, 32, 3}, {32, 32});
    expect("valX.npy: shape (32, 32) is not a stack of images");
  }
  SUBCASE("empty data set") {
    write_layout(dir.path(), {0, 32, 32, 3}, {4, 32, 32, 3});
    expect("trainX.npy: no images");
  }
  SUBCASE("labels") {
    write_layout(dir.path(), {6, 32, 32, 3}, {4, 32, 32, 3});
    io::save_npy(dir / "valY.npy", filled<std::int64_t>(Shape{5}));
    expect("valY.npy: 5 labels for 4 images in");
    io::save_npy(dir / "valY.npy", filled<float>(Shape{4}));
    expect("valY.npy: labels must be integers, got float32");
    auto negative = filled<std::int64_t>(Shape{4});
    negative[2] = -1;
    io::save_npy(dir / "valY.npy", negative);
    expect("valY.npy: label -1 at index 2 is outside 0..999");
    io::save_npy(dir / "valY.npy", filled<std::int64_t>(Shape{4, 2}));
    expect("valY.npy: labels must have shape (M,), got (4, 2)");
    io::save_npy(dir / "valY.npy", filled<std::int64_t>(Shape{4}));
    io::save_npy(dir / "trainY.npy", filled<std::int64_t>(Shape{5}));
    expect("trainY.npy: 5 labels for 6 images");
  }
  SUBCASE("truncated file") {
    write_layout(dir.path(), {6, 32, 32, 3}, {4, 32, 32, 3});
    const auto bytes = test::read_bytes(dir / "valX.npy");
    test::write_bytes(dir / "valX.npy", bytes.substr(0, bytes.size() - 1));
    expect("valX.npy: truncated");
  }
}
