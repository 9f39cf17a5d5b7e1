// Gaussian mixture, Ward agglomerative clustering and label-voting consensus: their contracts on
// constructed data with known answers (scikit-learn comparisons are in
// tests/python/test_cluster_algorithms_vs_sklearn.py).
#include <aecluster/cluster/agglomerative.hpp>
#include <aecluster/cluster/consensus.hpp>
#include <aecluster/cluster/gaussian_mixture.hpp>
#include <aecluster/cluster/metrics.hpp>

#include <doctest/doctest.h>

#include <span>

#include "clustering_util.hpp"

using aecluster::Error;
using aecluster::Tensor;
using aecluster::ThreadPool;

namespace {
std::span<const std::int64_t> span_of(const std::vector<std::int64_t>& v) { return {v.data(), v.size()}; }
}  // namespace

TEST_CASE("gaussian mixture separates well-separated blobs and its parameters are the weighted moments") {
  const auto b = test::make_blobs(3, 60, 2, 20, 1.0, 7);
  ThreadPool pool(2);
  const auto r = aecluster::gaussian_mixture(b.x, {.components = 3, .inits = 2, .seed = 1}, pool);
  CHECK(aecluster::clustering_accuracy(r.labels.span(), span_of(b.labels)) == 1.0);
  CHECK(r.converged);
  double wsum = 0;
  for (double w : r.weights) wsum += w;
  CHECK(wsum == doctest::Approx(1.0));
  // at convergence each mean is (very nearly) the mean of the points labelled with it
  for (int c = 0; c < 3; ++c) {
    Eigen::RowVector2d m = Eigen::RowVector2d::Zero();
    int count = 0;
    for (Eigen::Index i = 0; i < b.x.rows(); ++i)
      if (r.labels[i] == c) m += b.x.row(i).cast<double>(), ++count;
    CHECK(count == 60);
    CHECK((m / count - r.means.row(c)).norm() < 1e-3);
  }
}

TEST_CASE("gaussian mixture is deterministic and independent of the thread count") {
  const auto b = test::make_blobs(4, 50, 3, 4, 1.5, 3);
  ThreadPool one(1), two(2);
  const auto a = aecluster::gaussian_mixture(b.x, {.components = 4, .inits = 3, .seed = 5}, one);
  const auto c = aecluster::gaussian_mixture(b.x, {.components = 4, .inits = 3, .seed = 5}, two);
  CHECK(a.log_likelihood == c.log_likelihood);
  CHECK(std::equal(a.labels.span().begin(), a.labels.span().end(), c.labels.span().begin()));
}

TEST_CASE("gaussian mixture: elongated clusters are a likelier fit than k-means' cut across them") {
  // two long parallel bars; started from the true split, EM keeps it, and that fit is likelier
  // than the one started from k-means, which cuts the bars across (EM is a local method: the
  // k-means start is scikit-learn's too)
  aecluster::Rng rng(11);
  aecluster::RowMatrixF x(400, 2);
  std::vector<std::int64_t> truth;
  for (int i = 0; i < 400; ++i) {
    const int c = i % 2;
    x(i, 0) = static_cast<float>(rng.uniform(-20, 20));
    x(i, 1) = static_cast<float>(c * 4 + 0.3 * rng.normal());
    truth.push_back(c);
  }
  ThreadPool pool(1);
  const aecluster::GaussianMixtureOptions o{.components = 2, .inits = 3, .seed = 0};
  aecluster::RowMatrixD resp = aecluster::RowMatrixD::Zero(400, 2);
  for (int i = 0; i < 400; ++i) resp(i, truth[static_cast<std::size_t>(i)]) = 1;
  const auto from_truth = aecluster::gaussian_mixture_from(x.cast<double>(), resp, o);
  CHECK(aecluster::clustering_accuracy(from_truth.labels.span(), span_of(truth)) == 1.0);
  const auto from_kmeans = aecluster::gaussian_mixture(x, o, pool);
  CHECK(from_truth.log_likelihood > from_kmeans.log_likelihood);
}

TEST_CASE("gaussian mixture refuses bad settings") {
  const auto b = test::make_blobs(2, 5, 2, 5, 1, 0);
  ThreadPool pool(1);
  CHECK_THROWS_AS(aecluster::gaussian_mixture(b.x, {.components = 11}, pool), Error);
  CHECK_THROWS_AS(aecluster::gaussian_mixture(b.x, {.components = 2, .inits = 0}, pool), Error);
  aecluster::RowMatrixF bad = b.x;
  bad(3, 1) = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_AS(aecluster::gaussian_mixture(bad, {.components = 2}, pool), Error);
}

TEST_CASE("ward clustering recovers blobs and numbers clusters by first appearance") {
  const auto b = test::make_blobs(5, 40, 2, 30, 1.0, 2);
  const auto labels = aecluster::ward_clustering(b.x, 5);
  CHECK(aecluster::clustering_accuracy(labels.span(), span_of(b.labels)) == 1.0);
  CHECK(labels[0] == 0);
  for (Eigen::Index i = 1; i < labels.numel(); ++i) CHECK(labels[i] <= i);
}

TEST_CASE("ward clustering: hand-computed merges") {
  // 0 and 1 merge first (cost 0.5), then 2 and 3 (cost 2), leaving {0,1}, {2,3}, {4}
  aecluster::RowMatrixF x(5, 1);
  x << 0.f, 1.f, 10.f, 12.f, 30.f;
  const auto three = aecluster::ward_clustering(x, 3);
  CHECK(std::vector<std::int64_t>(three.span().begin(), three.span().end()) ==
        std::vector<std::int64_t>{0, 0, 1, 1, 2});
  // then {0,1} with {2,3}: 2*2/4 * 10.5^2 = 110.25, less than {2,3} with {4}: 2/3 * 19^2 = 240.7
  const auto two = aecluster::ward_clustering(x, 2);
  CHECK(std::vector<std::int64_t>(two.span().begin(), two.span().end()) == std::vector<std::int64_t>{0, 0, 0, 0, 1});
  const auto five = aecluster::ward_clustering(x, 5);
  CHECK(std::vector<std::int64_t>(five.span().begin(), five.span().end()) == std::vector<std::int64_t>{0, 1, 2, 3, 4});
  CHECK_THROWS_AS(aecluster::ward_clustering(x, 6), Error);
  CHECK_THROWS_AS(aecluster::ward_clustering(x, 0), Error);
}

TEST_CASE("consensus voting recovers the truth from permuted, independently corrupted clusterings") {
  const int n = 300, k = 4;
  std::vector<std::int64_t> truth(n);
  for (int i = 0; i < n; ++i) truth[static_cast<std::size_t>(i)] = i % k;
  std::vector<Tensor<std::int64_t>> runs;
  const std::vector<std::vector<std::int64_t>> permutations = {
      {0, 1, 2, 3}, {2, 0, 3, 1}, {3, 2, 1, 0}, {1, 3, 0, 2}, {0, 2, 1, 3}};
  for (std::size_t r = 0; r < permutations.size(); ++r) {
    Tensor<std::int64_t> t({n});
    for (int i = 0; i < n; ++i) {
      std::int64_t l = truth[static_cast<std::size_t>(i)];
      // every run gets a different fifth of the points wrong
      if (i % 5 == static_cast<int>(r)) l = (l + 1) % k;
      t[i] = permutations[r][static_cast<std::size_t>(l)];
    }
    runs.push_back(std::move(t));
  }
  for (const auto& r : runs) CHECK(aecluster::clustering_accuracy(r.span(), span_of(truth)) == doctest::Approx(0.8));
  const auto c = aecluster::consensus_vote(runs, k);
  CHECK(aecluster::clustering_accuracy(c.labels.span(), span_of(truth)) == 1.0);
  CHECK(c.agreement.size() == runs.size());
  for (double a : c.agreement) CHECK(a == doctest::Approx(0.8));
}

TEST_CASE("consensus of one clustering is that clustering; bad input is refused") {
  Tensor<std::int64_t> one({4});
  for (int i = 0; i < 4; ++i) one[i] = (i * 3) % 2;
  const auto c = aecluster::consensus_vote({one}, 2);
  CHECK(aecluster::adjusted_rand_index(c.labels.span(), one.span()) == doctest::Approx(1.0));
  CHECK_THROWS_AS(aecluster::consensus_vote({}, 2), Error);
  Tensor<std::int64_t> shorter({3});
  for (int i = 0; i < 3; ++i) shorter[i] = 0;
  CHECK_THROWS_AS(aecluster::consensus_vote({one, shorter}, 2), Error);
  Tensor<std::int64_t> outside({4});
  for (int i = 0; i < 4; ++i) outside[i] = 2;
  CHECK_THROWS_AS(aecluster::consensus_vote({one, outside}, 2), Error);
}
