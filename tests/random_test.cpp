#include <aecluster/random.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

TEST_CASE("Rng is reproducible and its streams differ") {
  aecluster::Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) CHECK(a.next_u64() == b.next_u64());
  CHECK(aecluster::Rng(42).next_u64() != c.next_u64());
  CHECK(aecluster::Rng(42).split(1).next_u64() != aecluster::Rng(42).split(2).next_u64());
}

TEST_CASE("Rng draws have the right moments") {
  aecluster::Rng r(7);
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0;
  std::vector<int> bins(10, 0);
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    su += u;
    const double z = r.normal();
    sn += z;
    sn2 += z * z;
    ++bins[r.below(10)];
  }
  CHECK(su / n == doctest::Approx(0.5).epsilon(0.01));
  CHECK(std::abs(sn / n) < 0.01);
  CHECK(sn2 / n == doctest::Approx(1.0).epsilon(0.02));
  for (int b : bins) CHECK(b == doctest::Approx(n / 10).epsilon(0.03));
}
