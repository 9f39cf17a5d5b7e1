#include <aecluster/cluster/metrics.hpp>
#include <aecluster/random.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

using aecluster::Error;
using L = std::vector<std::int64_t>;

namespace {
// Brute force over all permutations: the reference the Hungarian matching must equal.
double brute_force_accuracy(const L& pred, const L& truth) {
  const auto c = aecluster::contingency(pred, truth);
  const std::size_t k = c.clusters.size(), m = c.classes.size();
  const std::size_t n = std::max(k, m);
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  std::int64_t best = 0;
  do {
    std::int64_t hits = 0;
    for (std::size_t i = 0; i < k; ++i)
      if (perm[i] < m) hits += c.at(i, perm[i]);
    best = std::max(best, hits);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return static_cast<double>(best) / static_cast<double>(pred.size());
}
}  // namespace

TEST_SUITE("metrics") {
  TEST_CASE("metrics: accuracy of two clusters is max(acc, 1 - acc)") {
    const L truth{0, 0, 0, 1, 1, 1, 1, 0};
    const L pred{1, 1, 0, 0, 0, 0, 1, 1};  // 6 of 8 right once the labels are swapped
    CHECK(aecluster::clustering_accuracy(pred, truth) == doctest::Approx(0.75));
    L flipped = pred;
    for (auto& p : flipped) p = 1 - p;
    CHECK(aecluster::clustering_accuracy(flipped, truth) == doctest::Approx(0.75));
    CHECK(aecluster::clustering_accuracy(truth, truth) == 1.0);
  }

  TEST_CASE("metrics: Hungarian matching on known cost matrices") {
    // The optimum of this 3x3 matrix is 1 + 2 + 2 = 5 (checked by hand over all six permutations).
    const std::vector<double> cost{4, 1, 3, 2, 0, 5, 3, 2, 2};
    const auto a = aecluster::hungarian(cost, 3, 3);
    double total = 0;
    for (std::size_t r = 0; r < 3; ++r) total += cost[r * 3 + a[r]];
    CHECK(total == 5.0);
    CHECK(a == std::vector<std::size_t>{1, 0, 2});
    // Rectangular: two rows, four columns.
    const std::vector<double> rect{7, 3, 9, 1, 2, 8, 4, 5};
    const auto b = aecluster::hungarian(rect, 2, 4);
    CHECK(rect[0 * 4 + b[0]] + rect[1 * 4 + b[1]] == 3.0);  // 1 + 2, the unique optimum
    CHECK(b[0] == 3);
    CHECK(b[1] == 0);
    CHECK_THROWS_AS(aecluster::hungarian(rect, 4, 2), Error);
  }

  TEST_CASE("metrics: Hungarian accuracy equals brute force, including more clusters than classes") {
    aecluster::Rng rng(7);
    for (int trial = 0; trial < 60; ++trial) {
      const int k = 1 + static_cast<int>(rng.below(6));
      const int m = 1 + static_cast<int>(rng.below(6));
      const int n = 5 + static_cast<int>(rng.below(60));
      L pred(n), truth(n);
      for (int i = 0; i < n; ++i) {
        truth[i] = static_cast<std::int64_t>(rng.below(m)) * 10 - 3;  // labels need not be 0..K-1
        pred[i] = rng.uniform() < 0.6 ? truth[i] + 3 : static_cast<std::int64_t>(rng.below(k)) * 10;
      }
      CHECK(aecluster::clustering_accuracy(pred, truth) == doctest::Approx(brute_force_accuracy(pred, truth)));
    }
  }

  TEST_CASE("metrics: NMI and ARI match scikit-learn's values") {
    // Values computed with scikit-learn 1.2.1:
    //   normalized_mutual_info_score([0,0,0,1,1,1,2,2,2], [0,0,1,1,1,2,2,2,2])
    //   adjusted_rand_score(...)
    const L truth{0, 0, 0, 1, 1, 1, 2, 2, 2};
    const L pred{0, 0, 1, 1, 1, 2, 2, 2, 2};
    CHECK(aecluster::normalized_mutual_info(pred, truth) == doctest::Approx(0.5895098274473048).epsilon(1e-12));
    CHECK(aecluster::adjusted_rand_index(pred, truth) == doctest::Approx(0.35714285714285715).epsilon(1e-12));
    // Perfect agreement up to renaming.
    const L renamed{5, 5, 5, 9, 9, 9, 1, 1, 1};
    CHECK(aecluster::normalized_mutual_info(renamed, truth) == doctest::Approx(1.0));
    CHECK(aecluster::adjusted_rand_index(renamed, truth) == doctest::Approx(1.0));
    // Limit cases as scikit-learn defines them.
    const L ones(9, 1);
    CHECK(aecluster::normalized_mutual_info(ones, ones) == 1.0);
    CHECK(aecluster::normalized_mutual_info(ones, truth) == 0.0);
    CHECK(aecluster::adjusted_rand_index(ones, ones) == 1.0);
  }

  TEST_CASE("metrics: bad input is refused with a clear message") {
    const L a{0, 1, 1}, b{0, 1};
    CHECK_THROWS_WITH_AS(aecluster::clustering_accuracy(a, b), doctest::Contains("differ in length (3 vs 2)"), Error);
    CHECK_THROWS_AS(aecluster::normalized_mutual_info(a, b), Error);
    CHECK_THROWS_AS(aecluster::adjusted_rand_index(a, b), Error);
    CHECK_THROWS_WITH_AS(aecluster::clustering_accuracy(L{}, L{}), doctest::Contains("no labels"), Error);
  }
}
