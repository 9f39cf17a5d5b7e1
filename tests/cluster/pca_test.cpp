#include <aecluster/cluster/pca.hpp>

#include <doctest/doctest.h>

#include <Eigen/SVD>

#include <cmath>
#include <limits>

#include "clustering_util.hpp"

using aecluster::Error;
using aecluster::Pca;
using aecluster::PcaOptions;
using aecluster::PcaSolver;
using aecluster::RowMatrixD;
using aecluster::RowMatrixF;
using aecluster::ThreadPool;

namespace {
// Points with a known, decaying spectrum: a random rotation of axes scaled 10, 7, 5, 3, 2, 1, ...
RowMatrixF spectrum_data(Eigen::Index n, Eigen::Index d, std::uint64_t seed) {
  aecluster::Rng rng(seed);
  RowMatrixD z(n, d), r(d, d);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < d; ++j) z(i, j) = rng.normal() * 10.0 / (1.0 + 0.5 * j * j) + (j == 0 ? 3.0 : 0.0);
  for (Eigen::Index i = 0; i < d; ++i)
    for (Eigen::Index j = 0; j < d; ++j) r(i, j) = rng.normal();
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(r);
  const Eigen::MatrixXd rot = qr.householderQ();
  return (z * rot).cast<float>();
}

// The reference: an exact SVD of the centred data in double (Eigen's JacobiSVD).
struct Reference {
  Eigen::MatrixXd v;  // D x k
  Eigen::VectorXd s;
  double total_var;
};
Reference reference(const RowMatrixF& x, int k) {
  Eigen::MatrixXd xc = x.cast<double>();
  xc = xc.rowwise() - xc.colwise().mean();
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(xc, Eigen::ComputeThinV);
  return {svd.matrixV().leftCols(k), svd.singularValues().head(k),
          xc.squaredNorm() / static_cast<double>(x.rows() - 1)};
}
}  // namespace

TEST_SUITE("pca") {
  TEST_CASE("pca: full and randomized solvers match an exact SVD up to sign") {
    ThreadPool pool(2);
    for (auto [n, d] : {std::pair<Eigen::Index, Eigen::Index>{300, 20}, {40, 60}}) {
      const RowMatrixF x = spectrum_data(n, d, 5);
      const int k = 4;
      const Reference ref = reference(x, k);
      for (PcaSolver solver : {PcaSolver::full, PcaSolver::randomized}) {
        PcaOptions o;
        o.components = k;
        o.solver = solver;
        Pca pca(o);
        const auto scores = pca.fit_transform(x, pool);
        CHECK(pca.solver_used() == solver);
        for (int j = 0; j < k; ++j) {
          const double dot = pca.components().row(j).dot(ref.v.col(j).transpose());
          CHECK(std::abs(dot) == doctest::Approx(1.0).epsilon(1e-6));
          CHECK(pca.singular_values()[j] == doctest::Approx(ref.s[j]).epsilon(1e-6));
          CHECK(pca.explained_variance()[j] == doctest::Approx(ref.s[j] * ref.s[j] / (n - 1)).epsilon(1e-6));
          CHECK(pca.explained_variance_ratio()[j] ==
                doctest::Approx(ref.s[j] * ref.s[j] / (n - 1) / ref.total_var).epsilon(1e-6));
          // svd_flip's rule: the largest |score| of each component is positive.
          double best = 0;
          for (Eigen::Index i = 0; i < n; ++i)
            if (std::abs(scores[i * k + j]) > std::abs(best)) best = scores[i * k + j];
          CHECK(best > 0);
        }
        // transform of the training points gives the same scores.
        const auto again = pca.transform(x, pool);
        for (Eigen::Index i = 0; i < n * k; ++i) CHECK(again[i] == doctest::Approx(scores[i]).epsilon(1e-4).scale(1.0));
      }
    }
  }

  TEST_CASE("pca: whitening gives unit-variance scores; automatic picks like scikit-learn") {
    ThreadPool pool(2);
    const RowMatrixF x = spectrum_data(1200, 30, 6);
    PcaOptions o;
    o.components = 3;
    o.whiten = true;
    Pca pca(o);
    const auto s = pca.fit_transform(x, pool);
    CHECK(pca.solver_used() == PcaSolver::randomized);  // max(N, D) > 500 and k < 0.8 min(N, D)
    for (int j = 0; j < 3; ++j) {
      double sum = 0, sq = 0;
      for (Eigen::Index i = 0; i < x.rows(); ++i) {
        sum += s[i * 3 + j];
        sq += static_cast<double>(s[i * 3 + j]) * s[i * 3 + j];
      }
      CHECK(sum / x.rows() == doctest::Approx(0.0).scale(1.0).epsilon(1e-5));
      CHECK(sq / (x.rows() - 1) == doctest::Approx(1.0).epsilon(1e-4));
    }
    o.components = 28;
    CHECK(Pca(o).fit(x, pool).solver_used() == PcaSolver::full);
  }

  TEST_CASE("pca: results do not depend on the thread count") {
    const RowMatrixF x = spectrum_data(3000, 40, 7);
    PcaOptions o;
    o.components = 5;
    ThreadPool one(1);
    Pca ref(o);
    const auto ref_scores = ref.fit_transform(x, one);
    for (int threads : {2, 3}) {
      ThreadPool pool(threads);
      Pca pca(o);
      const auto scores = pca.fit_transform(x, pool);
      CHECK(pca.components() == ref.components());
      for (Eigen::Index i = 0; i < scores.numel(); ++i) REQUIRE(scores[i] == ref_scores[i]);
    }
  }

  TEST_CASE("pca: bad input gives clear errors") {
    ThreadPool pool(1);
    RowMatrixF x = RowMatrixF::Random(10, 3);
    PcaOptions o;
    o.components = 4;
    CHECK_THROWS_WITH_AS(Pca(o).fit(x, pool), doctest::Contains("at most 3"), Error);
    o.components = 0;
    CHECK_THROWS_WITH_AS(Pca(o).fit(x, pool), doctest::Contains("at least 1"), Error);
    o.components = 2;
    x(7, 2) = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH_AS(Pca(o).fit(x, pool), doctest::Contains("row 7, column 2"), Error);
    CHECK_THROWS_WITH_AS(Pca(o).fit(RowMatrixF(5, 0), pool), doctest::Contains("zero dimensions"), Error);
    CHECK_THROWS_WITH_AS(Pca(o).fit(RowMatrixF(1, 4), pool), doctest::Contains("at least 2 points"), Error);
    Pca unfitted(o);
    CHECK_THROWS_WITH_AS(unfitted.transform(RowMatrixF::Zero(2, 3), pool), doctest::Contains("before fit"), Error);
    Pca fitted(o);
    fitted.fit(RowMatrixF::Random(10, 3), pool);
    CHECK_THROWS_WITH_AS(fitted.transform(RowMatrixF::Zero(2, 4), pool), doctest::Contains("4 features, fitted with 3"),
                         Error);
  }
}
