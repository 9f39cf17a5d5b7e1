#pragma once
// Convolution on the CPU. The direct method lowers images (im2col) and multiplies them with
// the filters: fixed groups of images are independent tasks, and the filter gradient is summed over fixed
// chunks of the batch whose partials are added in order, so the result does not depend on the
// thread count. Geometries where the convolution theorem pays (the decoder's large-kernel
// transposed convolutions) go to fft_conv.hpp, same-size 3x3 convolutions (the encoder's) to
// winograd_conv.hpp; the choice depends on the geometry only.
#include <aecluster/backend.hpp>
#include <aecluster/cpu/context.hpp>
#include <aecluster/cpu/fft_conv.hpp>
#include <aecluster/cpu/gemm.hpp>
#include <aecluster/cpu/winograd_conv.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

namespace aecluster::cpu {

namespace detail {

inline int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// The output columns [begin, end) whose input column ox*stride - pad + kx lies inside the image.
inline std::pair<int, int> valid_columns(const ConvGeometry& g, int kx) {
  const int begin = std::clamp(-floor_div(kx - g.pad, g.stride), 0, g.out_w);
  const int end = std::clamp(floor_div(g.in_w - 1 + g.pad - kx, g.stride) + 1, begin, g.out_w);
  return {begin, end};
}

// Lowers one image x (in_c, in_h, in_w) into col (in_c*k*k, out_h*out_w) with row stride ld.
template <class T>
void im2col(const ConvGeometry& g, const T* x, T* col, std::int64_t ld) {
  const int k = g.k, s = g.stride, p = g.pad;
  for (int c = 0; c < g.in_c; ++c) {
    const T* xc = x + std::int64_t{c} * g.in_h * g.in_w;
    for (int ky = 0; ky < k; ++ky) {
      for (int kx = 0; kx < k; ++kx) {
        T* row = col + ((std::int64_t{c} * k + ky) * k + kx) * ld;
        const auto [ox_begin, ox_end] = valid_columns(g, kx);
        for (int oy = 0; oy < g.out_h; ++oy) {
          T* r = row + std::int64_t{oy} * g.out_w;
          const int iy = oy * s - p + ky;
          if (iy < 0 || iy >= g.in_h) {
            std::fill_n(r, g.out_w, T(0));
            continue;
          }
          std::fill_n(r, ox_begin, T(0));
          const T* xr = xc + std::int64_t{iy} * g.in_w + (ox_begin * s - p + kx);
          if (s == 1) {
            std::memcpy(r + ox_begin, xr, sizeof(T) * (ox_end - ox_begin));
          } else {
            for (int ox = ox_begin; ox < ox_end; ++ox) r[ox] = xr[(ox - ox_begin) * s];
          }
          std::fill(r + ox_end, r + g.out_w, T(0));
        }
      }
    }
  }
}

// The adjoint of im2col: accumulates col (in_c*k*k, out_h*out_w) into a zeroed image dx.
template <class T>
void col2im(const ConvGeometry& g, const T* col, std::int64_t ld, T* dx) {
  const int k = g.k, s = g.stride, p = g.pad;
  std::fill_n(dx, g.in_size(), T(0));
  for (int c = 0; c < g.in_c; ++c) {
    T* dc = dx + std::int64_t{c} * g.in_h * g.in_w;
    for (int ky = 0; ky < k; ++ky) {
      for (int kx = 0; kx < k; ++kx) {
        const T* row = col + ((std::int64_t{c} * k + ky) * k + kx) * ld;
        const auto [ox_begin, ox_end] = valid_columns(g, kx);
        for (int oy = 0; oy < g.out_h; ++oy) {
          const int iy = oy * s - p + ky;
          if (iy < 0 || iy >= g.in_h) continue;
          const T* r = row + std::int64_t{oy} * g.out_w;
          T* dr = dc + std::int64_t{iy} * g.in_w + (ox_begin * s - p + kx);
          for (int ox = ox_begin; ox < ox_end; ++ox) dr[(ox - ox_begin) * s] += r[ox];
        }
      }
    }
  }
}

inline int lowered_rows(const ConvGeometry& g) { return g.in_c * g.k * g.k; }
inline int out_pixels(const ConvGeometry& g) { return g.out_h * g.out_w; }
// How many images one lowered product covers: about 1024 columns, at most 16 images.
inline int images_per_product(const ConvGeometry& g) { return std::clamp(1024 / out_pixels(g), 1, 16); }

// `count` consecutive images of (channels, pixels) -> one (channels, count * pixels) matrix
// with leading dimension ld, image j in columns [j * pixels, (j + 1) * pixels); and back.
template <class T>
void pack_images(const T* images, int channels, int pixels, int count, T* packed, std::int64_t ld) {
  for (int j = 0; j < count; ++j)
    for (int c = 0; c < channels; ++c)
      std::memcpy(packed + c * ld + std::int64_t{j} * pixels, images + (std::int64_t{j} * channels + c) * pixels,
                  sizeof(T) * pixels);
}
template <class T>
void unpack_images(const T* packed, std::int64_t ld, int channels, int pixels, int count, T* images) {
  for (int j = 0; j < count; ++j)
    for (int c = 0; c < channels; ++c)
      std::memcpy(images + (std::int64_t{j} * channels + c) * pixels, packed + c * ld + std::int64_t{j} * pixels,
                  sizeof(T) * pixels);
}

}  // namespace detail

namespace direct {

// Forward and backward-data products cover several images at once, lowered side by side: the
// weights are then packed once per product instead of once per image, which dominates the
// layers whose images have few pixels. The grouping depends only on the shapes.
template <class T>
void conv2d_forward(Context& ctx, const ConvGeometry& g, const T* x, const T* w, T* y) {
  const int rows = detail::lowered_rows(g), pixels = detail::out_pixels(g), pack = detail::images_per_product(g);
  const std::int64_t ld = std::int64_t{pack} * pixels;
  ctx.pool().run((g.n + pack - 1) / pack, [&](std::int64_t t, int worker) {
    const int begin = static_cast<int>(t) * pack, m = std::min(pack, g.n - begin);
    T* col = ctx.template scratch<T>(worker, 0, rows * ld);
    for (int j = 0; j < m; ++j) detail::im2col(g, x + (begin + j) * g.in_size(), col + std::int64_t{j} * pixels, ld);
    if (pack == 1) {
      gemm(false, false, g.out_c, pixels, rows, w, rows, col, pixels, y + begin * g.out_size(), pixels);
      return;
    }
    T* yp = ctx.template scratch<T>(worker, 1, g.out_c * ld);
    gemm(false, false, g.out_c, m * pixels, rows, w, rows, col, static_cast<int>(ld), yp, static_cast<int>(ld));
    detail::unpack_images(yp, ld, g.out_c, pixels, m, y + begin * g.out_size());
  });
}

template <class T>
void conv2d_backward_data(Context& ctx, const ConvGeometry& g, const T* dy, const T* w, T* dx) {
  const int rows = detail::lowered_rows(g), pixels = detail::out_pixels(g), pack = detail::images_per_product(g);
  const std::int64_t ld = std::int64_t{pack} * pixels;
  ctx.pool().run((g.n + pack - 1) / pack, [&](std::int64_t t, int worker) {
    const int begin = static_cast<int>(t) * pack, m = std::min(pack, g.n - begin);
    T* col = ctx.template scratch<T>(worker, 0, rows * ld);
    const T* dyp = dy + begin * g.out_size();
    if (pack > 1) {
      T* packed = ctx.template scratch<T>(worker, 1, g.out_c * ld);
      detail::pack_images(dyp, g.out_c, pixels, m, packed, ld);
      dyp = packed;
    }
    gemm(true, false, rows, m * pixels, g.out_c, w, rows, dyp, static_cast<int>(ld), col, static_cast<int>(ld));
    for (int j = 0; j < m; ++j) detail::col2im(g, col + std::int64_t{j} * pixels, ld, dx + (begin + j) * g.in_size());
  });
}

template <class T>
void conv2d_backward_filter(Context& ctx, const ConvGeometry& g, const T* x, const T* dy, T* dw) {
  const int rows = detail::lowered_rows(g), pixels = detail::out_pixels(g);
  // Fixed chunks of the batch, independent of the thread count, each summing its images.
  const int chunks = std::min(g.n, 8);
  // Images lowered side by side so that each product has a long inner dimension.
  const int pack = detail::images_per_product(g);
  const std::int64_t wsize = g.weight_size();
  T* partial = chunks > 1 ? ctx.template shared<T>(0, chunks * wsize) : dw;
  ctx.pool().run(chunks, [&](std::int64_t c, int worker) {
    const int begin = static_cast<int>(c * g.n / chunks), end = static_cast<int>((c + 1) * g.n / chunks);
    T* out = chunks > 1 ? partial + c * wsize : dw;
    const std::int64_t ld = std::int64_t{pack} * pixels;
    T* col = ctx.template scratch<T>(worker, 0, rows * ld);
    T* dyp = ctx.template scratch<T>(worker, 1, g.out_c * ld);
    bool first = true;
    for (int i = begin; i < end; i += pack) {
      const int m = std::min(pack, end - i);
      for (int j = 0; j < m; ++j) detail::im2col(g, x + (i + j) * g.in_size(), col + std::int64_t{j} * pixels, ld);
      detail::pack_images(dy + i * g.out_size(), g.out_c, pixels, m, dyp, ld);
      gemm(false, true, g.out_c, rows, m * pixels, dyp, static_cast<int>(ld), col, static_cast<int>(ld), out, rows,
           !first);
      first = false;
    }
    if (first) std::fill_n(out, wsize, T(0));
  });
  if (chunks > 1) {
    ctx.pool().for_range(wsize, 4096, [&](std::int64_t b, std::int64_t e, int) {
      for (std::int64_t j = b; j < e; ++j) {
        T s = partial[j];
        for (int c = 1; c < chunks; ++c) s += partial[c * wsize + j];
        dw[j] = s;
      }
    });
  }
}

}  // namespace direct

template <class T>
void conv2d_forward(Context& ctx, const ConvGeometry& g, const T* x, const T* w, T* y) {
  if (fft::worthwhile(g))
    fft::conv2d_forward(ctx, g, x, w, y);
  else if (winograd::worthwhile(g))
    winograd::conv2d_forward(ctx, g, x, w, y);
  else
    direct::conv2d_forward(ctx, g, x, w, y);
}

template <class T>
void conv2d_backward_data(Context& ctx, const ConvGeometry& g, const T* dy, const T* w, T* dx) {
  if (fft::worthwhile(g))
    fft::conv2d_backward_data(ctx, g, dy, w, dx);
  else if (winograd::worthwhile(g))
    winograd::conv2d_backward_data(ctx, g, dy, w, dx);
  else
    direct::conv2d_backward_data(ctx, g, dy, w, dx);
}

template <class T>
void conv2d_backward_filter(Context& ctx, const ConvGeometry& g, const T* x, const T* dy, T* dw) {
  if (fft::worthwhile(g))
    fft::conv2d_backward_filter(ctx, g, x, dy, dw);
  else if (winograd::worthwhile(g))
    winograd::conv2d_backward_filter(ctx, g, x, dy, dw);
  else
    direct::conv2d_backward_filter(ctx, g, x, dy, dw);
}

}  // namespace aecluster::cpu
