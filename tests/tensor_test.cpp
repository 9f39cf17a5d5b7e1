#include <aecluster/tensor.hpp>

#include <doctest/doctest.h>

using aecluster::Shape;
using aecluster::Tensor;

TEST_CASE("Tensor storage is aligned and grows only when it must") {
  Tensor<float> t({4, 3, 2});
  CHECK(t.numel() == 24);
  CHECK(t.rank() == 3);
  CHECK(reinterpret_cast<std::uintptr_t>(t.data()) % 64 == 0);
  const float* before = t.data();
  t.resize({2, 3});
  CHECK(t.data() == before);
  CHECK(t.shape() == Shape{2, 3});
  t.resize({100, 100});
  CHECK(t.numel() == 10000);
}

TEST_CASE("Tensor copies are deep") {
  Tensor<int> a({3});
  a.fill(7);
  Tensor<int> b = a;
  b[0] = 1;
  CHECK(a[0] == 7);
  CHECK(b[1] == 7);
}

TEST_CASE("Shape prints like NumPy and rejects bad dimensions") {
  CHECK(Shape{5}.str() == "(5,)");
  CHECK(Shape{2, 3}.str() == "(2, 3)");
  CHECK_THROWS_AS(Shape({1, 2, 3, 4, 5}), aecluster::Error);
  CHECK_THROWS_AS(Shape({-1}), aecluster::Error);
}
