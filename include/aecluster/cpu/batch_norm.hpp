#pragma once
// BatchNorm2d on the CPU with PyTorch's semantics: training normalises by the batch statistics
// (biased variance) and updates the running statistics with the unbiased variance; evaluation
// uses the running statistics. Each channel is one task, reduced in double in a fixed order.
#include <aecluster/backend.hpp>
#include <aecluster/cpu/context.hpp>
#include <aecluster/cpu/reduce.hpp>

#include <cmath>
#include <cstdint>

namespace aecluster::cpu {

template <class T>
void batch_norm_forward_train(Context& ctx, const PlaneGeometry& p, const BatchNormSettings& bn, const T* x,
                              const T* gamma, const T* beta, T* y, T* save_mean, T* save_invstd, T* running_mean,
                              T* running_var) {
  const double count = double(p.n) * double(p.hw);
  ctx.pool().run(p.c, [&](std::int64_t c, int) {
    double sum = 0;
    for (int n = 0; n < p.n; ++n) {
      const T* xp = x + (std::int64_t{n} * p.c + c) * p.hw;
      sum += detail::lane_sum<T>(p.hw, [&](std::int64_t i) { return xp[i]; });
    }
    const double mean = sum / count;
    const T mean_t = static_cast<T>(mean);
    // Squared deviations from the rounded mean, corrected for the rounding: exact to
    // first order, and free of the cancellation of E[x^2] - E[x]^2.
    double sq = 0, dev = 0;
    for (int n = 0; n < p.n; ++n) {
      const T* xp = x + (std::int64_t{n} * p.c + c) * p.hw;
      sq += detail::lane_sum<T>(p.hw, [&](std::int64_t i) { return (xp[i] - mean_t) * (xp[i] - mean_t); });
      dev += detail::lane_sum<T>(p.hw, [&](std::int64_t i) { return xp[i] - mean_t; });
    }
    sq -= dev * dev / count;
    const double var = sq / count;
    const double invstd = 1.0 / std::sqrt(var + bn.eps);
    save_mean[c] = static_cast<T>(mean);
    save_invstd[c] = static_cast<T>(invstd);
    const double unbiased = count > 1 ? sq / (count - 1) : var;
    running_mean[c] = static_cast<T>((1 - bn.momentum) * running_mean[c] + bn.momentum * mean);
    running_var[c] = static_cast<T>((1 - bn.momentum) * running_var[c] + bn.momentum * unbiased);
    const T scale = static_cast<T>(gamma[c] * invstd);
    const T shift = static_cast<T>(beta[c] - mean * gamma[c] * invstd);
    for (int n = 0; n < p.n; ++n) {
      const std::int64_t off = (std::int64_t{n} * p.c + c) * p.hw;
      for (std::int64_t i = 0; i < p.hw; ++i) y[off + i] = x[off + i] * scale + shift;
    }
  });
}

template <class T>
void batch_norm_forward_eval(Context& ctx, const PlaneGeometry& p, const BatchNormSettings& bn, const T* x,
                             const T* gamma, const T* beta, const T* running_mean, const T* running_var, T* y) {
  ctx.pool().run(std::int64_t{p.n} * p.c, [&](std::int64_t plane, int) {
    const auto c = plane % p.c;
    const double invstd = 1.0 / std::sqrt(double(running_var[c]) + bn.eps);
    const T scale = static_cast<T>(gamma[c] * invstd);
    const T shift = static_cast<T>(beta[c] - running_mean[c] * gamma[c] * invstd);
    const T* xp = x + plane * p.hw;
    T* yp = y + plane * p.hw;
    for (std::int64_t i = 0; i < p.hw; ++i) yp[i] = xp[i] * scale + shift;
  });
}

template <class T>
void batch_norm_backward(Context& ctx, const PlaneGeometry& p, const T* x, const T* dy, const T* gamma,
                         const T* save_mean, const T* save_invstd, T* dx, T* dgamma, T* dbeta) {
  const double count = double(p.n) * double(p.hw);
  ctx.pool().run(p.c, [&](std::int64_t c, int) {
    const T mean = save_mean[c], invstd = save_invstd[c];
    double sum_dy = 0, sum_dy_xc = 0;
    for (int n = 0; n < p.n; ++n) {
      const T* xp = x + (std::int64_t{n} * p.c + c) * p.hw;
      const T* dp = dy + (std::int64_t{n} * p.c + c) * p.hw;
      sum_dy += detail::lane_sum<T>(p.hw, [&](std::int64_t i) { return dp[i]; });
      sum_dy_xc += detail::lane_sum<T>(p.hw, [&](std::int64_t i) { return dp[i] * (xp[i] - mean); });
    }
    const double sum_dy_xhat = sum_dy_xc * invstd;
    dgamma[c] = static_cast<T>(sum_dy_xhat);
    dbeta[c] = static_cast<T>(sum_dy);
    // dx = gamma*invstd * (dy - mean(dy) - xhat * mean(dy*xhat)) = a dy + b (x - mean) + d
    const double k = double(gamma[c]) * invstd;
    const double mdy = sum_dy / count, mdx = sum_dy_xhat / count;
    const T a = static_cast<T>(k), b = static_cast<T>(-k * mdx * invstd), d = static_cast<T>(-k * mdy);
    for (int n = 0; n < p.n; ++n) {
      const std::int64_t off = (std::int64_t{n} * p.c + c) * p.hw;
      for (std::int64_t i = 0; i < p.hw; ++i) dx[off + i] = a * dy[off + i] + b * (x[off + i] - mean) + d;
    }
  });
}

}  // namespace aecluster::cpu
