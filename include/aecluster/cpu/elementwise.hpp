#pragma once
// Bias, activations and the MSE loss on the CPU. Work is split into fixed blocks; sums are
// taken per block in double and added in block order, independent of the thread count.
#include <aecluster/backend.hpp>
#include <aecluster/cpu/context.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

namespace aecluster::cpu {

namespace detail {
inline constexpr std::int64_t elementwise_grain = 1 << 14;
}

template <class T>
void bias_forward(Context& ctx, const PlaneGeometry& p, const T* b, T* y) {
  ctx.pool().run(std::int64_t{p.n} * p.c, [&](std::int64_t plane, int) {
    const T v = b[plane % p.c];
    T* yp = y + plane * p.hw;
    for (std::int64_t i = 0; i < p.hw; ++i) yp[i] += v;
  });
}

template <class T>
void bias_backward(Context& ctx, const PlaneGeometry& p, const T* dy, T* db) {
  ctx.pool().run(p.c, [&](std::int64_t c, int) {
    double s = 0;
    for (int n = 0; n < p.n; ++n) {
      const T* d = dy + (std::int64_t{n} * p.c + c) * p.hw;
      T ps = 0;
      for (std::int64_t i = 0; i < p.hw; ++i) ps += d[i];
      s += ps;
    }
    db[c] = static_cast<T>(s);
  });
}

template <class T>
void relu_forward(Context& ctx, T* y, std::int64_t count) {
  ctx.pool().for_range(count, detail::elementwise_grain, [&](std::int64_t b, std::int64_t e, int) {
    for (std::int64_t i = b; i < e; ++i) y[i] = y[i] > T(0) ? y[i] : T(0);
  });
}

template <class T>
void relu_backward(Context& ctx, const T* y, T* dy, std::int64_t count) {
  ctx.pool().for_range(count, detail::elementwise_grain, [&](std::int64_t b, std::int64_t e, int) {
    for (std::int64_t i = b; i < e; ++i) dy[i] = y[i] > T(0) ? dy[i] : T(0);
  });
}

template <class T>
void tanh_forward(Context& ctx, T* y, std::int64_t count) {
  ctx.pool().for_range(count, detail::elementwise_grain, [&](std::int64_t b, std::int64_t e, int) {
    for (std::int64_t i = b; i < e; ++i) y[i] = std::tanh(y[i]);
  });
}

template <class T>
void tanh_backward(Context& ctx, const T* y, T* dy, std::int64_t count) {
  ctx.pool().for_range(count, detail::elementwise_grain, [&](std::int64_t b, std::int64_t e, int) {
    for (std::int64_t i = b; i < e; ++i) dy[i] *= T(1) - y[i] * y[i];
  });
}

// Mean of (y - target)^2; writes its gradient 2 (y - target) / count into dy when dy is given.
template <class T>
double mse_loss(Context& ctx, const T* y, const T* target, std::int64_t count, T* dy) {
  const std::int64_t grain = detail::elementwise_grain;
  const std::int64_t blocks = (count + grain - 1) / grain;
  std::vector<double> partial(static_cast<std::size_t>(blocks));
  const T scale = T(2) / static_cast<T>(count);
  ctx.pool().for_range(count, grain, [&](std::int64_t b, std::int64_t e, int) {
    double s = 0;
    for (std::int64_t i = b; i < e; ++i) {
      const T d = y[i] - target[i];
      s += double(d) * d;
      if (dy) dy[i] = scale * d;
    }
    partial[static_cast<std::size_t>(b / grain)] = s;
  });
  double total = 0;
  for (double s : partial) total += s;
  return count > 0 ? total / static_cast<double>(count) : 0.0;
}

}  // namespace aecluster::cpu
