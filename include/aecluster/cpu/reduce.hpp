#pragma once
// Sums over contiguous runs in a fixed order: 16 interleaved partial sums (which the compiler
// turns into SIMD registers without reassociating anything), then added in order in double.
// The result depends only on the data, never on threads or compiler flags.
#include <cstdint>

namespace aecluster::cpu::detail {

inline constexpr int reduce_lanes = 16;

// sum_i f(i) for i in [0, n), where f returns T.
template <class T, class F>
double lane_sum(std::int64_t n, F&& f) {
  T acc[reduce_lanes] = {};
  const std::int64_t full = n - n % reduce_lanes;
  for (std::int64_t i = 0; i < full; i += reduce_lanes)
    for (int j = 0; j < reduce_lanes; ++j) acc[j] += f(i + j);
  double s = 0;
  for (int j = 0; j < reduce_lanes; ++j) s += acc[j];
  for (std::int64_t i = full; i < n; ++i) s += f(i);
  return s;
}

}  // namespace aecluster::cpu::detail
