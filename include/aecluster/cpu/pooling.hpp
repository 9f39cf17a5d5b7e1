#pragma once
// 2x2 max pooling, stride 2, on the CPU, with PyTorch's rule; the argmax is kept for the
// backward pass.
#include <aecluster/backend.hpp>
#include <aecluster/cpu/context.hpp>

#include <algorithm>
#include <type_traits>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif
#include <cmath>
#include <cstdint>

namespace aecluster::cpu {

namespace detail {
#if defined(__AVX512F__)
// One output row, 16 windows at a time, with the scalar loop's rule; returns how many
// outputs it wrote (a multiple of 16).
inline int max_pool_row_avx512(const float* r0, const float* r1, std::int32_t base, int w, int ow, float* y,
                               std::int32_t* idx) {
  const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
  int ox = 0;
  for (; ox + 16 <= ow; ox += 16) {
    const __m512 t0 = _mm512_loadu_ps(r0 + 2 * ox), t1 = _mm512_loadu_ps(r0 + 2 * ox + 16);
    const __m512 u0 = _mm512_loadu_ps(r1 + 2 * ox), u1 = _mm512_loadu_ps(r1 + 2 * ox + 16);
    const __m512 cand[4] = {_mm512_permutex2var_ps(t0, even, t1), _mm512_permutex2var_ps(t0, odd, t1),
                            _mm512_permutex2var_ps(u0, even, u1), _mm512_permutex2var_ps(u0, odd, u1)};
    const __m512i first = _mm512_add_epi32(_mm512_set1_epi32(base + 2 * ox), even);
    const __m512i offset[4] = {first, _mm512_add_epi32(first, _mm512_set1_epi32(1)),
                               _mm512_add_epi32(first, _mm512_set1_epi32(w)),
                               _mm512_add_epi32(first, _mm512_set1_epi32(w + 1))};
    __m512 v = cand[0];
    __m512i at = offset[0];
    for (int j = 1; j < 4; ++j) {
      const __mmask16 take =
          _mm512_cmp_ps_mask(cand[j], v, _CMP_GT_OQ) | _mm512_cmp_ps_mask(cand[j], cand[j], _CMP_UNORD_Q);
      v = _mm512_mask_mov_ps(v, take, cand[j]);
      at = _mm512_mask_mov_epi32(at, take, offset[j]);
    }
    _mm512_storeu_ps(y + ox, v);
    _mm512_storeu_si512(idx + ox, at);
  }
  return ox;
}
#endif
}  // namespace detail

template <class T>
void max_pool2x2_forward(Context& ctx, const PoolGeometry& g, const T* x, T* y, std::int32_t* argmax) {
  const int oh = g.h / 2, ow = g.w / 2;
  ctx.pool().for_range(std::int64_t{g.n} * g.c, 16, [&](std::int64_t begin, std::int64_t end, int) {
    for (std::int64_t plane = begin; plane < end; ++plane) {
      const T* xp = x + plane * g.h * g.w;
      T* yp = y + plane * oh * ow;
      std::int32_t* ap = argmax + plane * oh * ow;
      for (int oy = 0; oy < oh; ++oy) {
        const T* r0 = xp + 2 * oy * g.w;
        const T* r1 = r0 + g.w;
        const std::int32_t base = 2 * oy * g.w;
        int ox = 0;
#if defined(__AVX512F__)
        if constexpr (std::is_same_v<T, float>)
          ox = detail::max_pool_row_avx512(r0, r1, base, g.w, ow, yp + oy * ow, ap + oy * ow);
#endif
        // PyTorch's rule in window order: take a value if it is greater or NaN, so the first
        // maximum wins and the last NaN propagates.
        for (; ox < ow; ++ox) {
          T v = r0[2 * ox];
          std::int32_t i = base + 2 * ox;
          const T cand[3] = {r0[2 * ox + 1], r1[2 * ox], r1[2 * ox + 1]};
          const std::int32_t at[3] = {base + 2 * ox + 1, base + g.w + 2 * ox, base + g.w + 2 * ox + 1};
          for (int j = 0; j < 3; ++j) {
            const bool take = cand[j] > v || cand[j] != cand[j];
            v = take ? cand[j] : v;
            i = take ? at[j] : i;
          }
          yp[oy * ow + ox] = v;
          ap[oy * ow + ox] = i;
        }
      }
    }
  });
}

template <class T>
void max_pool2x2_backward(Context& ctx, const PoolGeometry& g, const T* dy, const std::int32_t* argmax, T* dx) {
  const int out = (g.h / 2) * (g.w / 2);
  ctx.pool().for_range(std::int64_t{g.n} * g.c, 16, [&](std::int64_t begin, std::int64_t end, int) {
    for (std::int64_t plane = begin; plane < end; ++plane) {
      T* dxp = dx + plane * g.h * g.w;
      std::fill_n(dxp, std::int64_t{g.h} * g.w, T(0));
      const T* dyp = dy + plane * out;
      const std::int32_t* ap = argmax + plane * out;
      for (int i = 0; i < out; ++i) dxp[ap[i]] += dyp[i];
    }
  });
}

}  // namespace aecluster::cpu
