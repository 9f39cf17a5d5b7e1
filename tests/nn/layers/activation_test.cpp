#include <aecluster/nn/layers/conv2d.hpp>
#include <aecluster/nn/layers/relu.hpp>
#include <aecluster/nn/layers/tanh.hpp>

#include <doctest/doctest.h>

#include "nn/layers/layer_test_util.hpp"

using namespace aecluster;

TEST_CASE("ReLU and Tanh gradients match central differences") {
  test::check_network_gradients<Shape3<2, 5, 5>, Layers<Conv2d<2, 3, 3, 1, 1>, ReLU>>(2);
  test::check_network_gradients<Shape3<2, 5, 5>, Layers<Conv2d<2, 3, 3, 1, 1>, Tanh>>(2);
}
