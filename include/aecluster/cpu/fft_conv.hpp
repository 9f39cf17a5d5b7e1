#pragma once
// Convolution by the convolution theorem, for the decoder's transposed convolutions: stride 1,
// no padding, kernels of 5, 9 and 17 on maps of 4, 8 and 16. There the direct method spends
// K*K multiply-adds per output and channel pair; in the frequency domain every bin of an F x F
// transform (F = the power of two that holds the full convolution, so nothing wraps) is one
// complex matrix product over channels, and a 9x9 kernel costs 144 complex bins instead of 81
// taps on 4x as many outputs.
//
// The transforms are discrete Fourier transforms done as matrix products (planes are at most
// 32x32, so O(F^2 S) costs little next to the per-bin products and runs at matrix-product
// speed), in two steps: along columns, then along rows, keeping the F/2+1 non-redundant
// columns of a real signal's spectrum. Complex products use real matrix products on split
// real/imaginary layouts. Planes are transformed in fixed-size chunks and bins multiplied one
// per task, so the result does not depend on the thread count.
#include <aecluster/backend.hpp>
#include <aecluster/cpu/context.hpp>
#include <aecluster/cpu/gemm.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace aecluster::cpu::fft {

inline int transform_size(int n) {
  int f = 1;
  while (f < n) f *= 2;
  return f;
}

// The multiply-adds of one pass (forward, data or filter gradient) done in the frequency domain,
// transforms included, or 0 when the geometry does not qualify.
inline double pass_macs(const ConvGeometry& g) {
  if (g.stride != 1 || g.pad != 0 || g.in_h != g.in_w || g.out_h != g.out_w || g.in_h != g.out_h + g.k - 1) return 0;
  const double F = transform_size(g.in_h), V = F / 2 + 1;
  if (F > 64) return 0;
  auto transform = [&](double planes, double s) { return planes * (s * s * 2 * V + 2 * F * s * 2 * V); };
  const double n = g.n, ci = g.in_c, co = g.out_c;
  const double products = F * V * 4 * n * ci * co;
  // the worst of the three passes: two forward transforms and one inverse
  return products + transform(n * ci, g.in_h) + transform(n * co, g.out_h) + transform(ci * co, g.k);
}

// Whether to take the frequency domain: at a clear margin, since its passes over memory
// (reordering spectra between steps) cost more per multiply-add than the direct products.
inline bool worthwhile(const ConvGeometry& g) {
  const double f = pass_macs(g);
  return f > 0 && 2.0 * f < g.macs();
}

namespace detail {

template <class T>
struct Tables {
  int F = 0, V = 0;
  const T* col_fwd;  // S x 2V: [cos | -sin](2 pi v c / F)
  const T* row_fwd;  // 2F x S: [cos; -sin](2 pi u r / F)
  const T* row_inv;  // 2H x F: [cos; sin](2 pi u r / F), the H output rows only
  const T* col_inv;  // 2V x H: [w cos; -w sin](2 pi v c / F) / F^2, w = 1 at v = 0 and F/2, else 2
};

// Writes the tables for input side S and output side H into `mem` (which must hold
// table_size(F, S, H) values).
inline std::int64_t table_size(int F, int S, int H) {
  const int V = F / 2 + 1;
  return std::int64_t{S} * 2 * V + 2 * F * S + 2 * H * F + 2 * V * H;
}
template <class T>
Tables<T> make_tables(int F, int S, int H, T* mem) {
  Tables<T> t;
  t.F = F;
  t.V = F / 2 + 1;
  const int V = t.V;
  const double w = 2 * std::numbers::pi / F;
  T* p = mem;
  for (int c = 0; c < S; ++c)
    for (int v = 0; v < V; ++v) {
      p[c * 2 * V + v] = static_cast<T>(std::cos(w * v * c));
      p[c * 2 * V + V + v] = static_cast<T>(-std::sin(w * v * c));
    }
  t.col_fwd = p;
  p += S * 2 * V;
  for (int u = 0; u < F; ++u)
    for (int r = 0; r < S; ++r) {
      p[u * S + r] = static_cast<T>(std::cos(w * ((u * r) % F)));
      p[(F + u) * S + r] = static_cast<T>(-std::sin(w * ((u * r) % F)));
    }
  t.row_fwd = p;
  p += 2 * F * S;
  for (int r = 0; r < H; ++r)
    for (int u = 0; u < F; ++u) {
      p[r * F + u] = static_cast<T>(std::cos(w * ((u * r) % F)));
      p[(H + r) * F + u] = static_cast<T>(std::sin(w * ((u * r) % F)));
    }
  t.row_inv = p;
  p += 2 * H * F;
  const double scale = 1.0 / (double(F) * F);
  for (int v = 0; v < V; ++v) {
    const double weight = (v == 0 || 2 * v == F) ? 1.0 : 2.0;
    for (int c = 0; c < H; ++c) {
      p[v * H + c] = static_cast<T>(weight * scale * std::cos(w * ((v * c) % F)));
      p[(V + v) * H + c] = static_cast<T>(-weight * scale * std::sin(w * ((v * c) % F)));
    }
  }
  t.col_inv = p;
  return t;
}

inline constexpr std::int64_t chunk_planes =
    64;  // planes per transform task (fixed: results must not depend on threads)

// Forward transforms of P planes (S x S, plane stride S*S) into half spectra; calls
// emit(bin, first, count, re, im) with the values of bin u * V + v for planes first ..
// first + count - 1, every bin of every plane exactly once.
template <class T, class Emit>
void forward(Context& ctx, const Tables<T>& t, const T* planes, std::int64_t P, int S, Emit&& emit) {
  const int F = t.F, V = t.V;
  ctx.pool().for_range(P, chunk_planes, [&](std::int64_t begin, std::int64_t end, int worker) {
    const int pc = static_cast<int>(end - begin);
    T* rows = ctx.template scratch<T>(worker, 2, std::int64_t{S} * pc * 2 * V);   // (r, p, [re V | im V])
    T* g = ctx.template scratch<T>(worker, 3, std::int64_t{2} * F * pc * 2 * V);  // (2F, p, [re V | im V])
    for (int r = 0; r < S; ++r)  // along the columns of row r of every plane
      gemm(false, false, pc, 2 * V, S, planes + begin * S * S + r * S, S * S, t.col_fwd, 2 * V,
           rows + std::int64_t{r} * pc * 2 * V, 2 * V);
    // along the rows: [cos; -sin] (2F x S) times all row spectra (S x pc*2V)
    gemm(false, false, 2 * F, pc * 2 * V, S, t.row_fwd, S, rows, pc * 2 * V, g, pc * 2 * V);
    const std::int64_t ld = std::int64_t{pc} * 2 * V;
    // Bin by bin, a run of consecutive planes at a time: the layouts the runs go to are
    // plane-contiguous within a bin.
    T* re = ctx.template scratch<T>(worker, 4, 2 * std::int64_t{pc});
    T* im = re + pc;
    for (int u = 0; u < F; ++u) {
      const T* gc = g + u * ld;        // cos part
      const T* gs = g + (F + u) * ld;  // -sin part
      for (int v = 0; v < V; ++v) {
        for (int p = 0; p < pc; ++p) {
          re[p] = gc[p * 2 * V + v] - gs[p * 2 * V + V + v];
          im[p] = gc[p * 2 * V + V + v] + gs[p * 2 * V + v];
        }
        emit(u * V + v, begin, pc, re, im);
      }
    }
  });
}

// Inverse transforms of P half spectra into planes of H x H (the first H rows and columns of
// the F x F result); fetch(bin, first, count, re, im) fills re[] and im[] with the values of
// that bin for planes first .. first + count - 1.
template <class T, class Fetch>
void inverse(Context& ctx, const Tables<T>& t, std::int64_t P, int H, T* planes, Fetch&& fetch) {
  const int F = t.F, V = t.V;
  ctx.pool().for_range(P, chunk_planes, [&](std::int64_t begin, std::int64_t end, int worker) {
    const int pc = static_cast<int>(end - begin);
    const std::int64_t ld = std::int64_t{pc} * 2 * V;
    T* z = ctx.template scratch<T>(worker, 2, std::int64_t{F} * ld);      // (u, p, [re V | im V])
    T* g = ctx.template scratch<T>(worker, 3, std::int64_t{2} * H * ld);  // (2H, p, [re V | im V])
    T* re = ctx.template scratch<T>(worker, 4, 2 * std::int64_t{pc});
    T* im = re + pc;
    for (int u = 0; u < F; ++u)
      for (int v = 0; v < V; ++v) {
        fetch(u * V + v, begin, pc, re, im);
        for (int p = 0; p < pc; ++p) {
          z[u * ld + p * 2 * V + v] = re[p];
          z[u * ld + p * 2 * V + V + v] = im[p];
        }
      }
    gemm(false, false, 2 * H, static_cast<int>(ld), F, t.row_inv, F, z, static_cast<int>(ld), g, static_cast<int>(ld));
    // combine into (r, p, [re V | im V]) for the last step, reusing z
    for (int r = 0; r < H; ++r) {
      const T* gc = g + r * ld;
      const T* gs = g + (H + r) * ld;
      T* out = z + r * ld;
      for (int p = 0; p < pc; ++p)
        for (int v = 0; v < V; ++v) {
          out[p * 2 * V + v] = gc[p * 2 * V + v] - gs[p * 2 * V + V + v];
          out[p * 2 * V + V + v] = gc[p * 2 * V + V + v] + gs[p * 2 * V + v];
        }
    }
    for (int r = 0; r < H; ++r)
      gemm(false, false, pc, H, 2 * V, z + r * ld, 2 * V, t.col_inv, H, planes + begin * H * H + r * H, H * H);
  });
}

// Per-bin products, one bin per task: C[bin] = op(A[bin]) * B[bin].
template <class T>
void products(Context& ctx, int bins, bool trans_a, int m, int n, int k, const T* a, int lda, std::int64_t a_stride,
              const T* b, int ldb, std::int64_t b_stride, T* c, int ldc, std::int64_t c_stride) {
  ctx.pool().run(bins, [&](std::int64_t bin, int) {
    gemm(trans_a, false, m, n, k, a + bin * a_stride, lda, b + bin * b_stride, ldb, c + bin * c_stride, ldc);
  });
}

// Walks planes first .. first + count - 1 of a plane matrix with `cols` columns (plane
// p = row * cols + col), calling f(row, col, offset, run) for each run within one row.
template <class F>
void for_runs(std::int64_t first, int count, std::int64_t cols, F&& f) {
  std::int64_t row = first / cols, col = first % cols;
  int done = 0;
  while (done < count) {
    const int run = static_cast<int>(std::min<std::int64_t>(count - done, cols - col));
    f(row, col, done, run);
    done += run;
    ++row;
    col = 0;
  }
}

template <class T>
Tables<T> tables_for(Context& ctx, int F, int S, int H, int slot) {
  return make_tables<T>(F, S, H, ctx.template shared<T>(slot, table_size(F, S, H)));
}

}  // namespace detail

// Each operation has the semantics of its namesake in conv.hpp.

// ConvTranspose2d's forward pass: dx (n, in_c, L, L) from dy (n, out_c, H, H) and w.
template <class T>
void conv2d_backward_data(Context& ctx, const ConvGeometry& g, const T* dy, const T* w, T* dx) {
  const int F = transform_size(g.in_h), V = F / 2 + 1, bins = F * V;
  const int n = g.n, ci = g.in_c, co = g.out_c, L = g.in_h, H = g.out_h, K = g.k;
  // A: dy spectra, per bin (n x [re co | im co]); B: w expanded, per bin (2co x 2ci).
  T* a = ctx.template shared<T>(1, std::int64_t{bins} * n * 2 * co);
  T* b = ctx.template shared<T>(2, std::int64_t{bins} * 2 * co * 2 * ci);
  T* c = ctx.template shared<T>(3, std::int64_t{bins} * n * 2 * ci);
  const auto ta = detail::tables_for<T>(ctx, F, H, L, 0);
  detail::forward(ctx, ta, dy, std::int64_t{n} * co, H,
                  [&](int bin, std::int64_t first, int count, const T* re, const T* im) {
                    detail::for_runs(first, count, co, [&](std::int64_t i, std::int64_t o, int at, int run) {
                      T* row = a + (std::int64_t{bin} * n + i) * 2 * co;
                      std::copy_n(re + at, run, row + o);
                      std::copy_n(im + at, run, row + co + o);
                    });
                  });
  const auto tw = detail::tables_for<T>(ctx, F, K, L, 4);
  detail::forward(ctx, tw, w, std::int64_t{co} * ci, K,
                  [&](int bin, std::int64_t first, int count, const T* re, const T* im) {
                    // [[Wr, Wi], [-Wi, Wr]]
                    T* e = b + std::int64_t{bin} * 2 * co * 2 * ci;
                    detail::for_runs(first, count, ci, [&](std::int64_t o, std::int64_t cc, int at, int run) {
                      for (int j = 0; j < run; ++j) {
                        e[o * 2 * ci + cc + j] = re[at + j];
                        e[o * 2 * ci + ci + cc + j] = im[at + j];
                        e[(co + o) * 2 * ci + cc + j] = -im[at + j];
                        e[(co + o) * 2 * ci + ci + cc + j] = re[at + j];
                      }
                    });
                  });
  detail::products<T>(ctx, bins, false, n, 2 * ci, 2 * co, a, 2 * co, std::int64_t{n} * 2 * co, b, 2 * ci,
                      std::int64_t{2} * co * 2 * ci, c, 2 * ci, std::int64_t{n} * 2 * ci);
  detail::inverse(ctx, ta, std::int64_t{n} * ci, L, dx, [&](int bin, std::int64_t first, int count, T* re, T* im) {
    detail::for_runs(first, count, ci, [&](std::int64_t i, std::int64_t cc, int at, int run) {
      const T* row = c + (std::int64_t{bin} * n + i) * 2 * ci;
      std::copy_n(row + cc, run, re + at);
      std::copy_n(row + ci + cc, run, im + at);
    });
  });
}

// ConvTranspose2d's input gradient: y (n, out_c, H, H) from x (n, in_c, L, L) and w.
template <class T>
void conv2d_forward(Context& ctx, const ConvGeometry& g, const T* x, const T* w, T* y) {
  const int F = transform_size(g.in_h), V = F / 2 + 1, bins = F * V;
  const int n = g.n, ci = g.in_c, co = g.out_c, L = g.in_h, H = g.out_h, K = g.k;
  T* a = ctx.template shared<T>(1, std::int64_t{bins} * n * 2 * ci);
  T* b = ctx.template shared<T>(2, std::int64_t{bins} * 2 * ci * 2 * co);
  T* c = ctx.template shared<T>(3, std::int64_t{bins} * n * 2 * co);
  const auto tx = detail::tables_for<T>(ctx, F, L, H, 0);
  detail::forward(ctx, tx, x, std::int64_t{n} * ci, L,
                  [&](int bin, std::int64_t first, int count, const T* re, const T* im) {
                    detail::for_runs(first, count, ci, [&](std::int64_t i, std::int64_t cc, int at, int run) {
                      T* row = a + (std::int64_t{bin} * n + i) * 2 * ci;
                      std::copy_n(re + at, run, row + cc);
                      std::copy_n(im + at, run, row + ci + cc);
                    });
                  });
  const auto tw = detail::tables_for<T>(ctx, F, K, H, 4);
  detail::forward(ctx, tw, w, std::int64_t{co} * ci, K,
                  [&](int bin, std::int64_t first, int count, const T* re, const T* im) {
                    // conj(W)^T expanded: [[Wr^T, -Wi^T], [Wi^T, Wr^T]]
                    T* e = b + std::int64_t{bin} * 2 * ci * 2 * co;
                    detail::for_runs(first, count, ci, [&](std::int64_t o, std::int64_t cc, int at, int run) {
                      for (int j = 0; j < run; ++j) {
                        e[(cc + j) * 2 * co + o] = re[at + j];
                        e[(cc + j) * 2 * co + co + o] = -im[at + j];
                        e[(ci + cc + j) * 2 * co + o] = im[at + j];
                        e[(ci + cc + j) * 2 * co + co + o] = re[at + j];
                      }
                    });
                  });
  detail::products<T>(ctx, bins, false, n, 2 * co, 2 * ci, a, 2 * ci, std::int64_t{n} * 2 * ci, b, 2 * co,
                      std::int64_t{2} * ci * 2 * co, c, 2 * co, std::int64_t{n} * 2 * co);
  detail::inverse(ctx, tx, std::int64_t{n} * co, H, y, [&](int bin, std::int64_t first, int count, T* re, T* im) {
    detail::for_runs(first, count, co, [&](std::int64_t i, std::int64_t o, int at, int run) {
      const T* row = c + (std::int64_t{bin} * n + i) * 2 * co;
      std::copy_n(row + o, run, re + at);
      std::copy_n(row + co + o, run, im + at);
    });
  });
}

// ConvTranspose2d's weight gradient: dw (out_c, in_c, K, K) = sum over images of the
// correlation of x (n, in_c, L, L) with dy (n, out_c, H, H).
template <class T>
void conv2d_backward_filter(Context& ctx, const ConvGeometry& g, const T* x, const T* dy, T* dw) {
  const int F = transform_size(g.in_h), V = F / 2 + 1, bins = F * V;
  const int n = g.n, ci = g.in_c, co = g.out_c, L = g.in_h, H = g.out_h, K = g.k;
  // dW = conj(DY)^T X: A stored as (2n x co) = [DYr; DYi], used transposed;
  // B = [[Xr, Xi], [Xi, -Xr]] (2n x 2ci).
  T* a = ctx.template shared<T>(1, std::int64_t{bins} * 2 * n * co);
  T* b = ctx.template shared<T>(2, std::int64_t{bins} * 2 * n * 2 * ci);
  T* c = ctx.template shared<T>(3, std::int64_t{bins} * co * 2 * ci);
  const auto tx = detail::tables_for<T>(ctx, F, L, K, 0);
  detail::forward(ctx, tx, x, std::int64_t{n} * ci, L,
                  [&](int bin, std::int64_t first, int count, const T* re, const T* im) {
                    T* e = b + std::int64_t{bin} * 2 * n * 2 * ci;
                    detail::for_runs(first, count, ci, [&](std::int64_t i, std::int64_t cc, int at, int run) {
                      for (int j = 0; j < run; ++j) {
                        e[i * 2 * ci + cc + j] = re[at + j];
                        e[i * 2 * ci + ci + cc + j] = im[at + j];
                        e[(n + i) * 2 * ci + cc + j] = im[at + j];
                        e[(n + i) * 2 * ci + ci + cc + j] = -re[at + j];
                      }
                    });
                  });
  const auto ty = detail::tables_for<T>(ctx, F, H, K, 4);
  detail::forward(ctx, ty, dy, std::int64_t{n} * co, H,
                  [&](int bin, std::int64_t first, int count, const T* re, const T* im) {
                    T* e = a + std::int64_t{bin} * 2 * n * co;
                    detail::for_runs(first, count, co, [&](std::int64_t i, std::int64_t o, int at, int run) {
                      std::copy_n(re + at, run, e + i * co + o);
                      std::copy_n(im + at, run, e + (n + i) * co + o);
                    });
                  });
  detail::products<T>(ctx, bins, true, co, 2 * ci, 2 * n, a, co, std::int64_t{2} * n * co, b, 2 * ci,
                      std::int64_t{2} * n * 2 * ci, c, 2 * ci, std::int64_t{co} * 2 * ci);
  detail::inverse(ctx, tx, std::int64_t{co} * ci, K, dw, [&](int bin, std::int64_t first, int count, T* re, T* im) {
    detail::for_runs(first, count, ci, [&](std::int64_t o, std::int64_t cc, int at, int run) {
      const T* row = c + (std::int64_t{bin} * co + o) * 2 * ci;
      std::copy_n(row + cc, run, re + at);
      std::copy_n(row + ci + cc, run, im + at);
    });
  });
}

}  // namespace aecluster::cpu::fft
