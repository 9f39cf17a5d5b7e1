#include <aecluster/kmeans.hpp>
#include <aecluster/metrics.hpp>
#include <aecluster/tsne.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <map>

#include "clustering_util.hpp"

using aecluster::Error;
using aecluster::RowMatrixF;
using aecluster::ThreadPool;
using aecluster::TsneOptions;
namespace tsne = aecluster::tsne;

namespace {
// The exact gradient and KL of t-SNE (O(N^2)), written from the formulas.
struct Exact {
  std::vector<double> grad;
  double kl = 0;
};
Exact exact_gradient(const tsne::SparseAffinities& p, const std::vector<double>& y, double exaggeration) {
  const auto n = static_cast<std::size_t>(p.n);
  double z = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (i != j) z += 1.0 / (1.0 + std::pow(y[2 * i] - y[2 * j], 2) + std::pow(y[2 * i + 1] - y[2 * j + 1], 2));
  Exact e;
  e.grad.assign(2 * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
      const double w = 1.0 / (1.0 + dx * dx + dy * dy);
      e.grad[2 * i] -= 4.0 * w * w / z * dx;
      e.grad[2 * i + 1] -= 4.0 * w * w / z * dy;
    }
  for (std::size_t i = 0; i < n; ++i)
    for (std::int64_t t = p.indptr[i]; t < p.indptr[i + 1]; ++t) {
      const auto j = static_cast<std::size_t>(p.indices[t]);
      const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
      const double w = 1.0 / (1.0 + dx * dx + dy * dy);
      e.grad[2 * i] += 4.0 * exaggeration * p.values[t] * w * dx;
      e.grad[2 * i + 1] += 4.0 * exaggeration * p.values[t] * w * dy;
      e.kl += p.values[t] * std::log(p.values[t] / (w / z));
    }
  return e;
}

std::vector<double> random_layout(std::size_t n, double spread, std::uint64_t seed) {
  aecluster::Rng rng(seed);
  std::vector<double> y(2 * n);
  for (auto& v : y) v = spread * rng.normal();
  return y;
}
}  // namespace

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
        all.emplace_back((x.row(i).cast<double>() - x.row(j).cast<double>()).squaredNorm(), static_cast<std::int32_t>(j));
    std::sort(all.begin(), all.end());
    for (int t = 0; t < k; ++t) {
      REQUIRE(nb.index[i * k + t] == all[t].second);
      REQUIRE(nb.distance2[i * k + t] == doctest::Approx(all[t].first).epsilon(1e-12));
    }
  }
  CHECK_THROWS_AS(tsne::exact_neighbors(x, static_cast<int>(x.rows()), pool), Error);
}

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

TEST_CASE("tsne: the quadtree holds every point once with correct centres of mass") {
  std::vector<double> y = random_layout(3000, 5.0, 23);
  for (int i = 0; i < 40; ++i) y[2 * i] = y[2 * i + 1] = 0.25;  // duplicates must not break it
  tsne::QuadTree tree;
  tree.build(y.data(), 3000, 8);
  const auto& nodes = tree.nodes();
  std::vector<int> seen(3000, 0);
  for (std::int32_t leaf : tree.leaves()) {
    const auto& nd = nodes[leaf];
    CHECK(nd.children == 0);
    for (std::int32_t s = nd.begin; s < nd.end; ++s) ++seen[tree.order()[s]];
  }
  for (int v : seen) REQUIRE(v == 1);
  for (const auto& nd : nodes) {
    double sx = 0;
    for (std::int32_t s = nd.begin; s < nd.end; ++s) sx += tree.sorted_x()[s];
    REQUIRE(nd.count == nd.end - nd.begin);
    REQUIRE(nd.cx == doctest::Approx(sx / nd.count));
    if (nd.children > 0) {
      std::int32_t covered = 0;
      for (std::int32_t c = nd.first_child; c < nd.first_child + nd.children; ++c) covered += nodes[c].count;
      REQUIRE(covered == nd.count);
    }
  }
  // All points identical: one leaf at the maximum depth, no infinite recursion.
  std::vector<double> same(2 * 100, 1.5);
  tree.build(same.data(), 100, 4);
  CHECK(tree.leaves().size() == 1);
}

TEST_CASE("tsne: Barnes-Hut with theta 0 equals the exact gradient; theta 0.5 stays close") {
  ThreadPool pool(2);
  const RowMatrixF x = test::make_blobs(3, 100, 6, 3.0, 1.0, 24).x;
  const auto p = tsne::affinities(x, 10.0, pool);
  for (double spread : {1e-4, 3.0, 30.0}) {
    const auto y = random_layout(static_cast<std::size_t>(p.n), spread, 25);
    for (double exaggeration : {1.0, 12.0}) {
      const Exact e = exact_gradient(p, y, exaggeration);
      std::vector<double> grad(y.size());
      tsne::Gradient g;
      const double kl = g.compute(p, y.data(), 1.0, 0.0, true, grad.data(), pool, 4);
      g.compute(p, y.data(), exaggeration, 0.0, false, grad.data(), pool, 4);
      const double scale = *std::max_element(e.grad.begin(), e.grad.end(), [](double a, double b) { return std::abs(a) < std::abs(b); });
      for (std::size_t c = 0; c < y.size(); ++c) REQUIRE(grad[c] == doctest::Approx(e.grad[c]).scale(std::abs(scale)).epsilon(1e-5));
      CHECK(kl == doctest::Approx(e.kl).epsilon(1e-6));
      g.compute(p, y.data(), exaggeration, 0.5, false, grad.data(), pool);
      double err = 0, ref = 0;
      for (std::size_t c = 0; c < y.size(); ++c) {
        err += (grad[c] - e.grad[c]) * (grad[c] - e.grad[c]);
        ref += e.grad[c] * e.grad[c];
      }
      CHECK(std::sqrt(err / ref) < 0.02);
    }
  }
}

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
  CHECK_THROWS_WITH_AS(aecluster::tsne_embed(x, o, pool), doctest::Contains("perplexity (30) must be less than the number of points (20)"), Error);
  o.perplexity = 5;
  x(2, 1) = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_WITH_AS(aecluster::tsne_embed(x, o, pool), doctest::Contains("row 2, column 1"), Error);
  CHECK_THROWS_WITH_AS(aecluster::tsne_embed(RowMatrixF(20, 0), o, pool), doctest::Contains("zero dimensions"), Error);
  CHECK_THROWS_WITH_AS(aecluster::tsne_embed(RowMatrixF::Random(1, 3), o, pool), doctest::Contains("at least 2 points"), Error);
  o.perplexity = -1;
  CHECK_THROWS_WITH_AS(aecluster::tsne_embed(RowMatrixF::Random(20, 3), o, pool), doctest::Contains("perplexity must be positive"), Error);
  o.perplexity = 5;
  o.theta = -0.5;
  CHECK_THROWS_AS(aecluster::tsne_embed(RowMatrixF::Random(20, 3), o, pool), Error);
}
}
