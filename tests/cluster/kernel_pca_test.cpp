#include <aecluster/cluster/kernel_pca.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "clustering_util.hpp"

using aecluster::Error;
using aecluster::KernelPca;
using aecluster::KernelPcaOptions;
using aecluster::KernelPcaSolver;
using aecluster::RowMatrixD;
using aecluster::RowMatrixF;
using aecluster::ThreadPool;

namespace {
// The reference nobody here optimised: the RBF kernel from explicit differences in double,
// centred with explicit means, decomposed densely by Eigen.
struct Reference {
  Eigen::VectorXd values;
  Eigen::MatrixXd vectors;
};
Reference reference(const RowMatrixF& x, double gamma, int k) {
  const Eigen::Index n = x.rows();
  const Eigen::MatrixXd xd = x.cast<double>();
  Eigen::MatrixXd kern(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) kern(i, j) = std::exp(-gamma * (xd.row(i) - xd.row(j)).squaredNorm());
  const Eigen::VectorXd col = kern.colwise().mean().transpose();
  const double all = col.mean();
  const Eigen::MatrixXd kc = (kern.rowwise() - col.transpose()).colwise() - col + Eigen::MatrixXd::Constant(n, n, all);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(kc);
  return {es.eigenvalues().reverse().head(k), es.eigenvectors().rowwise().reverse().leftCols(k)};
}

// Blobs with several scales, so the top eigenvalues are distinct.
RowMatrixF kernel_data(int per, int dims, std::uint64_t seed) {
  return test::make_blobs(6, per, dims, 2.0, 0.6, seed).x;
}
}  // namespace

TEST_SUITE("kernel_pca") {
  TEST_CASE("kernel pca: every solver matches a dense decomposition of the centred kernel") {
    ThreadPool pool(2);
    const RowMatrixF x = kernel_data(100, 8, 3);  // N = 600
    const int k = 12;
    const double gamma = 1.0 / 8;
    const Reference ref = reference(x, gamma, k);
    for (KernelPcaSolver solver : {KernelPcaSolver::dense, KernelPcaSolver::lanczos, KernelPcaSolver::block_krylov}) {
      CAPTURE(static_cast<int>(solver));
      KernelPcaOptions o;
      o.components = k;
      o.solver = solver;
      o.double_precision = true;
      KernelPca kpca(o);
      const auto scores = kpca.fit_transform(x, pool);
      CHECK(kpca.solver_used() == solver);
      CHECK(kpca.gamma() == doctest::Approx(gamma));
      REQUIRE(scores.dim(0) == x.rows());
      REQUIRE(scores.dim(1) == k);
      for (int j = 0; j < k; ++j) {
        CHECK(kpca.eigenvalues()[j] == doctest::Approx(ref.values[j]).epsilon(1e-6));
        const double dot = kpca.eigenvectors().col(j).dot(ref.vectors.col(j));
        CHECK(std::abs(dot) == doctest::Approx(1.0).epsilon(1e-6));
        // scores = eigenvector * sqrt(eigenvalue), the largest |entry| positive.
        Eigen::Index arg = 0;
        kpca.eigenvectors().col(j).cwiseAbs().maxCoeff(&arg);
        CHECK(kpca.eigenvectors()(arg, j) > 0);
        CHECK(scores[arg * k + j] == doctest::Approx(kpca.eigenvectors()(arg, j) * std::sqrt(kpca.eigenvalues()[j])));
      }
    }
  }

  TEST_CASE("kernel pca: block Krylov with restarts and several blocks converges to the same pairs") {
    ThreadPool pool(2);
    const RowMatrixF x = kernel_data(150, 5, 4);  // N = 900
    const int k = 40;
    const Reference ref = reference(x, 0.5, k);
    KernelPcaOptions o;
    o.components = k;
    o.gamma = 0.5;
    o.block = 8;  // small blocks force many products and thick restarts
    o.solver = KernelPcaSolver::block_krylov;
    o.double_precision = true;
    KernelPca kpca(o);
    kpca.fit(x, pool);
    CHECK(kpca.max_residual() < 1e-8);
    CHECK(kpca.matrix_products() > 15);
    for (int j = 0; j < k; ++j) CHECK(kpca.eigenvalues()[j] == doctest::Approx(ref.values[j]).epsilon(1e-7));
    // The subspace agrees as a whole (individual vectors of close eigenvalues may rotate).
    const Eigen::MatrixXd overlap = ref.vectors.transpose() * kpca.eigenvectors();
    CHECK(overlap.squaredNorm() == doctest::Approx(static_cast<double>(k)).epsilon(1e-6));
  }

  TEST_CASE("kernel pca: the float kernel (the default) agrees with the exact pairs to float accuracy") {
    ThreadPool pool(2);
    const RowMatrixF x = kernel_data(150, 8, 12);  // N = 900
    const int k = 30;
    const Reference ref = reference(x, 1.0 / 8, k);
    KernelPcaOptions o;
    o.components = k;
    o.solver = KernelPcaSolver::block_krylov;
    KernelPca kpca(o);
    kpca.fit(x, pool);
    for (int j = 0; j < k; ++j) {
      CHECK(kpca.eigenvalues()[j] == doctest::Approx(ref.values[j]).epsilon(1e-5));
      // Only where the eigenvalue is well separated is the individual vector determined.
      const double gap = std::min(j > 0 ? ref.values[j - 1] - ref.values[j] : 1e300,
                                  ref.values[j] - ref.values[j + 1 < k ? j + 1 : j]);
      if (gap > 1e-3 * ref.values[0]) CHECK(std::abs(kpca.eigenvectors().col(j).dot(ref.vectors.col(j))) > 1 - 1e-6);
    }
  }

  TEST_CASE("kernel pca: transform of the training points reproduces fit_transform") {
    ThreadPool pool(2);
    const RowMatrixF x = kernel_data(60, 6, 5);
    KernelPcaOptions o;
    o.components = 10;
    KernelPca kpca(o);
    const auto fitted = kpca.fit_transform(x, pool);
    const auto again = kpca.transform(x, pool);
    for (Eigen::Index i = 0; i < fitted.numel(); ++i)
      CHECK(again[i] == doctest::Approx(fitted[i]).scale(1.0).epsilon(1e-5));
    // A new point's projection equals the kernel formula written out.
    const RowMatrixF y = kernel_data(1, 6, 99);
    const auto ty = kpca.transform(y, pool);
    const Eigen::Index n = x.rows();
    for (Eigen::Index r = 0; r < y.rows(); ++r) {
      Eigen::VectorXd kr(n);
      for (Eigen::Index i = 0; i < n; ++i)
        kr[i] = std::exp(-kpca.gamma() * (y.row(r).cast<double>() - x.row(i).cast<double>()).squaredNorm());
      Eigen::MatrixXd kern(n, n);
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
          kern(i, j) = std::exp(-kpca.gamma() * (x.row(i).cast<double>() - x.row(j).cast<double>()).squaredNorm());
      const Eigen::VectorXd col = kern.colwise().mean().transpose();
      const Eigen::VectorXd krc = kr.array() - col.array() - kr.mean() + col.mean();
      for (int j = 0; j < 10; ++j) {
        const double expect = krc.dot(kpca.eigenvectors().col(j)) / std::sqrt(kpca.eigenvalues()[j]);
        CHECK(ty[r * 10 + j] == doctest::Approx(expect).scale(1.0).epsilon(1e-5));
      }
    }
  }

  TEST_CASE(
      "kernel pca: Nystroem equals exact Kernel PCA with every point a landmark, and approximates it with fewer") {
    ThreadPool pool(2);
    const RowMatrixF x = kernel_data(50, 6, 6);  // N = 300
    KernelPcaOptions o;
    o.components = 6;
    o.solver = KernelPcaSolver::dense;
    KernelPca exact(o);
    const auto e = exact.fit_transform(x, pool);
    o.landmarks = 300;
    KernelPca full(o);
    const auto f = full.fit_transform(x, pool);
    for (int j = 0; j < 6; ++j) CHECK(full.eigenvalues()[j] == doctest::Approx(exact.eigenvalues()[j]).epsilon(1e-6));
    for (Eigen::Index i = 0; i < e.numel(); ++i) CHECK(f[i] == doctest::Approx(e[i]).scale(1.0).epsilon(1e-4));
    const auto tf = full.transform(x, pool);
    for (Eigen::Index i = 0; i < e.numel(); ++i) CHECK(tf[i] == doctest::Approx(f[i]).scale(1.0).epsilon(1e-4));
    o.landmarks = 120;
    KernelPca approx(o);
    const auto a = approx.fit_transform(x, pool);
    for (int j = 0; j < 3; ++j) {
      double dot = 0, na = 0, ne = 0;
      for (Eigen::Index i = 0; i < x.rows(); ++i) {
        dot += static_cast<double>(a[i * 6 + j]) * e[i * 6 + j];
        na += static_cast<double>(a[i * 6 + j]) * a[i * 6 + j];
        ne += static_cast<double>(e[i * 6 + j]) * e[i * 6 + j];
      }
      CHECK(std::abs(dot) / std::sqrt(na * ne) > 0.99);
    }
  }

  TEST_CASE("kernel pca: results do not depend on the thread count") {
    const RowMatrixF x = kernel_data(120, 10, 8);
    KernelPcaOptions o;
    o.components = 16;
    o.solver = KernelPcaSolver::block_krylov;
    ThreadPool one(1);
    KernelPca ref_kpca(o);
    const auto ref = ref_kpca.fit_transform(x, one);
    o.landmarks = 200;
    KernelPca ref_nys(o);
    const auto refn = ref_nys.fit_transform(x, one);
    for (int threads : {2, 3}) {
      ThreadPool pool(threads);
      o.landmarks = 0;
      const auto s = KernelPca(o).fit_transform(x, pool);
      o.landmarks = 200;
      const auto sn = KernelPca(o).fit_transform(x, pool);
      for (Eigen::Index i = 0; i < ref.numel(); ++i) REQUIRE(s[i] == ref[i]);
      for (Eigen::Index i = 0; i < refn.numel(); ++i) REQUIRE(sn[i] == refn[i]);
    }
  }

  TEST_CASE(
      "kernel pca: the landmark policy: exact up to 25,000 points, then 2000 landmarks, never fewer than components") {
    KernelPcaOptions o;
    CHECK(o.landmarks_for(25000, 200) == 0);
    CHECK(o.landmarks_for(25001, 200) == 2000);
    o.landmarks = 0;
    CHECK(o.landmarks_for(70000, 200) == 0);
    o.landmarks = 50;
    CHECK(o.landmarks_for(1000, 200) == 200);
    CHECK(o.landmarks_for(1000, 20) == 50);
  }

  TEST_CASE("kernel pca: bad input gives clear errors") {
    ThreadPool pool(1);
    RowMatrixF x = RowMatrixF::Random(20, 3);
    KernelPcaOptions o;
    o.components = 21;  // more than N: scikit-learn keeps N components
    CHECK(KernelPca(o).fit_transform(x, pool).dim(1) == 20);
    o.components = 2;
    x(4, 0) = std::numeric_limits<float>::infinity();
    CHECK_THROWS_WITH_AS(KernelPca(o).fit(x, pool), doctest::Contains("row 4, column 0"), Error);
    CHECK_THROWS_WITH_AS(KernelPca(o).fit(RowMatrixF(10, 0), pool), doctest::Contains("zero dimensions"), Error);
    CHECK_THROWS_WITH_AS(KernelPca(o).fit(RowMatrixF(0, 3), pool), doctest::Contains("at least 2 points"), Error);
    o.landmarks = -2;
    CHECK_THROWS_WITH_AS(KernelPca(o).fit(RowMatrixF::Random(20, 3), pool), doctest::Contains("landmarks"), Error);
    o.landmarks = 0;
    KernelPca fitted(o);
    fitted.fit(RowMatrixF::Random(20, 3), pool);
    CHECK_THROWS_WITH_AS(fitted.transform(RowMatrixF::Random(2, 5), pool),
                         doctest::Contains("5 features, fitted with 3"), Error);
    CHECK_THROWS_WITH_AS(KernelPca(o).transform(RowMatrixF::Random(2, 3), pool), doctest::Contains("before fit"),
                         Error);
  }
}
