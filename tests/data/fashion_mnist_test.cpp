#include <aecluster/data/fashion_mnist.hpp>

#include <doctest/doctest.h>

#include <filesystem>

#include "test_util.hpp"

namespace data = aecluster::data;
namespace io = aecluster::io;
using aecluster::Error;
using aecluster::Shape;
using aecluster::Tensor;

namespace {
void write_split(const std::filesystem::path& dir, const std::string& prefix, std::int64_t n, int size = 28,
                 bool gz = true, std::int64_t labels = -1, int label_value = 7) {
  Tensor<std::uint8_t> images(Shape{n, size, size});
  for (std::int64_t i = 0; i < images.numel(); ++i) images[i] = static_cast<std::uint8_t>(1 + i % 250);
  Tensor<std::uint8_t> l(Shape{labels < 0 ? n : labels});
  for (std::int64_t i = 0; i < l.numel(); ++i) l[i] = static_cast<std::uint8_t>(i == 0 ? label_value : i % 10);
  const std::string ext = gz ? ".gz" : "";
  io::save_idx(dir / (prefix + "-images-idx3-ubyte" + ext), images, gz);
  io::save_idx(dir / (prefix + "-labels-idx1-ubyte" + ext), l, gz);
}
}  // namespace

TEST_CASE("fashion-mnist: pads 28x28 to 32x32 with 0 and keeps the labels") {
  test::TempDir dir;
  write_split(dir.path(), "t10k", 3);
  write_split(dir.path(), "train", 5, 28, /*gz=*/false);  // uncompressed files are found too
  const auto d = data::load_fashion_mnist(data::Split::test, dir.path());
  CHECK(d.images.shape() == Shape{3, 32, 32, 1});
  CHECK(d.channels() == 1);
  CHECK(d.num_classes() == 10);
  CHECK(d.class_names[9] == "Ankle boot");
  CHECK((*d.labels)[0] == 7);
  CHECK((*d.labels)[2] == 2);
  const auto img = d.image(1);
  for (int y = 0; y < 32; ++y)
    for (int x = 0; x < 32; ++x) {
      const bool inside = y >= 2 && y < 30 && x >= 2 && x < 30;
      const int expected = inside ? 1 + (28 * 28 + (y - 2) * 28 + (x - 2)) % 250 : 0;
      REQUIRE(int(img[static_cast<std::size_t>(y * 32 + x)]) == expected);
    }
  CHECK(data::load_fashion_mnist(data::Split::train, dir.path()).size() == 5);
  CHECK_NOTHROW(d.validate_size());
}

TEST_CASE("fashion-mnist: bad or missing files are named") {
  test::TempDir dir;
  CHECK_THROWS_WITH_AS(data::load_fashion_mnist(data::Split::test, dir / "nowhere"),
                       doctest::Contains("nowhere: Fashion-MNIST folder not found"), Error);
  CHECK_THROWS_WITH_AS(data::load_fashion_mnist(data::Split::test, dir.path()),
                       doctest::Contains("t10k-images-idx3-ubyte.gz: Fashion-MNIST file not found"), Error);
  write_split(dir.path(), "t10k", 3, 27);
  CHECK_THROWS_WITH_AS(
      data::load_fashion_mnist(data::Split::test, dir.path()),
      doctest::Contains("t10k-images-idx3-ubyte.gz: Fashion-MNIST images must be (N, 28, 28), got (3, 27, 27)"), Error);
  write_split(dir.path(), "t10k", 3, 28, true, 4);
  CHECK_THROWS_WITH_AS(data::load_fashion_mnist(data::Split::test, dir.path()),
                       doctest::Contains("t10k-labels-idx1-ubyte.gz: (4,) labels for 3 images"), Error);
  write_split(dir.path(), "t10k", 3, 28, true, -1, 10);
  CHECK_THROWS_WITH_AS(data::load_fashion_mnist(data::Split::test, dir.path()),
                       doctest::Contains("t10k-labels-idx1-ubyte.gz: label 10 of image 0 is outside 0..9"), Error);
  write_split(dir.path(), "t10k", 0);
  CHECK_THROWS_WITH_AS(data::load_fashion_mnist(data::Split::test, dir.path()), doctest::Contains("no images"), Error);
  write_split(dir.path(), "t10k", 3);
  const auto full = test::read_bytes(dir / "t10k-images-idx3-ubyte.gz");
  test::write_bytes(dir / "t10k-images-idx3-ubyte.gz", full.substr(0, full.size() - 10));
  CHECK_THROWS_WITH_AS(data::load_fashion_mnist(data::Split::test, dir.path()),
                       doctest::Contains("t10k-images-idx3-ubyte.gz: truncated gzip data"), Error);
}

TEST_CASE("fashion-mnist: Debian's data set, when installed" * doctest::test_suite("slow")) {
  if (!std::filesystem::exists(data::fashion_mnist_default_dir / "train-images-idx3-ubyte.gz"))
    return test::skip("Fashion-MNIST is not installed (dataset-fashion-mnist)");
  const auto test = data::load_fashion_mnist(data::Split::test);
  CHECK(test.images.shape() == Shape{10000, 32, 32, 1});
  CHECK((*test.labels)[0] == 9);
  CHECK((*test.labels)[1] == 2);
  const auto train = data::load_fashion_mnist(data::Split::train);
  CHECK(train.images.shape() == Shape{60000, 32, 32, 1});
  CHECK((*train.labels)[3] == 3);
  std::int64_t sum = 0;
  for (auto v : train.image(0)) sum += v;
  CHECK(sum == 76247);  // the pixel sum of the first training image, padding adding nothing
  std::int64_t counts[10] = {};
  for (std::int64_t i = 0; i < train.size(); ++i) ++counts[(*train.labels)[i]];
  for (auto c : counts) CHECK(c == 6000);
}
