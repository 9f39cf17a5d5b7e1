#pragma once
// Shared by the GPU parity tests: random inputs, host <-> device helpers, and the comparison
// every test uses, a normwise relative error max|got - want| / max|want| (1e-4 in FP32).
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

// max|got - want| / max|want| (max|got - want| when want is all zero); infinite when a value
// is not finite or the sizes differ.
template <class A, class B>
double relative_error(const std::vector<A>& got, const std::vector<B>& want) {
  if (got.size() != want.size()) return INFINITY;
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double g = static_cast<double>(got[i]), w = static_cast<double>(want[i]);
    if (!std::isfinite(g) || !std::isfinite(w)) return INFINITY;
    diff = std::max(diff, std::abs(g - w));
    scale = std::max(scale, std::abs(w));
  }
  return scale > 0 ? diff / scale : diff;
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
    if (!(a[i] == b[i] || (std::isnan(static_cast<double>(a[i])) && std::isnan(static_cast<double>(b[i]))))) return false;
  return true;
}

// CHECKs got against want within the FP32 tolerance, naming `what` on failure.
template <class A, class B>
void check_close(const std::vector<A>& got, const std::vector<B>& want, const std::string& what, double tolerance = fp32_tolerance) {
  const double e = relative_error(got, want);
  INFO(what << ": relative error " << e << " (tolerance " << tolerance << ", " << want.size() << " values)");
  CHECK(e <= tolerance);
}

}  // namespace gpu_test
