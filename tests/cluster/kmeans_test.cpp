#include <aecluster/cluster/kmeans.hpp>
#include <aecluster/cluster/metrics.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "clustering_util.hpp"

using aecluster::Error;
using aecluster::KMeansOptions;
using aecluster::MiniBatchKMeansOptions;
using aecluster::ThreadPool;

namespace {
std::span<const std::int64_t> labels_of(const aecluster::KMeansResult& r) { return r.labels.span(); }

double inertia_of(const aecluster::RowMatrixF& x, const aecluster::KMeansResult& r) {
  double s = 0;
  for (Eigen::Index i = 0; i < x.rows(); ++i) s += (x.row(i).cast<double>() - r.centers.row(r.labels[i])).squaredNorm();
  return s;
}

// Every centre of r is the mean of the points labelled with it (and has some).
void check_centres_are_means(const aecluster::RowMatrixF& x, const aecluster::KMeansResult& r) {
  for (Eigen::Index c = 0; c < r.centers.rows(); ++c) {
    Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(x.cols());
    int count = 0;
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      if (r.labels[i] == c) {
        mean += x.row(i).cast<double>();
        ++count;
      }
    INFO("centre " << c);
    REQUIRE(count > 0);
    CHECK((mean / count - r.centers.row(c)).norm() < 1e-9);
  }
}
}  // namespace

TEST_SUITE("kmeans") {
  TEST_CASE("kmeans: Lloyd recovers well-separated blobs, with a consistent inertia") {
    ThreadPool pool(2);
    const auto blobs = test::make_blobs(5, 60, 3, 20.0, 0.5, 1);
    KMeansOptions o;
    o.clusters = 5;
    o.seed = 3;
    const auto r = aecluster::kmeans(blobs.x, o, pool);
    CHECK(aecluster::clustering_accuracy(labels_of(r), blobs.labels) == 1.0);
    CHECK(r.inertia == doctest::Approx(inertia_of(blobs.x, r)).epsilon(1e-12));
    // Every centre is the mean of its points (a fixed point of Lloyd's iteration).
    check_centres_are_means(blobs.x, r);
  }

  TEST_CASE("kmeans: mini-batch recovers blobs and is no worse than a poor seeding") {
    ThreadPool pool(2);
    const auto blobs = test::make_blobs(4, 500, 2, 10.0, 0.3, 2);
    MiniBatchKMeansOptions o;
    o.clusters = 4;
    o.batch_size = 256;
    const auto r = aecluster::minibatch_kmeans(blobs.x, o, pool);
    CHECK(aecluster::clustering_accuracy(labels_of(r), blobs.labels) == 1.0);
    CHECK(r.inertia == doctest::Approx(inertia_of(blobs.x, r)).epsilon(1e-12));
    CHECK(r.iterations >= 1);
    // Lloyd from the mini-batch centres cannot lower the inertia by much: they are near a minimum.
    KMeansOptions lo;
    lo.clusters = 4;
    const auto full = aecluster::kmeans(blobs.x, lo, pool);
    CHECK(r.inertia <= full.inertia * 1.01);
  }

  TEST_CASE("kmeans: Lloyd refinement after the mini-batch steps only lowers the inertia, to a fixed point") {
    ThreadPool pool(2);
    const auto blobs = test::make_blobs(6, 400, 2, 3.0, 1.0, 5);  // overlapping: the mini-batch result is not a minimum
    MiniBatchKMeansOptions o;
    o.clusters = 6;
    o.batch_size = 256;
    o.seed = 4;
    const auto plain = aecluster::minibatch_kmeans(blobs.x, o, pool);
    o.lloyd_refinement = 300;
    const auto refined = aecluster::minibatch_kmeans(blobs.x, o, pool);
    CHECK(refined.inertia <= plain.inertia);
    CHECK(refined.inertia == doctest::Approx(inertia_of(blobs.x, refined)).epsilon(1e-12));
    CHECK(refined.iterations > plain.iterations);
    // Every refined centre is the mean of its points.
    check_centres_are_means(blobs.x, refined);
  }

  TEST_CASE("kmeans: several mini-batch runs keep the lowest inertia, whatever the thread count") {
    const auto blobs = test::make_blobs(8, 300, 2, 3.0, 1.0, 6);
    MiniBatchKMeansOptions o;
    o.clusters = 8;
    o.batch_size = 256;
    o.seed = 2;
    o.runs = 6;
    ThreadPool one(1), three(3);
    const auto best = aecluster::minibatch_kmeans(blobs.x, o, one);
    const auto again = aecluster::minibatch_kmeans(blobs.x, o, three);
    CHECK(std::equal(best.labels.span().begin(), best.labels.span().end(), again.labels.span().begin()));
    CHECK(best.inertia == again.inertia);
    // No single run from the same seeds does better.
    const aecluster::Rng seeds(o.seed);
    for (int run = 0; run < o.runs; ++run) {
      MiniBatchKMeansOptions single = o;
      single.runs = 1;
      single.seed = seeds.split(static_cast<std::uint64_t>(run)).next_u64();
      CHECK(best.inertia <= aecluster::minibatch_kmeans(blobs.x, single, one).inertia);
    }
    o.runs = 0;
    CHECK_THROWS_AS(aecluster::minibatch_kmeans(blobs.x, o, one), Error);
  }

  TEST_CASE("kmeans: the same seed gives identical labels for 1, 2 and 3 threads") {
    const auto blobs = test::make_blobs(6, 400, 4, 3.0, 1.0, 9);  // overlapping blobs: many iterations
    KMeansOptions o;
    o.clusters = 6;
    o.restarts = 3;
    MiniBatchKMeansOptions mo;
    mo.clusters = 6;
    mo.batch_size = 200;
    ThreadPool one(1);
    const auto ref = aecluster::kmeans(blobs.x, o, one);
    const auto mref = aecluster::minibatch_kmeans(blobs.x, mo, one);
    for (int threads : {2, 3}) {
      ThreadPool pool(threads);
      const auto r = aecluster::kmeans(blobs.x, o, pool);
      const auto m = aecluster::minibatch_kmeans(blobs.x, mo, pool);
      CHECK(r.inertia == ref.inertia);
      CHECK(m.inertia == mref.inertia);
      CHECK(r.centers == ref.centers);
      CHECK(m.centers == mref.centers);
      for (Eigen::Index i = 0; i < blobs.x.rows(); ++i) {
        REQUIRE(r.labels[i] == ref.labels[i]);
        REQUIRE(m.labels[i] == mref.labels[i]);
      }
    }
    // A different seed may give another local optimum but never an invalid one.
    o.seed = 1234;
    const auto other = aecluster::kmeans(blobs.x, o, one);
    CHECK(other.inertia == doctest::Approx(inertia_of(blobs.x, other)).epsilon(1e-12));
  }

  TEST_CASE("kmeans: k-means++ spreads its seeds over the blobs") {
    ThreadPool pool(2);
    const auto blobs = test::make_blobs(8, 50, 2, 100.0, 0.1, 4);
    const auto seeds = aecluster::kmeans_plus_plus(blobs.x, 8, 5, pool);
    REQUIRE(seeds.size() == 8);
    std::vector<int> hit(8, 0);
    for (auto s : seeds) ++hit[blobs.labels[s]];
    for (int h : hit) CHECK(h == 1);
  }

  TEST_CASE("kmeans: duplicate points and more clusters than distinct values stay valid") {
    ThreadPool pool(2);
    aecluster::RowMatrixF x(12, 1);
    for (int i = 0; i < 12; ++i) x(i, 0) = static_cast<float>(i % 3);  // three distinct values
    KMeansOptions o;
    o.clusters = 4;
    const auto r = aecluster::kmeans(x, o, pool);
    CHECK(r.inertia == doctest::Approx(0.0));
    for (Eigen::Index i = 0; i < 12; ++i) CHECK(r.labels[i] >= 0);
    for (Eigen::Index i = 0; i < 12; ++i) CHECK(r.labels[i] < 4);
  }

  TEST_CASE("kmeans: bad input gives clear errors") {
    ThreadPool pool(1);
    aecluster::RowMatrixF x = aecluster::RowMatrixF::Random(5, 2);
    KMeansOptions o;
    o.clusters = 6;
    CHECK_THROWS_WITH_AS(aecluster::kmeans(x, o, pool), doctest::Contains("5 points cannot form 6 clusters"), Error);
    MiniBatchKMeansOptions mo;
    mo.clusters = 6;
    CHECK_THROWS_WITH_AS(aecluster::minibatch_kmeans(x, mo, pool), doctest::Contains("cannot form 6 clusters"), Error);
    o.clusters = 0;
    CHECK_THROWS_WITH_AS(aecluster::kmeans(x, o, pool), doctest::Contains("at least 1"), Error);
    o.clusters = 2;
    x(3, 1) = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH_AS(aecluster::kmeans(x, o, pool), doctest::Contains("row 3, column 1"), Error);
    x(3, 1) = std::numeric_limits<float>::infinity();
    CHECK_THROWS_WITH_AS(aecluster::kmeans(x, o, pool), doctest::Contains("finite"), Error);
    aecluster::RowMatrixF empty(4, 0);
    CHECK_THROWS_WITH_AS(aecluster::kmeans(empty, o, pool), doctest::Contains("zero dimensions"), Error);
    aecluster::RowMatrixF none(0, 3);
    CHECK_THROWS_WITH_AS(aecluster::kmeans(none, o, pool), doctest::Contains("0 points"), Error);
    aecluster::Tensor<float> t(aecluster::Shape{2, 2, 2});
    CHECK_THROWS_WITH_AS(aecluster::kmeans(t, o, pool), doctest::Contains("expected a 2-D (N, D) array"), Error);
  }
}
