#pragma once
// 2x2 max pooling, stride 2, on the CPU. The first maximum in row-major window order wins, as
// in PyTorch, and a NaN propagates; the argmax is kept for the backward pass.
#include <aecluster/backend.hpp>
#include <aecluster/cpu/context.hpp>

#include <cmath>
#include <cstdint>

namespace aecluster::cpu {

template <class T>
void max_pool2x2_forward(Context& ctx, const PoolGeometry& g, const T* x, T* y, std::int32_t* argmax) {
  const int oh = g.h / 2, ow = g.w / 2;
  ctx.pool().run(std::int64_t{g.n} * g.c, [&](std::int64_t plane, int) {
    const T* xp = x + plane * g.h * g.w;
    T* yp = y + plane * oh * ow;
    std::int32_t* ap = argmax + plane * oh * ow;
    for (int oy = 0; oy < oh; ++oy) {
      for (int ox = 0; ox < ow; ++ox) {
        const int base = 2 * oy * g.w + 2 * ox;
        const int cand[4] = {base, base + 1, base + g.w, base + g.w + 1};
        int best = cand[0];
        T v = xp[best];
        for (int j = 1; j < 4 && !std::isnan(v); ++j) {
          const T u = xp[cand[j]];
          if (u > v || std::isnan(u)) {
            v = u;
            best = cand[j];
          }
        }
        yp[oy * ow + ox] = v;
        ap[oy * ow + ox] = best;
      }
    }
  });
}

template <class T>
void max_pool2x2_backward(Context& ctx, const PoolGeometry& g, const T* dy, const std::int32_t* argmax, T* dx) {
  const int out = (g.h / 2) * (g.w / 2);
  ctx.pool().run(std::int64_t{g.n} * g.c, [&](std::int64_t plane, int) {
    T* dxp = dx + plane * g.h * g.w;
    for (std::int64_t i = 0; i < std::int64_t{g.h} * g.w; ++i) dxp[i] = T(0);
    const T* dyp = dy + plane * out;
    const std::int32_t* ap = argmax + plane * out;
    for (int i = 0; i < out; ++i) dxp[ap[i]] += dyp[i];
  });
}

}  // namespace aecluster::cpu
