#include <aecluster/cluster/kmeans.hpp>
#include <aecluster/cluster/metrics.hpp>
#include <aecluster/cluster/tsne.hpp>

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
using aecluster::TsneOptions;
using test::Exact;
using test::exact_gradient;
using test::random_layout;

TEST_SUITE("tsne") {
  TEST_CASE("tsne: separates well-separated blobs and reports a KL that matches the exact one") {
    ThreadPool pool(2);
    const auto blobs = test::make_blobs(4, 150, 20, 6.0, 1.0, 26);
    TsneOptions o;
    const auto r = aecluster::tsne_embed(blobs.x, o, pool);
    REQUIRE(r.embedding.dim(0) == 600);
    REQUIRE(r.embedding.dim(1) == 2);
    CHECK(r.iterations == 1000);
    CHECK(r.learning_rate == 50.0);  // 'auto': max(600 / 12 / 4, 50)
    RowMatrixF e(600, 2);
    for (int i = 0; i < 1200; ++i) e.data()[i] = r.embedding[i];
    aecluster::KMeansOptions ko;
    ko.clusters = 4;
    const auto km = aecluster::kmeans(e, ko, pool);
    CHECK(aecluster::clustering_accuracy(km.labels.span(), blobs.labels) == 1.0);
    // The reported KL is that of the returned embedding.
    const auto p = tsne::affinities(blobs.x, 30.0, pool);
    std::vector<double> y(1200);
    for (int i = 0; i < 1200; ++i) y[i] = r.embedding[i];
    const double exact = exact_gradient(p, y, 1.0).kl;
    CHECK(r.kl_divergence == doctest::Approx(exact).epsilon(2e-3));
  }

  TEST_CASE("tsne: the same seed gives a bit-identical embedding for 1, 2 and 3 threads") {
    const auto blobs = test::make_blobs(5, 160, 16, 2.0, 1.0, 27);
    TsneOptions o;
    o.iterations = 300;
    ThreadPool one(1);
    const auto ref = aecluster::tsne_embed(blobs.x, o, one);
    for (int threads : {2, 3}) {
      ThreadPool pool(threads);
      const auto r = aecluster::tsne_embed(blobs.x, o, pool);
      CHECK(r.kl_divergence == ref.kl_divergence);
      for (Eigen::Index i = 0; i < ref.embedding.numel(); ++i) REQUIRE(r.embedding[i] == ref.embedding[i]);
    }
    o.init = aecluster::TsneInit::random;
    o.seed = 5;
    const auto a = aecluster::tsne_embed(blobs.x, o, one);
    ThreadPool two(2);
    const auto b = aecluster::tsne_embed(blobs.x, o, two);
    for (Eigen::Index i = 0; i < a.embedding.numel(); ++i) REQUIRE(a.embedding[i] == b.embedding[i]);
  }

  TEST_CASE("tsne: bad input gives clear errors") {
    ThreadPool pool(1);
    RowMatrixF x = RowMatrixF::Random(20, 3);
    TsneOptions o;
    CHECK_THROWS_WITH_AS(aecluster::tsne_embed(x, o, pool),
                         doctest::Contains("perplexity (30) must be less than the number of points (20)"), Error);
    o.perplexity = 5;
    x(2, 1) = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH_AS(aecluster::tsne_embed(x, o, pool), doctest::Contains("row 2, column 1"), Error);
    CHECK_THROWS_WITH_AS(aecluster::tsne_embed(RowMatrixF(20, 0), o, pool), doctest::Contains("zero dimensions"),
                         Error);
    CHECK_THROWS_WITH_AS(aecluster::tsne_embed(RowMatrixF::Random(1, 3), o, pool),
                         doctest::Contains("at least 2 points"), Error);
    o.perplexity = -1;
    CHECK_THROWS_WITH_AS(aecluster::tsne_embed(RowMatrixF::Random(20, 3), o, pool),
                         doctest::Contains("perplexity must be positive"), Error);
    o.perplexity = 5;
    o.theta = -0.5;
    CHECK_THROWS_AS(aecluster::tsne_embed(RowMatrixF::Random(20, 3), o, pool), Error);
  }
}
