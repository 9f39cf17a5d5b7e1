#include <aecluster/cluster/tsne/knn.hpp>

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
  TEST_CASE("tsne: exact neighbours equal a brute-force search") {
    ThreadPool pool(2);
    const RowMatrixF x = test::make_blobs(4, 150, 12, 3.0, 1.0, 21).x;
    const int k = 10;
    const auto nb = tsne::exact_neighbors(x, k, pool);
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      std::vector<std::pair<double, std::int32_t>> all;
      for (Eigen::Index j = 0; j < x.rows(); ++j)
        if (j != i)
          all.emplace_back((x.row(i).cast<double>() - x.row(j).cast<double>()).squaredNorm(),
                           static_cast<std::int32_t>(j));
      std::sort(all.begin(), all.end());
      for (int t = 0; t < k; ++t) {
        REQUIRE(nb.index[i * k + t] == all[t].second);
        REQUIRE(nb.distance2[i * k + t] == doctest::Approx(all[t].first).epsilon(1e-12));
      }
    }
    CHECK_THROWS_AS(tsne::exact_neighbors(x, static_cast<int>(x.rows()), pool), Error);
  }
}
