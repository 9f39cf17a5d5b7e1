#include <aecluster/nn/layers/conv2d.hpp>
#include <aecluster/nn/layers/max_pool2d.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "nn/layers/layer_test_util.hpp"

using namespace aecluster;

TEST_CASE("MaxPool2d takes the first maximum of each 2x2 window and drops odd edges") {
  Cpu::Context ctx(1);
  Network<Cpu, Shape3<1, 3, 5>, Layers<MaxPool2d<2>>> net(ctx);
  static_assert(decltype(net)::Output::h == 1 && decltype(net)::Output::w == 2);
  std::vector<float> x = {1, 5, 2, 2, 9,  //
                          3, 5, 7, 1, 9,  //
                          9, 9, 9, 9, 9};
  const float* y = net.forward(x.data(), 1, Mode::train);
  CHECK(y[0] == 5);
  CHECK(y[1] == 7);
  std::vector<float> dy = {1, 2};
  const float* dx = net.backward(dy.data(), 1, true);
  std::vector<float> expect = {0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 15; ++i) CHECK(dx[i] == expect[i]);
}

TEST_CASE("MaxPool2d propagates NaN as PyTorch does") {
  Cpu::Context ctx(1);
  Network<Cpu, Shape3<1, 2, 2>, Layers<MaxPool2d<2>>> net(ctx);
  std::vector<float> x = {1, std::numeric_limits<float>::quiet_NaN(), 3, 2};
  CHECK(std::isnan(net.forward(x.data(), 1, Mode::eval)[0]));
}

TEST_CASE("MaxPool2d gradients match central differences") {
  test::check_network_gradients<Shape3<2, 6, 7>, Layers<MaxPool2d<2>>>(3);
  test::check_network_gradients<Shape3<2, 6, 6>, Layers<Conv2d<2, 3, 3, 1, 1>, MaxPool2d<2>>>(2);
}
