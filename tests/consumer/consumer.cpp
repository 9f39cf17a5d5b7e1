// A program outside the project that includes the library the way users do.
#include <aecluster/tensor.hpp>
#include <aecluster/parallel.hpp>

#include <cstdio>

int main() {
  aecluster::Tensor<float> t({2, 3});
  t.fill(1.5f);
  aecluster::ThreadPool pool(2);
  double sum = 0;
  for (auto v : t.span()) sum += v;
  std::printf("sum=%g threads=%d\n", sum, pool.size());
  return sum == 9.0 ? 0 : 1;
}
