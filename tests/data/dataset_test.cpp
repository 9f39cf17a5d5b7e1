#include <aecluster/data/dataset.hpp>

#include <doctest/doctest.h>

namespace data = aecluster::data;
using aecluster::Error;
using aecluster::Shape;
using aecluster::Tensor;

namespace {
data::Dataset make(std::int64_t n, int c, bool labelled) {
  data::Dataset d;
  d.source = "unit";
  d.images.resize(Shape{n, 32, 32, c});
  for (std::int64_t i = 0; i < d.images.numel(); ++i) d.images[i] = static_cast<std::uint8_t>(i / (32 * 32 * c));
  if (labelled) {
    d.labels.emplace(Shape{n});
    for (std::int64_t i = 0; i < n; ++i) (*d.labels)[i] = i % 3;
    d.class_names = {"a", "b", "c"};
  }
  return d;
}
}  // namespace

TEST_CASE("dataset: accessors and a valid data set") {
  const auto d = make(5, 3, true);
  CHECK(d.size() == 5);
  CHECK(d.height() == 32);
  CHECK(d.width() == 32);
  CHECK(d.channels() == 3);
  CHECK(d.num_classes() == 3);
  CHECK(d.image(2)[0] == 2);
  CHECK(d.image(2).size() == 32 * 32 * 3);
  CHECK_NOTHROW(d.validate_size());
  CHECK_NOTHROW(make(2, 1, false).validate_size());
}

TEST_CASE("dataset: subset and head keep images and labels together") {
  const auto d = make(6, 1, true);
  const std::int64_t idx[] = {4, 1, 4};
  const auto s = d.subset(idx);
  CHECK(s.size() == 3);
  CHECK(s.image(0)[100] == 4);
  CHECK(s.image(1)[0] == 1);
  CHECK((*s.labels)[0] == 1);
  CHECK((*s.labels)[1] == 1);
  CHECK(s.class_names == d.class_names);
  CHECK(d.head(2).size() == 2);
  CHECK(d.head(100).size() == 6);
  const std::int64_t bad[] = {6};
  CHECK_THROWS_WITH_AS(d.subset(bad), "unit: index 6 is outside 0..5", Error);
}

TEST_CASE("dataset: spread takes images from every part of a sorted set") {
  const auto d = make(10, 1, true);
  const auto s = d.spread(4);  // floor(k * 10 / 4): 0, 2, 5, 7
  REQUIRE(s.size() == 4);
  const int want[] = {0, 2, 5, 7};
  for (int k = 0; k < 4; ++k) {
    CHECK(s.image(k)[0] == want[k]);
    CHECK((*s.labels)[k] == want[k] % 3);
  }
  CHECK(d.spread(3).image(2)[0] == 6);  // 0, 3, 6
  CHECK(d.spread(10).image(9)[0] == 9);
  CHECK(d.spread(100).size() == 10);
  CHECK(d.spread(0).size() == 0);
  // A set sorted by class, as a folder of class sub-folders is: spread keeps the classes' shares.
  auto sorted = make(300, 1, true);
  for (std::int64_t i = 0; i < 300; ++i) (*sorted.labels)[i] = i / 100;
  const auto part = sorted.spread(30);
  int per_class[3] = {};
  for (std::int64_t k = 0; k < 30; ++k) ++per_class[(*part.labels)[k]];
  CHECK(per_class[0] == 10);
  CHECK(per_class[1] == 10);
  CHECK(per_class[2] == 10);
  CHECK_THROWS_AS(d.spread(-1), Error);
}

TEST_CASE("dataset: validation names the source and the problem") {
  data::Dataset empty;
  empty.source = "src";
  CHECK_THROWS_WITH_AS(empty.validate(), doctest::Contains("src: images must be (N, H, W, C)"), Error);
  empty.images.resize(Shape{0, 32, 32, 3});
  CHECK_THROWS_WITH_AS(empty.validate(), "src: the data set is empty (no images)", Error);

  auto two = make(2, 2, false);
  CHECK_THROWS_WITH_AS(two.validate(), doctest::Contains("1 (grey) or 3 (RGB) channels, got 2"), Error);

  auto d = make(4, 3, true);
  (*d.labels)[3] = 3;
  CHECK_THROWS_WITH_AS(d.validate(), "unit: label 3 of image 3 is outside 0..2 (3 classes)", Error);
  (*d.labels)[3] = -1;
  CHECK_THROWS_WITH_AS(d.validate(), doctest::Contains("label -1"), Error);
  d.labels.emplace(Shape{3});
  CHECK_THROWS_WITH_AS(d.validate(), doctest::Contains("4 images but labels of shape (3,)"), Error);
  d = make(4, 3, true);
  d.class_names.clear();
  CHECK_THROWS_WITH_AS(d.validate(), doctest::Contains("labels without class names"), Error);

  data::Dataset small;
  small.source = "s";
  small.images.resize(Shape{1, 28, 28, 1});
  CHECK_NOTHROW(small.validate());
  CHECK_THROWS_WITH_AS(small.validate_size(), "s: images must be 32x32, got 28x28", Error);
}
