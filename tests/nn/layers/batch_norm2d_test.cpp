#include <aecluster/nn/layers/batch_norm2d.hpp>
#include <aecluster/nn/layers/conv2d.hpp>
#include <aecluster/nn/layers/relu.hpp>

#include <doctest/doctest.h>

#include <vector>

#include "nn/layers/layer_test_util.hpp"

using namespace aecluster;

TEST_CASE("BatchNorm2d normalises by batch statistics and tracks running statistics as PyTorch") {
  CpuF64::Context ctx(2);
  using In = Shape3<3, 4, 5>;
  Network<CpuF64, In, Layers<BatchNorm2d<3>>> net(ctx);
  const int n = 4, hw = 20;
  Rng rng(1);
  std::vector<double> x(n * In::size);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 2.0 + 3.0 * rng.normal();
  const double* y = net.forward(x.data(), n, Mode::train);
  CHECK(net.counters()[0] == 1);
  for (int c = 0; c < 3; ++c) {
    double mean = 0, var = 0, ym = 0, yv = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < hw; ++j) {
        mean += x[(i * 3 + c) * hw + j];
        ym += y[(i * 3 + c) * hw + j];
      }
    mean /= n * hw;
    ym /= n * hw;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < hw; ++j) {
        var += std::pow(x[(i * 3 + c) * hw + j] - mean, 2);
        yv += std::pow(y[(i * 3 + c) * hw + j] - ym, 2);
      }
    CHECK(std::abs(ym) < 1e-12);
    CHECK(yv / (n * hw) == doctest::Approx(var / (n * hw) / (var / (n * hw) + 1e-5)).epsilon(1e-9));
    // running = 0.9 * initial + 0.1 * batch, the variance unbiased
    CHECK(net.buffers()[c] == doctest::Approx(0.1 * mean).epsilon(1e-12));
    CHECK(net.buffers()[3 + c] == doctest::Approx(0.9 + 0.1 * var / (n * hw - 1)).epsilon(1e-12));
  }
  // Evaluation uses the running statistics.
  const double* e = net.forward(x.data(), n, Mode::eval);
  const double rm = net.buffers()[0], rv = net.buffers()[3];
  CHECK(e[0] == doctest::Approx((x[0] - rm) / std::sqrt(rv + 1e-5)).epsilon(1e-12));
  CHECK(net.counters()[0] == 1);
}

TEST_CASE("BatchNorm2d gradients match central differences") {
  test::check_network_gradients<Shape3<3, 4, 5>, Layers<BatchNorm2d<3>>>(3);
  test::check_network_gradients<Shape3<2, 6, 6>, Layers<Conv2d<2, 4, 3, 1, 1>, BatchNorm2d<4>, ReLU>>(2);
}

TEST_CASE("BatchNorm2d refuses to train on one value per channel") {
  CpuF64::Context ctx(1);
  Network<CpuF64, Shape3<2, 1, 1>, Layers<BatchNorm2d<2>>> net(ctx);
  std::vector<double> x(2, 1.0);
  CHECK_THROWS_WITH_AS(net.forward(x.data(), 1, Mode::train), doctest::Contains("more than one value"), Error);
}
