#include <aecluster/nn/layers/conv2d.hpp>
#include <aecluster/nn/layers/relu.hpp>

#include <doctest/doctest.h>

#include <vector>

#include "nn/layers/layer_test_util.hpp"

using namespace aecluster;

TEST_CASE("Conv2d output shapes follow PyTorch") {
  using A = Conv2d<3, 64, 3, 1, 1>::output<Shape3<3, 32, 32>>::type;
  static_assert(A::c == 64 && A::h == 32 && A::w == 32);
  using B = Conv2d<2, 5, 5, 2, 1>::output<Shape3<2, 9, 8>>::type;
  static_assert(B::h == 4 && B::w == 3);
  CHECK(true);
}

TEST_CASE("Conv2d forward equals a direct convolution") {
  CpuF64::Context ctx(2);
  using In = Shape3<3, 7, 6>;
  Network<CpuF64, In, Layers<Conv2d<3, 4, 3, 2, 1>>> net(ctx, 7);
  using Out = decltype(net)::Output;
  const int n = 19;  // a full group of 16 lowered images and a partial one
  Rng rng(3);
  std::vector<double> x(n * In::size);
  for (auto& v : x) v = rng.uniform(-1, 1);
  const double* y = net.forward(x.data(), n, Mode::eval);
  const double* w = net.parameters();
  const double* b = w + 4 * 3 * 9;
  double worst = 0;
  for (int i = 0; i < n; ++i)
    for (int o = 0; o < Out::c; ++o)
      for (int oy = 0; oy < Out::h; ++oy)
        for (int ox = 0; ox < Out::w; ++ox) {
          double s = b[o];
          for (int c = 0; c < 3; ++c)
            for (int ky = 0; ky < 3; ++ky)
              for (int kx = 0; kx < 3; ++kx) {
                const int iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
                if (iy < 0 || iy >= In::h || ix < 0 || ix >= In::w) continue;
                s += w[((o * 3 + c) * 3 + ky) * 3 + kx] * x[((i * 3 + c) * In::h + iy) * In::w + ix];
              }
          worst = std::max(worst, std::abs(s - y[((i * Out::c + o) * Out::h + oy) * Out::w + ox]));
        }
  CHECK(worst < 1e-12);
}

TEST_CASE("Conv2d gradients match central differences") {
  test::check_network_gradients<Shape3<3, 6, 5>, Layers<Conv2d<3, 4, 3, 1, 1>>>();
  test::check_network_gradients<Shape3<2, 9, 8>, Layers<Conv2d<2, 3, 5, 2, 2>>>();
  test::check_network_gradients<Shape3<2, 5, 5>, Layers<Conv2d<2, 3, 1>>>();
  test::check_network_gradients<Shape3<1, 8, 8>, Layers<Conv2d<1, 2, 3, 3, 0>, ReLU>>(3);
  // 19 images: the CPU backend lowers up to 16 small images into one product, so this covers
  // a full group and a partial one.
  test::check_network_gradients<Shape3<2, 4, 4>, Layers<Conv2d<2, 3, 3, 1, 1>>>(19);
}

TEST_CASE("Conv2d's initialisation is PyTorch's: U(-1/sqrt(fan_in), 1/sqrt(fan_in))") {
  Cpu::Context ctx(1);
  Network<Cpu, Shape3<16, 8, 8>, Layers<Conv2d<16, 32, 3>>> net(ctx, 11);
  const double bound = 1.0 / std::sqrt(16.0 * 9);
  double lo = 1, hi = -1, sum2 = 0;
  const auto P = net.parameter_count();
  for (std::int64_t i = 0; i < P; ++i) {
    const float v = net.parameters()[i];
    lo = std::min<double>(lo, v);
    hi = std::max<double>(hi, v);
    sum2 += double(v) * v;
  }
  CHECK(lo >= -bound);
  CHECK(hi <= bound);
  CHECK(hi > 0.98 * bound);
  CHECK(std::sqrt(sum2 / P) == doctest::Approx(bound / std::sqrt(3.0)).epsilon(0.03));  // std of U(-b, b)
}
