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

  TEST_CASE("tsne: exaggeration after the early phase optimises the exaggerated objective") {
    // With exaggeration rho the late phase descends KL's gradient with the attraction scaled by
    // rho, so the result is a stationary point of that objective, not of classic t-SNE's. (At
    // the classic rate, 50 here, rho = 4 oscillates: 3,000 iterations left a gradient 5x that of
    // the classic objective; the 'auto' rate divided by rho converges.)
    ThreadPool pool(2);
    const auto blobs = test::make_blobs(3, 100, 10, 4.0, 1.0, 31);
    const auto p = tsne::affinities(blobs.x, 30.0, pool);
    auto norm_at = [&](const aecluster::TsneResult& r, double rho) {
      std::vector<double> y(r.embedding.numel());
      for (std::size_t i = 0; i < y.size(); ++i) y[i] = r.embedding[static_cast<Eigen::Index>(i)];
      double s = 0;
      for (double g : exact_gradient(p, y, rho).grad) s += g * g;
      return std::sqrt(s);
    };
    TsneOptions o;
    o.theta = 0;  // exact repulsion, so the only approximation is the stopping point
    const auto classic = aecluster::tsne_embed(blobs.x, o, pool);
    o.exaggeration = 4;
    const auto exaggerated = aecluster::tsne_embed(blobs.x, o, pool);
    // Each result is far closer to stationary for its own objective than the other result is.
    CHECK(norm_at(exaggerated, 4.0) < 0.01 * norm_at(classic, 4.0));
    CHECK(norm_at(classic, 1.0) < 0.1 * norm_at(exaggerated, 1.0));
    // ... and exaggeration tightens each cluster relative to the gaps between them.
    auto spread = [&](const aecluster::TsneResult& r) {
      std::array<double, 3> cx{}, cy{}, n{};
      for (int i = 0; i < 300; ++i) {
        const auto c = static_cast<std::size_t>(blobs.labels[static_cast<std::size_t>(i)]);
        cx[c] += r.embedding[2 * i], cy[c] += r.embedding[2 * i + 1], n[c] += 1;
      }
      double within = 0, between = 0;
      for (int i = 0; i < 300; ++i) {
        const auto c = static_cast<std::size_t>(blobs.labels[static_cast<std::size_t>(i)]);
        within += std::hypot(r.embedding[2 * i] - cx[c] / n[c], r.embedding[2 * i + 1] - cy[c] / n[c]) / 300;
      }
      for (std::size_t a = 0; a < 3; ++a)
        for (std::size_t b = a + 1; b < 3; ++b)
          between += std::hypot(cx[a] / n[a] - cx[b] / n[b], cy[a] / n[a] - cy[b] / n[b]) / 3;
      return within / between;
    };
    CHECK(spread(exaggerated) < 0.7 * spread(classic));
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
    o.theta = 0.5;
    o.exaggeration = 0;
    CHECK_THROWS_WITH_AS(aecluster::tsne_embed(RowMatrixF::Random(20, 3), o, pool),
                         doctest::Contains("exaggeration must be positive"), Error);
  }
}
