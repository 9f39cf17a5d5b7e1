#include <aecluster/cluster/symmetric_eigensolver.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>

using aecluster::EigenOptions;
using aecluster::Error;
using aecluster::RowMatrixD;
using aecluster::ThreadPool;

namespace {
// A symmetric matrix with a chosen spectrum: Q diag(values) Q^T for a random orthogonal Q.
RowMatrixD with_spectrum(const Eigen::VectorXd& values, std::uint64_t seed) {
  const Eigen::Index n = values.size();
  aecluster::Rng rng(seed);
  Eigen::MatrixXd g(n, n);
  for (Eigen::Index i = 0; i < g.size(); ++i) g.data()[i] = rng.normal();
  const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(g).householderQ();
  return q * values.asDiagonal() * q.transpose();
}

auto product_with(const RowMatrixD& a, ThreadPool& pool) {
  return [&a, &pool](const RowMatrixD& z, RowMatrixD& az) { aecluster::linalg::multiply<double>(pool, a, z, az); };
}

void check_pairs(const RowMatrixD& a, const aecluster::EigenResult& r, const Eigen::VectorXd& expected, double tol) {
  for (Eigen::Index i = 0; i < r.values.size(); ++i) {
    CHECK(r.values[i] == doctest::Approx(expected[i]).epsilon(tol));
    const Eigen::VectorXd v = r.vectors.col(i);
    CHECK((a * v - r.values[i] * v).norm() <= 10 * tol * std::abs(expected[0]));
  }
  const Eigen::MatrixXd gram = r.vectors.transpose() * r.vectors;
  CHECK((gram - Eigen::MatrixXd::Identity(gram.rows(), gram.cols())).norm() < 1e-9);
}
}  // namespace

TEST_SUITE("kernel_pca") {
  TEST_CASE("eigensolver: block Krylov, Lanczos and dense find the largest eigenpairs of a known spectrum") {
    ThreadPool pool(2);
    const Eigen::Index n = 400;
    Eigen::VectorXd values(n);
    for (Eigen::Index i = 0; i < n; ++i) values[i] = 100.0 / std::pow(1.0 + i, 1.5);  // decaying, like kernels
    values[n - 1] = -3.0;  // one negative eigenvalue: "largest" means algebraically largest
    const RowMatrixD a = with_spectrum(values, 1);
    Eigen::VectorXd expected = values;
    std::sort(expected.data(), expected.data() + n, std::greater<>());
    EigenOptions o;
    o.count = 20;
    o.tolerance = 1e-10;
    const auto krylov = aecluster::top_eigen_block_krylov(n, product_with(a, pool), o, pool);
    check_pairs(a, krylov, expected, 1e-9);
    CHECK(krylov.max_residual <= 1e-9);
    check_pairs(a, aecluster::top_eigen_lanczos(a, o, pool), expected, 1e-9);
    check_pairs(a, aecluster::top_eigen_dense(a, o), expected, 1e-9);
  }

  TEST_CASE("eigensolver: thick restarts, clustered eigenvalues and a low-rank matrix") {
    ThreadPool pool(2);
    const Eigen::Index n = 300;
    EigenOptions o;
    o.count = 30;
    o.block = 4;       // many small blocks
    o.max_basis = 60;  // forces restarts
    o.tolerance = 1e-10;
    // Eigenvalues in tight pairs: individual vectors are ill-determined, values are not.
    Eigen::VectorXd values(n);
    for (Eigen::Index i = 0; i < n; ++i)
      values[i] = 50.0 * std::exp(-0.05 * static_cast<double>(i / 2)) + 1e-7 * (i % 2);
    const RowMatrixD a = with_spectrum(values, 2);
    const auto r = aecluster::top_eigen_block_krylov(n, product_with(a, pool), o, pool);
    std::sort(values.data(), values.data() + n, std::greater<>());
    for (Eigen::Index i = 0; i < o.count; ++i) CHECK(r.values[i] == doctest::Approx(values[i]).epsilon(1e-9));
    CHECK(r.products > 15);
    // Rank 12 < count + block: the Krylov space runs out and fresh random directions take over;
    // the missing eigenvalues are zeros.
    Eigen::VectorXd low = Eigen::VectorXd::Zero(n);
    for (int i = 0; i < 12; ++i) low[i] = 12.0 - i;
    const RowMatrixD b = with_spectrum(low, 3);
    o.count = 16;
    const auto rb = aecluster::top_eigen_block_krylov(n, product_with(b, pool), o, pool);
    for (Eigen::Index i = 0; i < 16; ++i) CHECK(rb.values[i] == doctest::Approx(low[i]).scale(12.0).epsilon(1e-9));
    const Eigen::MatrixXd gram = rb.vectors.transpose() * rb.vectors;
    CHECK((gram - Eigen::MatrixXd::Identity(16, 16)).norm() < 1e-8);
  }

  TEST_CASE("eigensolver: results do not depend on the thread count; bad requests are refused") {
    const Eigen::Index n = 350;
    Eigen::VectorXd values(n);
    for (Eigen::Index i = 0; i < n; ++i) values[i] = 1.0 / (1.0 + i);
    const RowMatrixD a = with_spectrum(values, 4);
    EigenOptions o;
    o.count = 25;
    ThreadPool one(1);
    const auto ref = aecluster::top_eigen_block_krylov(n, product_with(a, one), o, one);
    for (int threads : {2, 3}) {
      ThreadPool pool(threads);
      const auto r = aecluster::top_eigen_block_krylov(n, product_with(a, pool), o, pool);
      CHECK(r.values == ref.values);
      CHECK(r.vectors == ref.vectors);
    }
    o.count = 0;
    CHECK_THROWS_AS(aecluster::top_eigen_block_krylov(n, product_with(a, one), o, one), Error);
    o.count = 20;
    o.block = 200;
    CHECK_THROWS_WITH_AS(aecluster::top_eigen_block_krylov(n, product_with(a, one), o, one),
                         doctest::Contains("use the dense solver"), Error);
    o.block = 8;
    o.max_products = 3;
    o.tolerance = 1e-14;
    CHECK_THROWS_WITH_AS(aecluster::top_eigen_block_krylov(n, product_with(a, one), o, one),
                         doctest::Contains("did not converge"), Error);
  }
}
