#include <aecluster/cluster/tsne/affinities.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "cluster/tsne/exact_reference.hpp"
#include "clustering_util.hpp"

using aecluster::Error;
using aecluster::RowMatrixF;
using aecluster::ThreadPool;
namespace tsne = aecluster::tsne;
using test::Exact;
using test::exact_gradient;
using test::random_layout;

TEST_SUITE("tsne") {
  TEST_CASE("tsne: perplexity calibration hits the target entropy; P is symmetric and sums to 1") {
    ThreadPool pool(2);
    const RowMatrixF x = test::make_blobs(3, 200, 10, 4.0, 1.0, 22).x;
    for (double perplexity : {5.0, 30.0}) {
      const int k = static_cast<int>(3 * perplexity + 1);
      const auto nb = tsne::exact_neighbors(x, k, pool);
      const auto cond = tsne::conditional_probabilities(nb, perplexity, pool);
      for (Eigen::Index i = 0; i < x.rows(); ++i) {
        double sum = 0, entropy = 0;
        for (int t = 0; t < k; ++t) {
          const double pj = cond[i * k + t];
          sum += pj;
          if (pj > 0) entropy -= pj * std::log(pj);
        }
        CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
        CHECK(std::abs(entropy - std::log(perplexity)) < 1e-5);
      }
      const auto p = tsne::joint_probabilities(nb, cond);
      double total = 0;
      std::map<std::pair<std::int32_t, std::int32_t>, float> entries;
      for (Eigen::Index i = 0; i < p.n; ++i)
        for (std::int64_t t = p.indptr[i]; t < p.indptr[i + 1]; ++t) {
          CHECK(p.values[t] > 0);
          CHECK(p.indices[t] != i);
          if (t > p.indptr[i]) CHECK(p.indices[t] > p.indices[t - 1]);
          entries[{static_cast<std::int32_t>(i), p.indices[t]}] = p.values[t];
          total += p.values[t];
        }
      CHECK(total == doctest::Approx(1.0).epsilon(1e-6));  // stored in float
      for (const auto& [key, v] : entries) REQUIRE(entries.at({key.second, key.first}) == v);
    }
  }
}
