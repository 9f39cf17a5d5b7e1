#pragma once
// Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, 2015) for the encoder's 3x3, stride 1,
// padding 1 convolutions. Every 2x2 block of outputs comes from a 4x4 input tile; in the
// transformed domain the 9 taps on 4 outputs become 16 products, one per transform point, and
// each point is one matrix product over channels: 2.25x fewer multiply-adds than the direct
// method, at matrix-product speed. The transforms only add, subtract and halve (F(2x2,3x3) has
// the smallest, best-conditioned matrices of the family), so the rounding error stays close to
// a direct sum's: the tests hold it to 1e-5 relative in float against the direct method.
//
//   forward          M = U V,        Y  = A^T M A,  U = G w G^T, V = B^T x B
//   backward data    dV = U^T dM,    dx = B dV B^T, dM = A dy A^T (tiles overlap: accumulated)
//   backward filter  dU = dM V^T,    dw = G^T dU G
//
// Work goes in blocks of whole images (tiles of one image overlap, so their input gradients
// must meet in one task), sized so that a block's transformed tiles stay near the core. The
// filter gradient is summed over fixed chunks of the batch whose partials are added in order,
// so no result depends on the thread count.
#include <aecluster/backend.hpp>
#include <aecluster/cpu/context.hpp>
#include <aecluster/cpu/gemm.hpp>

#include <algorithm>
#include <cstdint>

namespace aecluster::cpu::winograd {

// Same-size 3x3 convolutions with enough channels on both sides for the per-point products to
// run at matrix-product speed (the first layer, with one or three input channels, does not).
inline bool worthwhile(const ConvGeometry& g) {
  return g.k == 3 && g.stride == 1 && g.pad == 1 && g.out_h == g.in_h && g.out_w == g.in_w && g.in_c >= 16 &&
         g.out_c >= 16;
}

namespace detail {

inline constexpr int points = 16;  // transform points of a 4x4 tile, xi = 4 * row + column

struct Tiling {
  int th = 0, tw = 0;  // tiles per column and per row of an image
  [[nodiscard]] int per_image() const { return th * tw; }
};

inline Tiling tiling(const ConvGeometry& g) { return {(g.out_h + 1) / 2, (g.out_w + 1) / 2}; }
// Whole images per block, at least one: about 2 MB of transformed tiles in and out (in float),
// measured best on the encoder's layers (256 tiles at 64+64 channels, 64 at 256+256).
inline int images_per_block(const ConvGeometry& g) {
  const int tiles = 32768 / (g.in_c + g.out_c);
  return std::max(1, tiles / tiling(g).per_image());
}
// Distance between the transform points of a block's planes: `channels` rows of ld tiles, plus
// a cache line, so that the 16 rows a transform writes at once do not share one cache set.
inline std::int64_t point_stride(int channels, std::int64_t ld) { return channels * ld + 16; }
// Scratch for the per-plane transforms below.
inline std::int64_t work_size(const Tiling& t) { return std::int64_t{t.th + 1} * 8 * t.tw + 6 * (t.tw + 1); }

// Filter pairs (out, in) go in runs of `pair_run`, so that the filter transforms vectorise across
// pairs: f(first pair, pairs in the run), runs spread over the pool.
inline constexpr int pair_run = 64;
template <class F>
void for_pair_runs(Context& ctx, std::int64_t pairs, F&& f) {
  ctx.pool().for_range((pairs + pair_run - 1) / pair_run, 16, [&](std::int64_t begin, std::int64_t end, int) {
    for (std::int64_t r = begin; r < end; ++r) {
      const std::int64_t first = r * pair_run;
      f(first, static_cast<int>(std::min<std::int64_t>(pair_run, pairs - first)));
    }
  });
}

// u[xi][o][i] = (G w[o][i] G^T)[xi], G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]. Pairs go in
// runs (for_pair_runs).
template <class T>
void transform_filters(Context& ctx, const ConvGeometry& g, const T* w, T* u) {
  const std::int64_t pairs = std::int64_t{g.out_c} * g.in_c;
  const T half(0.5);
  for_pair_runs(ctx, pairs, [&](std::int64_t p0, int n) {
    T f[9][pair_run];
    for (int q = 0; q < n; ++q)
      for (int e = 0; e < 9; ++e) f[e][q] = w[(p0 + q) * 9 + e];
    T h[3][4][pair_run];  // h[a][j] = sum_b f[a][b] G[j][b]
    for (int a = 0; a < 3; ++a)
      for (int q = 0; q < n; ++q) {
        const T f0 = f[3 * a][q], f1 = f[3 * a + 1][q], f2 = f[3 * a + 2][q];
        h[a][0][q] = f0;
        h[a][1][q] = half * (f0 + f1 + f2);
        h[a][2][q] = half * (f0 - f1 + f2);
        h[a][3][q] = f2;
      }
    for (int j = 0; j < 4; ++j) {
      T* u0 = u + j * pairs + p0;
      T* u1 = u0 + 4 * pairs;
      T* u2 = u1 + 4 * pairs;
      T* u3 = u2 + 4 * pairs;
      for (int q = 0; q < n; ++q) {
        const T h0 = h[0][j][q], h1 = h[1][j][q], h2 = h[2][j][q];
        u0[q] = h0;
        u1[q] = half * (h0 + h1 + h2);
        u2[q] = half * (h0 - h1 + h2);
        u3[q] = h2;
      }
    }
  });
}

// dw[o][i] = G^T du[.][o][i] G, du summed over `parts` partials laid out one after another
// (added in order into the first).
template <class T>
void untransform_filter_gradient(Context& ctx, const ConvGeometry& g, T* du, int parts, T* dw) {
  const std::int64_t pairs = std::int64_t{g.out_c} * g.in_c, part = points * pairs;
  if (parts > 1) {
    ctx.pool().for_range(part, 4096, [&](std::int64_t begin, std::int64_t end, int) {
      for (int c = 1; c < parts; ++c) {
        const T* __restrict src = du + c * part;
        T* __restrict dst = du;
        for (std::int64_t j = begin; j < end; ++j) dst[j] += src[j];
      }
    });
  }
  const T half(0.5);
  for_pair_runs(ctx, pairs, [&](std::int64_t p0, int n) {
    T h[4][3][pair_run];  // rows of du reduced along columns: h[i][b] = sum_j du[i][j] G[j][b]
    for (int i = 0; i < 4; ++i) {
      const T* r0 = du + (4 * i) * pairs + p0;
      const T* r1 = r0 + pairs;
      const T* r2 = r1 + pairs;
      const T* r3 = r2 + pairs;
      for (int q = 0; q < n; ++q) {
        h[i][0][q] = r0[q] + half * (r1[q] + r2[q]);
        h[i][1][q] = half * (r1[q] - r2[q]);
        h[i][2][q] = half * (r1[q] + r2[q]) + r3[q];
      }
    }
    for (int q = 0; q < n; ++q) {
      T* f = dw + (p0 + q) * 9;
      for (int b = 0; b < 3; ++b) {
        f[b] = h[0][b][q] + half * (h[1][b][q] + h[2][b][q]);
        f[3 + b] = half * (h[1][b][q] - h[2][b][q]);
        f[6 + b] = half * (h[1][b][q] + h[2][b][q]) + h[3][b][q];
      }
    }
  });
}

// Row operations over n tiles at once. Each writes rows that alias none of its inputs; the
// restrict qualifiers tell the compiler so, and it then vectorises them across tiles.

// The rows of B^T d: o0 = a0 - a2, o1 = a1 + a2, o2 = a2 - a1, o3 = a1 - a3.
template <class T>
void bt_rows(int n, const T* __restrict a0, const T* __restrict a1, const T* __restrict a2, const T* __restrict a3,
             T* __restrict o0, T* __restrict o1, T* __restrict o2, T* __restrict o3) {
  for (int i = 0; i < n; ++i) {
    o0[i] = a0[i] - a2[i];
    o1[i] = a1[i] + a2[i];
    o2[i] = a2[i] - a1[i];
    o3[i] = a1[i] - a3[i];
  }
}

// Its adjoint, accumulated: rows of B v.
template <class T>
void b_rows_add(int n, const T* __restrict v0, const T* __restrict v1, const T* __restrict v2, const T* __restrict v3,
                T* __restrict r0, T* __restrict r1, T* __restrict r2, T* __restrict r3) {
  for (int i = 0; i < n; ++i) {
    r0[i] += v0[i];
    r1[i] += v1[i] - v2[i] + v3[i];
    r2[i] += v1[i] + v2[i] - v0[i];
    r3[i] -= v3[i];
  }
}

// The same over whole planes, where rows 0 and 2 (1 and 3) of consecutive tile rows meet in
// one array: first rows 0 and 1 are written, then rows 2 and 3 added, one tile row further on.
template <class T>
void b_rows_first(int n, const T* __restrict v0, const T* __restrict v1, const T* __restrict v2, const T* __restrict v3,
                  T* __restrict r0, T* __restrict r1) {
  for (int i = 0; i < n; ++i) {
    r0[i] = v0[i];
    r1[i] = v1[i] - v2[i] + v3[i];
  }
}
template <class T>
void b_rows_second_add(int n, const T* __restrict v0, const T* __restrict v1, const T* __restrict v2,
                       const T* __restrict v3, T* __restrict r2, T* __restrict r3) {
  for (int i = 0; i < n; ++i) {
    r2[i] += v1[i] + v2[i] - v0[i];
    r3[i] -= v3[i];
  }
}

// The rows of A^T m: s0 = m0 + m1 + m2, s1 = m1 - m2 - m3.
template <class T>
void at_rows(int n, const T* __restrict m0, const T* __restrict m1, const T* __restrict m2, const T* __restrict m3,
             T* __restrict s0, T* __restrict s1) {
  for (int i = 0; i < n; ++i) {
    s0[i] = m0[i] + m1[i] + m2[i];
    s1[i] = m1[i] - m2[i] - m3[i];
  }
}

// Its adjoint: rows of A g, o0 = g0, o1 = g0 + g1, o2 = g0 - g1, o3 = -g1.
template <class T>
void a_rows(int n, const T* __restrict g0, const T* __restrict g1, T* __restrict o0, T* __restrict o1, T* __restrict o2,
            T* __restrict o3) {
  for (int i = 0; i < n; ++i) {
    o0[i] = g0[i];
    o1[i] = g0[i] + g1[i];
    o2[i] = g0[i] - g1[i];
    o3[i] = -g1[i];
  }
}

// even[i] = src[2i], odd[i] = src[2i + 1], and back.
template <class T>
void deinterleave(int n, const T* __restrict src, T* __restrict even, T* __restrict odd) {
  for (int i = 0; i < n; ++i) {
    even[i] = src[2 * i];
    odd[i] = src[2 * i + 1];
  }
}
template <class T>
void interleave(int n, const T* __restrict even, const T* __restrict odd, T* __restrict dst) {
  for (int i = 0; i < n; ++i) {
    dst[2 * i] = even[i];
    dst[2 * i + 1] = odd[i];
  }
}

// Splits image row xr (w values) into the columns of the zero-padded row (padded column c holds
// x column c - 1): even[m] = padded 2m, odd[m] = padded 2m + 1, for m = 0 .. tw.
template <class T>
void split_padded_row(const T* xr, int w, int tw, T* even, T* odd) {
  even[0] = T(0);
  if (w == 2 * tw) {
    deinterleave(tw, xr, odd, even + 1);
    odd[tw] = T(0);
    return;
  }
  for (int m = 1; m <= tw; ++m) even[m] = 2 * m - 1 < w ? xr[2 * m - 1] : T(0);
  for (int m = 0; m <= tw; ++m) odd[m] = 2 * m < w ? xr[2 * m] : T(0);
}

// The transforms below split each 4x4 transform into a pass along rows, done row by row, and a
// pass along columns, done once over the whole plane: the per-row results are kept by the
// parity of their (padded) row, so that the rows one tile row needs (2ty .. 2ty+3) are the same
// offset in each of four arrays for every tile, and the column pass runs over th * tw tiles at a
// time instead of tw (4 on the 8x8 maps).

// The 16 points B^T d B of every tile d of plane x (h x w) into v[xi * stride + ty * tw + tx],
// B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]. Tile (ty, tx) reads rows 2ty-1 .. 2ty+2 and
// the same columns, zero outside the plane.
template <class T>
void transform_input(const T* x, int h, int w, const Tiling& t, T* v, std::int64_t stride, T* work) {
  const int tw = t.tw, rows = 2 * t.th + 2;
  const std::int64_t P = std::int64_t{t.th + 1} * tw, tiles = std::int64_t{t.th} * tw;
  T* hb = work;  // padded row r = 2q + s, column point j: hb[(2j + s) * P + q * tw + tx]
  T* even = hb + 8 * P;
  T* odd = even + tw + 1;
  for (int r = 0; r < rows; ++r) {
    T* hr = hb + (r & 1) * P + std::int64_t{r >> 1} * tw;
    const int iy = r - 1;
    if (iy < 0 || iy >= h) {
      for (int j = 0; j < 4; ++j) std::fill_n(hr + 2 * j * P, tw, T(0));
      continue;
    }
    split_padded_row(x + std::int64_t{iy} * w, w, tw, even, odd);
    bt_rows(tw, even, odd, even + 1, odd + 1, hr, hr + 2 * P, hr + 4 * P, hr + 6 * P);
  }
  for (int j = 0; j < 4; ++j) {
    const T* e = hb + 2 * j * P;  // rows 2ty (and, tw further, 2ty+2)
    const T* o = e + P;           // rows 2ty+1 (and 2ty+3)
    bt_rows(static_cast<int>(tiles), e, o, e + tw, o + tw, v + j * stride, v + (4 + j) * stride, v + (8 + j) * stride,
            v + (12 + j) * stride);
  }
}

// The adjoint: plane dx (h x w) = the sum over tiles of B dv B^T placed at the tile.
template <class T>
void transform_input_gradient(const T* dv, std::int64_t stride, const Tiling& t, int h, int w, T* dx, T* work) {
  const int tw = t.tw;
  const std::int64_t P = std::int64_t{t.th + 1} * tw, tiles = std::int64_t{t.th} * tw;
  T* hb = work;          // as in transform_input
  T* cols = hb + 8 * P;  // one row's per-tile column contributions, 4 x tw
  T* even = cols + 4 * tw;
  T* odd = even + tw + 1;
  for (int j = 0; j < 4; ++j) {
    const T* v0 = dv + j * stride;
    const T* v1 = dv + (4 + j) * stride;
    const T* v2 = dv + (8 + j) * stride;
    const T* v3 = dv + (12 + j) * stride;
    T* e = hb + 2 * j * P;
    T* o = e + P;
    // tile row ty adds to padded rows 2ty, 2ty+1 (its rows 0, 1) and 2ty+2, 2ty+3 (rows 2, 3)
    b_rows_first(static_cast<int>(tiles), v0, v1, v2, v3, e, o);
    std::fill_n(e + tiles, tw, T(0));
    std::fill_n(o + tiles, tw, T(0));
    b_rows_second_add(static_cast<int>(tiles), v0, v1, v2, v3, e + tw, o + tw);
  }
  for (int iy = 0; iy < h; ++iy) {
    const int r = iy + 1;
    const T* hr = hb + (r & 1) * P + std::int64_t{r >> 1} * tw;
    // tile m adds its columns 0 and 1 at padded columns 2m and 2m+1, columns 2 and 3 at 2m+2 and 2m+3
    std::fill_n(cols, 4 * tw, T(0));
    b_rows_add(tw, hr, hr + 2 * P, hr + 4 * P, hr + 6 * P, cols, cols + tw, cols + 2 * tw, cols + 3 * tw);
    even[0] = cols[0];
    odd[0] = cols[tw];
    for (int m = 1; m < tw; ++m) {
      even[m] = cols[m] + cols[2 * tw + m - 1];
      odd[m] = cols[tw + m] + cols[3 * tw + m - 1];
    }
    even[tw] = cols[3 * tw - 1];
    T* dr = dx + std::int64_t{iy} * w;
    // x column 2m is padded column 2m+1, x column 2m+1 is padded column 2m+2
    if (w == 2 * tw) {
      interleave(tw, odd, even + 1, dr);
      continue;
    }
    for (int m = 0; 2 * m < w; ++m) {
      dr[2 * m] = odd[m];
      if (2 * m + 1 < w) dr[2 * m + 1] = even[m + 1];
    }
  }
}

// Plane y (h x w) = A^T m A for every tile, A^T = [1 1 1 0; 0 1 -1 -1].
template <class T>
void transform_output(const T* mv, std::int64_t stride, const Tiling& t, int h, int w, T* y, T* work) {
  const int tw = t.tw;
  const std::int64_t tiles = std::int64_t{t.th} * tw;
  T* s = work;  // output row a of each tile, column point j: s[(a * 4 + j) * tiles + ty * tw + tx]
  T* even = s + 8 * tiles;
  T* odd = even + tw;
  for (int j = 0; j < 4; ++j)
    at_rows(static_cast<int>(tiles), mv + j * stride, mv + (4 + j) * stride, mv + (8 + j) * stride,
            mv + (12 + j) * stride, s + j * tiles, s + (4 + j) * tiles);
  for (int oy = 0; oy < h; ++oy) {
    const T* sa = s + (oy & 1) * 4 * tiles + std::int64_t{oy >> 1} * tw;
    at_rows(tw, sa, sa + tiles, sa + 2 * tiles, sa + 3 * tiles, even, odd);
    T* yr = y + std::int64_t{oy} * w;
    if (w == 2 * tw) {
      interleave(tw, even, odd, yr);
      continue;
    }
    for (int tx = 0; tx < tw; ++tx) {
      yr[2 * tx] = even[tx];
      if (2 * tx + 1 < w) yr[2 * tx + 1] = odd[tx];
    }
  }
}

// The adjoint: the 16 points A dy A^T of every output tile of plane dy (h x w), zero outside it.
template <class T>
void transform_output_gradient(const T* dy, int h, int w, const Tiling& t, T* dm, std::int64_t stride, T* work) {
  const int tw = t.tw;
  const std::int64_t tiles = std::int64_t{t.th} * tw;
  T* gb = work;  // output row p of each tile, column point j: gb[(p * 4 + j) * tiles + ty * tw + tx]
  T* even = gb + 8 * tiles;
  T* odd = even + tw;
  for (int oy = 0; oy < 2 * t.th; ++oy) {
    T* gp = gb + (oy & 1) * 4 * tiles + std::int64_t{oy >> 1} * tw;
    if (oy >= h) {
      for (int j = 0; j < 4; ++j) std::fill_n(gp + j * tiles, tw, T(0));
      continue;
    }
    const T* dr = dy + std::int64_t{oy} * w;
    if (w == 2 * tw) {
      deinterleave(tw, dr, even, odd);
    } else {
      for (int tx = 0; tx < tw; ++tx) {
        even[tx] = dr[2 * tx];
        odd[tx] = 2 * tx + 1 < w ? dr[2 * tx + 1] : T(0);
      }
    }
    a_rows(tw, even, odd, gp, gp + tiles, gp + 2 * tiles, gp + 3 * tiles);
  }
  for (int j = 0; j < 4; ++j)
    a_rows(static_cast<int>(tiles), gb + j * tiles, gb + (4 + j) * tiles, dm + j * stride, dm + (4 + j) * stride,
           dm + (8 + j) * stride, dm + (12 + j) * stride);
}

// Calls f(first image, images, tile columns) for each block of whole images, in parallel.
template <class F>
void for_blocks(Context& ctx, const ConvGeometry& g, F&& f) {
  const int per_block = images_per_block(g);
  ctx.pool().run((g.n + per_block - 1) / per_block, [&](std::int64_t b, int worker) {
    const int first = static_cast<int>(b) * per_block, count = std::min(per_block, g.n - first);
    f(first, count, worker);
  });
}

// Planes to planes through the transformed domain, the two passes that differ only in their
// transforms and in which side of the filters' points they multiply by: per block of images, the
// input planes to points (`to_points`), one product per point with op(U), points to the output
// planes (`from_points`). Forward: x -> y with U; backward data: dy -> dx with U^T.
template <class T, class ToPoints, class FromPoints>
void through_points(Context& ctx, const ConvGeometry& g, const T* w, bool transpose, const T* in, T* out,
                    ToPoints&& to_points, FromPoints&& from_points) {
  const auto t = tiling(g);
  const int tiles = t.per_image(), ci = g.in_c, co = g.out_c;
  const int a = transpose ? co : ci, b = transpose ? ci : co;  // planes in and out per image
  const std::int64_t pairs = std::int64_t{co} * ci, plane = std::int64_t{g.in_h} * g.in_w;
  T* u = ctx.template shared<T>(5, points * pairs);
  transform_filters(ctx, g, w, u);
  // op(U) of every point packed once for all blocks
  const std::int64_t packed = packed_a_size<T>(b, a);
  T* pu = ctx.template shared<T>(7, points * packed);
  ctx.pool().run(points, [&](std::int64_t xi, int) { pack_a(transpose, b, a, u + xi * pairs, ci, pu + xi * packed); });
  for_blocks(ctx, g, [&](int first, int count, int worker) {
    const std::int64_t ld = std::int64_t{count} * tiles, sa = point_stride(a, ld), sb = point_stride(b, ld);
    T* pa = ctx.template scratch<T>(worker, 0, points * sa);
    T* pb = ctx.template scratch<T>(worker, 1, points * sb);
    T* work = ctx.template scratch<T>(worker, 2, work_size(t));
    for (int j = 0; j < count; ++j)
      for (int c = 0; c < a; ++c)
        to_points(in + (std::int64_t{first + j} * a + c) * plane, g.in_h, g.in_w, t,
                  pa + c * ld + std::int64_t{j} * tiles, sa, work);
    for (int xi = 0; xi < points; ++xi)
      gemm_packed_a(b, static_cast<int>(ld), a, pu + xi * packed, pa + xi * sa, static_cast<int>(ld), pb + xi * sb,
                    static_cast<int>(ld));
    for (int j = 0; j < count; ++j)
      for (int c = 0; c < b; ++c)
        from_points(pb + c * ld + std::int64_t{j} * tiles, sb, t, g.in_h, g.in_w,
                    out + (std::int64_t{first + j} * b + c) * plane, work);
  });
}

}  // namespace detail

// Each operation has the semantics of its namesake in conv.hpp.

template <class T>
void conv2d_forward(Context& ctx, const ConvGeometry& g, const T* x, const T* w, T* y) {
  detail::through_points(ctx, g, w, false, x, y, detail::transform_input<T>, detail::transform_output<T>);
}

template <class T>
void conv2d_backward_data(Context& ctx, const ConvGeometry& g, const T* dy, const T* w, T* dx) {
  detail::through_points(ctx, g, w, true, dy, dx, detail::transform_output_gradient<T>,
                         detail::transform_input_gradient<T>);
}

template <class T>
void conv2d_backward_filter(Context& ctx, const ConvGeometry& g, const T* x, const T* dy, T* dw) {
  const auto t = detail::tiling(g);
  const int tiles = t.per_image(), ci = g.in_c, co = g.out_c, per_block = detail::images_per_block(g);
  const std::int64_t pairs = std::int64_t{co} * ci, plane = std::int64_t{g.in_h} * g.in_w;
  const std::int64_t part = detail::points * pairs;
  // Fixed chunks of the batch, independent of the thread count; partials added in order.
  const int chunks = std::max(1, std::min(g.n, 8));
  T* du = ctx.template shared<T>(6, chunks * part);
  ctx.pool().run(chunks, [&](std::int64_t chunk, int worker) {
    const int begin = static_cast<int>(chunk * g.n / chunks), end = static_cast<int>((chunk + 1) * g.n / chunks);
    T* out = du + chunk * part;
    if (begin == end) std::fill_n(out, part, T(0));
    for (int first = begin; first < end; first += per_block) {
      const int count = std::min(per_block, end - first);
      const std::int64_t ld = std::int64_t{count} * tiles;
      const std::int64_t sv = detail::point_stride(ci, ld), sm = detail::point_stride(co, ld);
      T* v = ctx.template scratch<T>(worker, 0, detail::points * sv);
      T* dm = ctx.template scratch<T>(worker, 1, detail::points * sm);
      T* work = ctx.template scratch<T>(worker, 2, detail::work_size(t));
      for (int j = 0; j < count; ++j) {
        for (int c = 0; c < ci; ++c)
          detail::transform_input(x + (std::int64_t{first + j} * ci + c) * plane, g.in_h, g.in_w, t,
                                  v + c * ld + std::int64_t{j} * tiles, sv, work);
        for (int o = 0; o < co; ++o)
          detail::transform_output_gradient(dy + (std::int64_t{first + j} * co + o) * plane, g.out_h, g.out_w, t,
                                            dm + o * ld + std::int64_t{j} * tiles, sm, work);
      }
      for (int xi = 0; xi < detail::points; ++xi)
        gemm(false, true, co, ci, static_cast<int>(ld), dm + xi * sm, static_cast<int>(ld), v + xi * sv,
             static_cast<int>(ld), out + xi * pairs, ci, first != begin);
    }
  });
  detail::untransform_filter_gradient(ctx, g, du, chunks, dw);
}

}  // namespace aecluster::cpu::winograd
