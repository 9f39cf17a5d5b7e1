#include <aecluster/data/preprocess.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace data = aecluster::data;
using aecluster::Error;
using aecluster::Shape;
using aecluster::Tensor;

TEST_CASE("preprocess: x/255*2-1 computed as the assignment's NumPy code does") {
  for (int x = 0; x < 256; ++x) {
    const double exact = (x / 255.0) * 2.0 - 1.0;
    REQUIRE(data::pixel_to_input(static_cast<std::uint8_t>(x)) == static_cast<float>(exact));
    REQUIRE(data::input_to_pixel(data::pixel_to_input(static_cast<std::uint8_t>(x))) == x);
  }
  CHECK(data::pixel_to_input(0) == -1.0f);
  CHECK(data::pixel_to_input(255) == 1.0f);
  // Rounding to the nearest level and clamping.
  CHECK(data::input_to_pixel(2.0f) == 255);
  CHECK(data::input_to_pixel(-7.0f) == 0);
  CHECK(data::input_to_pixel(std::numeric_limits<float>::infinity()) == 255);
  CHECK(data::input_to_pixel(0.0f) == 128);  // 127.5 rounds up
  CHECK(data::input_to_pixel(-1.0f + 1.4f / 127.5f) == 1);
}

TEST_CASE("preprocess: NHWC uint8 -> NCHW float for a batch of indices, serial or threaded") {
  Tensor<std::uint8_t> images(Shape{5, 4, 3, 2});  // N, H, W, C
  for (std::int64_t i = 0; i < images.numel(); ++i) images[i] = static_cast<std::uint8_t>(i * 7);
  const std::vector<std::int64_t> idx = {3, 0, 3};
  std::vector<float> out(idx.size() * 2 * 4 * 3, NAN);
  data::to_input(images, idx, out.data());
  for (std::size_t k = 0; k < idx.size(); ++k)
    for (int c = 0; c < 2; ++c)
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 3; ++x) {
          const auto pixel = images[((idx[k] * 4 + y) * 3 + x) * 2 + c];
          REQUIRE(out[((k * 2 + c) * 4 + y) * 3 + x] == data::pixel_to_input(pixel));
        }

  // Large enough (over 1 MB) for the pool to be used.
  constexpr int n = 1500, per = 16 * 16 * 3;
  Tensor<std::uint8_t> many(Shape{n, 16, 16, 3});
  for (std::int64_t i = 0; i < many.numel(); ++i) many[i] = static_cast<std::uint8_t>((i * 31) >> 3);
  std::vector<std::int64_t> all(n);
  for (int i = 0; i < n; ++i) all[i] = n - 1 - i;
  std::vector<float> a(n * per), b(n * per), c(n * per);
  data::to_input(many, all, a.data());
  aecluster::ThreadPool pool(3);
  data::to_input(many, all, b.data(), &pool);
  CHECK(a == b);
  data::to_input(many, 10, n - 10, c.data(), &pool);  // a contiguous range
  bool same = true;
  for (int k = 0; k < n - 10; ++k)
    for (int j = 0; j < per; ++j) same &= c[k * per + j] == a[(n - 1 - 10 - k) * per + j];
  CHECK(same);

  const std::vector<std::int64_t> bad = {n};
  CHECK_THROWS_WITH_AS(data::to_input(many, bad, a.data()), "preprocess: image index 1500 is outside 0..1499", Error);
  CHECK_THROWS_WITH_AS(data::to_input(many, 1490, 11, a.data()),
                       doctest::Contains("images 1490..1500 are outside 0..1499"), Error);
}

TEST_CASE("preprocess: the inverse goes back to NHWC bytes, and NaN is an error") {
  Tensor<std::uint8_t> images(Shape{2, 3, 2, 3});
  for (std::int64_t i = 0; i < images.numel(); ++i) images[i] = static_cast<std::uint8_t>(i * 11);
  std::vector<float> in(static_cast<std::size_t>(images.numel()));
  const std::vector<std::int64_t> idx = {0, 1};
  data::to_input(images, idx, in.data());
  std::vector<std::uint8_t> back(in.size());
  data::to_pixels(in.data(), 2, 3, 3, 2, back.data());
  for (std::size_t i = 0; i < back.size(); ++i) REQUIRE(back[i] == images[static_cast<std::int64_t>(i)]);
  in[1 * 18 + 2 * 6 + 1 * 2 + 1] = NAN;  // image 1, channel 2, pixel (1, 1)
  CHECK_THROWS_WITH_AS(data::to_pixels(in.data(), 2, 3, 3, 2, back.data(), "reconstructions"),
                       "reconstructions: NaN at image 1, channel 2, pixel (1, 1)", Error);
}

TEST_CASE("preprocess: finiteness checks name what and where") {
  std::vector<float> v = {0.f, 1.f, 2.f};
  CHECK(!data::first_non_finite(std::span<const float>(v)));
  CHECK_NOTHROW(data::check_finite(std::span<const float>(v), "latents"));
  v[2] = std::numeric_limits<float>::infinity();
  CHECK(*data::first_non_finite(std::span<const float>(v)) == 2);
  CHECK_THROWS_WITH_AS(data::check_finite(std::span<const float>(v), "latents"),
                       "latents: element 2 of 3 is infinite (inf)", Error);
  Tensor<double> t(Shape{2, 2});
  t.fill(0);
  t[1] = NAN;
  CHECK_THROWS_WITH_AS(data::check_finite(t, "z.npy"), doctest::Contains("z.npy: element 1 of 4 is NaN"), Error);
}
