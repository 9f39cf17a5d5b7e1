// Training augmentation and learning-rate schedules: shapes kept, seeded, exact geometry of
// shifts and flips, denoising target clean, schedule values at known points.
#include <aecluster/nn/augmentation.hpp>
#include <aecluster/nn/lr_schedule.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <vector>

namespace {
constexpr int C = 2, H = 5, W = 4, N = 3;
constexpr std::size_t per_image = C * H * W;

std::vector<float> ramp() {
  std::vector<float> v(N * per_image);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i % 97) / 100.f;
  return v;
}
}  // namespace

TEST_CASE("augmentation is off by default and changes nothing then") {
  aecluster::AugmentOptions o;
  CHECK_FALSE(o.active());
  auto v = ramp();
  aecluster::augment_batch(v, N, C, H, W, o, 1, 0, 0);
  CHECK(v == ramp());
}

TEST_CASE("augmentation is seeded: same (seed, epoch, batch) gives the same batch, others differ") {
  const aecluster::AugmentOptions o{.crop_padding = 2, .flip = true, .noise = 0.1};
  auto a = ramp(), b = ramp(), c = ramp(), d = ramp();
  aecluster::augment_batch(a, N, C, H, W, o, 7, 3, 5);
  aecluster::augment_batch(b, N, C, H, W, o, 7, 3, 5);
  aecluster::augment_batch(c, N, C, H, W, o, 7, 3, 6);
  aecluster::augment_batch(d, N, C, H, W, o, 8, 3, 5);
  CHECK(a.size() == N * per_image);
  CHECK(a == b);
  CHECK(a != c);
  CHECK(a != d);
  CHECK(a != ramp());
}

TEST_CASE("shifts and flips move pixels exactly and pad with black") {
  // Every output pixel is either the fill value or some input pixel of the same channel, and a
  // flip without shift is an exact mirror.
  const aecluster::AugmentOptions shift{.crop_padding = 1};
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    auto v = ramp();
    const auto orig = ramp();
    aecluster::augment_batch(v, N, C, H, W, shift, seed, 0, 0);
    for (int k = 0; k < N; ++k)
      for (int ch = 0; ch < C; ++ch) {
        // find the shift from the first in-range pixel and check the whole plane against it
        bool matched = false;
        for (int dy = -1; dy <= 1 && !matched; ++dy)
          for (int dx = -1; dx <= 1 && !matched; ++dx) {
            bool all = true;
            for (int y = 0; y < H && all; ++y)
              for (int x = 0; x < W && all; ++x) {
                const int sy = y + dy, sx = x + dx;
                const float want = sy >= 0 && sy < H && sx >= 0 && sx < W ? orig[k * per_image + (ch * H + sy) * W + sx]
                                                                          : aecluster::augment_fill;
                all = v[k * per_image + (ch * H + y) * W + x] == want;
              }
            matched = all;
          }
        CHECK(matched);
      }
  }
  const aecluster::AugmentOptions flip{.flip = true};
  int mirrored = 0;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    auto v = ramp();
    const auto orig = ramp();
    aecluster::augment_batch(v, N, C, H, W, flip, seed, 0, 0);
    for (int k = 0; k < N; ++k) {
      bool same = true, mirror = true;
      for (int ch = 0; ch < C; ++ch)
        for (int y = 0; y < H; ++y)
          for (int x = 0; x < W; ++x) {
            const float got = v[k * per_image + (ch * H + y) * W + x];
            same = same && got == orig[k * per_image + (ch * H + y) * W + x];
            mirror = mirror && got == orig[k * per_image + (ch * H + y) * W + (W - 1 - x)];
          }
      CHECK((same || mirror));
      mirrored += mirror;
    }
  }
  CHECK(mirrored > 5);  // about half of 30 images; a fair coin gives <= 5 with probability < 0.001
  CHECK(mirrored < 25);
}

TEST_CASE("denoising: the target is the clean image, the input carries the noise") {
  const aecluster::AugmentOptions o{.noise = 0.2, .denoise = true};
  CHECK(o.separate_target());
  auto v = ramp();
  std::vector<float> target(v.size(), 99.f);
  aecluster::augment_batch(v, N, C, H, W, o, 3, 1, 2, target);
  CHECK(target == ramp());
  double sum = 0, sq = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double d = v[i] - target[i];
    sum += d;
    sq += d * d;
  }
  const double sd = std::sqrt(sq / double(v.size()) - std::pow(sum / double(v.size()), 2));
  CHECK(sd > 0.12);
  CHECK(sd < 0.28);
}

TEST_CASE("learning-rate schedules") {
  using aecluster::LrSchedule;
  const LrSchedule constant;
  CHECK(constant.factor(3, 2, 10) == 1.0);
  const LrSchedule cosine{.kind = LrSchedule::Kind::cosine, .epochs = 4, .final_factor = 0.1};
  CHECK(cosine.factor(0, 0, 10) == doctest::Approx(1.0));
  CHECK(cosine.factor(3, 9, 10) == doctest::Approx(0.1));
  const double mid = cosine.factor(1, 9, 10) + cosine.factor(2, 0, 10);  // symmetric about the middle
  CHECK(mid == doctest::Approx(1.1));
  for (int e = 0; e < 4; ++e)
    for (int b = 1; b < 10; ++b) CHECK(cosine.factor(e, b, 10) <= cosine.factor(e, b - 1, 10));
  const LrSchedule step{.kind = LrSchedule::Kind::step, .step_every = 2, .step_factor = 0.5};
  CHECK(step.factor(1, 9, 10) == 1.0);
  CHECK(step.factor(2, 0, 10) == 0.5);
  CHECK(step.factor(5, 0, 10) == 0.25);
  const LrSchedule warm{.warmup_epochs = 1};
  CHECK(warm.factor(0, 0, 4) == 0.25);
  CHECK(warm.factor(0, 3, 4) == 1.0);
  CHECK(warm.factor(1, 0, 4) == 1.0);
  CHECK(aecluster::lr_schedule_kind("cosine") == LrSchedule::Kind::cosine);
  CHECK_THROWS_AS(aecluster::lr_schedule_kind("linear"), aecluster::Error);
}
