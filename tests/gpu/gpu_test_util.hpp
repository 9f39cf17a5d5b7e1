#pragma once
// Shared by the GPU parity tests: random inputs, host <-> device helpers, and the comparison
// every test uses, element by element with a mixed relative/absolute tolerance whose absolute
// part scales with the largest value of the element's channel (check_close below).
#include <aecluster/cpu/backend.hpp>
#include <aecluster/cuda/backend.hpp>
#include <aecluster/random.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace gpu_test {

using aecluster::Cpu;
using aecluster::Cuda;

inline constexpr double fp32_tolerance = 1e-4;

// One context for the tests that do not need a fresh one (creating cuDNN handles takes time).
inline aecluster::cuda::Context& shared_context() {
  static aecluster::cuda::Context ctx(2);
  return ctx;
}
inline Cpu::Context& cpu_context() {
  static Cpu::Context ctx(2);
  return ctx;
}

// Uniform values in [lo, hi): random, never all zero.
inline std::vector<float> random_values(aecluster::Rng& rng, std::int64_t n, double lo = -1.0, double hi = 1.0) {
  std::vector<float> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = static_cast<float>(rng.uniform(lo, hi));
  return v;
}

template <class T>
aecluster::cuda::DeviceBuffer<T> to_device(aecluster::cuda::Context& ctx, const std::vector<T>& host) {
  aecluster::cuda::DeviceBuffer<T> d(static_cast<std::int64_t>(host.size()));
  Cuda::upload(ctx, host.data(), d.data(), static_cast<std::int64_t>(host.size()));
  return d;
}

template <class T>
std::vector<T> to_host(aecluster::cuda::Context& ctx, const T* device, std::int64_t n) {
  std::vector<T> h(static_cast<std::size_t>(n));
  Cuda::download(ctx, device, h.data(), n);
  return h;
}
template <class T>
std::vector<T> to_host(aecluster::cuda::Context& ctx, const aecluster::cuda::DeviceBuffer<T>& d) {
  return to_host(ctx, d.data(), d.size());
}

template <class T>
bool bit_identical(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), sizeof(T) * a.size()) == 0);
}

// Equal values (NaN equal to NaN, -0 equal to +0): for operations that should round alike.
template <class T>
bool values_equal(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(static_cast<double>(a[i])) && std::isnan(static_cast<double>(b[i])))))
      return false;
  return true;
}

// How a tensor's elements group into channels for check_close: element i belongs to channel
// (i / inner) % count. The default, one channel, is the whole tensor.
struct Channels {
  std::int64_t count = 1;
  std::int64_t inner = 0;  // 0: the whole tensor is one channel
};
// NCHW activations: channel c holds the hw values of every image's plane c.
inline Channels nchw(std::int64_t c, std::int64_t hw) { return {c, hw}; }
// A parameter of shape (c, ...) of `numel` values: each leading slice is one channel.
inline Channels leading(std::int64_t c, std::int64_t numel) { return {c, numel / c}; }

// Element by element: |got - want| <= atol + rtol * (|want| + max|want| over the element's
// channel). The per-channel term makes an error confined to a small channel (one channel of db)
// or to small entries of a channel (the border rows of dx, whose sums have fewer terms) count
// at that channel's scale, not the tensor's; `atol` is for values that are rounding noise by
// construction (a gradient that is exactly 0 in exact arithmetic). Non-finite values or sizes
// that differ fail. Reports how many elements fail and the worst one.
template <class A, class B>
void check_close(const std::vector<A>& got, const std::vector<B>& want, const std::string& what,
                 double rtol = fp32_tolerance, Channels channels = {}, double atol = 0) {
  INFO(what << ": " << want.size() << " values, rtol " << rtol << ", atol " << atol << ", " << channels.count
            << " channel(s)");
  REQUIRE(got.size() == want.size());
  const auto n = static_cast<std::int64_t>(want.size());
  const std::int64_t inner = channels.inner > 0 ? channels.inner : std::max<std::int64_t>(n, 1);
  const auto channel_of = [&](std::int64_t i) { return static_cast<std::size_t>((i / inner) % channels.count); };
  std::vector<double> scale(static_cast<std::size_t>(channels.count), 0.0);
  for (std::int64_t i = 0; i < n; ++i) {
    auto& s = scale[channel_of(i)];
    s = std::max(s, std::abs(static_cast<double>(want[static_cast<std::size_t>(i)])));
  }
  std::int64_t failures = 0, worst = -1, non_finite = 0;
  double worst_ratio = 0, max_diff = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double g = static_cast<double>(got[static_cast<std::size_t>(i)]),
                 w = static_cast<double>(want[static_cast<std::size_t>(i)]);
    if (!std::isfinite(g) || !std::isfinite(w)) {
      ++non_finite;
      continue;
    }
    const double diff = std::abs(g - w), allowed = atol + rtol * (std::abs(w) + scale[channel_of(i)]);
    max_diff = std::max(max_diff, diff);
    const double ratio = allowed > 0 ? diff / allowed : (diff > 0 ? INFINITY : 0);
    if (diff > allowed) ++failures;
    if (ratio > worst_ratio || worst < 0) {
      worst_ratio = ratio;
      worst = i;
    }
  }
  if (worst >= 0) {
    const auto k = static_cast<std::size_t>(worst);
    INFO("worst element " << worst << " (channel " << channel_of(worst) << ", channel scale "
                          << scale[channel_of(worst)] << "): got " << static_cast<double>(got[k]) << ", want "
                          << static_cast<double>(want[k]) << ", " << worst_ratio
                          << " x the allowed difference; largest difference " << max_diff);
    CHECK(non_finite == 0);
    CHECK(failures == 0);
  } else {
    CHECK(non_finite == 0);
  }
}

// The largest |a - b|: a noise floor, from two computations that differ only by rounding.
template <class A, class B>
double max_abs_diff(const std::vector<A>& a, const std::vector<B>& b) {
  double d = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    d = std::max(d, std::abs(static_cast<double>(a[i]) - static_cast<double>(b[i])));
  return d;
}

}  // namespace gpu_test
