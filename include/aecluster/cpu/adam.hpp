#pragma once
// Adam with PyTorch's semantics (torch.optim.Adam, amsgrad off): weight decay is added to the
// gradient, bias corrections are applied as PyTorch's single-tensor implementation does.
#include <aecluster/backend.hpp>
#include <aecluster/cpu/context.hpp>

#include <cmath>
#include <cstdint>

namespace aecluster::cpu {

// `step` is the 1-based step count after this update.
template <class T>
void adam_step(Context& ctx, const AdamSettings& a, std::int64_t step, T* params, const T* grads, T* m, T* v,
               std::int64_t count) {
  const double bc1 = 1.0 - std::pow(a.beta1, double(step));
  const double bc2 = 1.0 - std::pow(a.beta2, double(step));
  const T step_size = static_cast<T>(a.lr / bc1);
  const T bc2_sqrt = static_cast<T>(std::sqrt(bc2));
  const T b1 = static_cast<T>(a.beta1), b2 = static_cast<T>(a.beta2);
  const T wd = static_cast<T>(a.weight_decay), eps = static_cast<T>(a.eps);
  ctx.pool().for_range(count, 1 << 15, [&](std::int64_t b, std::int64_t e, int) {
    for (std::int64_t i = b; i < e; ++i) {
      const T g = wd != T(0) ? grads[i] + wd * params[i] : grads[i];
      m[i] = m[i] * b1 + (T(1) - b1) * g;  // exp_avg.lerp_(grad, 1 - beta1)
      v[i] = v[i] * b2 + (T(1) - b2) * g * g;
      const T denom = std::sqrt(v[i]) / bc2_sqrt + eps;
      params[i] -= step_size * (m[i] / denom);
    }
  });
}

}  // namespace aecluster::cpu
