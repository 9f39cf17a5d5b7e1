#pragma once
// Checks a convolution method's three passes against the direct method on random data.
#include <aecluster/cpu/conv.hpp>
#include <aecluster/random.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace conv_compare {

struct Passes {
  std::vector<double> y, dx, dw;
};

template <class T>
std::vector<T> random_vector(aecluster::Rng& rng, std::int64_t n) {
  std::vector<T> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = static_cast<T>(rng.uniform(-1, 1));
  return v;
}

template <class T>
double relative_error(const std::vector<T>& a, const std::vector<T>& b) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    num = std::max(num, std::abs(double(a[i]) - double(b[i])));
    den = std::max(den, std::abs(double(b[i])));
  }
  return num / den;
}

// Runs forward, backward-data and backward-filter of `method` (a callable taking the pass
// number 0..2 and the pass's arguments) with `threads` threads; outputs are pre-filled with NaN
// so that an unwritten element fails.
template <class T, class Method>
std::vector<std::vector<T>> run(const aecluster::ConvGeometry& g, int threads, Method&& method) {
  aecluster::cpu::Context ctx(threads);
  aecluster::Rng rng(7);
  const auto x = random_vector<T>(rng, g.n * g.in_size());
  const auto w = random_vector<T>(rng, g.weight_size());
  const auto dy = random_vector<T>(rng, g.n * g.out_size());
  const T nan = std::numeric_limits<T>::quiet_NaN();
  std::vector<T> y(dy.size(), nan), dx(x.size(), nan), dw(w.size(), nan);
  method(0, ctx, g, x.data(), w.data(), y.data());
  method(1, ctx, g, dy.data(), w.data(), dx.data());
  method(2, ctx, g, x.data(), dy.data(), dw.data());
  return {y, dx, dw};
}

// The method against the direct one, to a relative tolerance on each pass.
template <class T, class Method>
void against_direct(const aecluster::ConvGeometry& g, double tolerance, Method&& method) {
  namespace direct = aecluster::cpu::direct;
  const auto ours = run<T>(g, 2, method);
  const auto reference = run<T>(g, 2, [](int pass, auto& ctx, const auto& geometry, auto a, auto b, auto out) {
    if (pass == 0)
      direct::conv2d_forward(ctx, geometry, a, b, out);
    else if (pass == 1)
      direct::conv2d_backward_data(ctx, geometry, a, b, out);
    else
      direct::conv2d_backward_filter(ctx, geometry, a, b, out);
  });
  INFO("geometry in " << g.in_c << "x" << g.in_h << "x" << g.in_w << " k" << g.k << " out " << g.out_c << "x" << g.out_h
                      << "x" << g.out_w << " n " << g.n);
  CHECK(relative_error(ours[0], reference[0]) < tolerance);
  CHECK(relative_error(ours[1], reference[1]) < tolerance);
  CHECK(relative_error(ours[2], reference[2]) < tolerance);
}

}  // namespace conv_compare
