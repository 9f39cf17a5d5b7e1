#include <aecluster/cluster/linalg.hpp>

#include <doctest/doctest.h>

#include <limits>

using aecluster::Error;
using aecluster::RowMatrixD;
using aecluster::RowMatrixF;
using aecluster::ThreadPool;
namespace linalg = aecluster::linalg;

TEST_SUITE("linalg") {
  TEST_CASE("linalg: tiled products equal Eigen's and do not depend on the thread count") {
    const RowMatrixD a = RowMatrixD::Random(700, 300), b = RowMatrixD::Random(300, 530),
                     c = RowMatrixD::Random(700, 90);
    ThreadPool one(1);
    RowMatrixD ab1(700, 530), atc1(300, 90), g1(300, 300);
    linalg::multiply<double>(one, a, b, ab1);
    linalg::multiply_at_b<double>(one, a, c, atc1);
    linalg::gram<double>(one, a, g1);
    CHECK((ab1 - a * b).norm() < 1e-10 * (a * b).norm());
    CHECK((atc1 - a.transpose() * c).norm() < 1e-10 * (a.transpose() * c).norm());
    CHECK((g1 - a.transpose() * a).norm() < 1e-10 * (a.transpose() * a).norm());
    CHECK(g1 == g1.transpose());
    for (int threads : {2, 3}) {
      ThreadPool pool(threads);
      RowMatrixD ab(700, 530), atc(300, 90), g(300, 300);
      linalg::multiply<double>(pool, a, b, ab);
      linalg::multiply_at_b<double>(pool, a, c, atc);
      linalg::gram<double>(pool, a, g);
      CHECK(ab == ab1);
      CHECK(atc == atc1);
      CHECK(g == g1);
    }
    RowMatrixD wrong(5, 5);
    CHECK_THROWS_WITH_AS(linalg::multiply<double>(one, a, b, wrong), doctest::Contains("disagree"), Error);
  }

  TEST_CASE("linalg: centred products, column means and the sign rule") {
    ThreadPool pool(2);
    const RowMatrixF x = RowMatrixF::Random(2500, 7);
    const Eigen::RowVectorXd mean = linalg::column_means(pool, x);
    const Eigen::MatrixXd xd = x.cast<double>();
    CHECK((mean - xd.colwise().mean()).norm() < 1e-12);
    const RowMatrixD b = RowMatrixD::Random(7, 3), q = RowMatrixD::Random(2500, 4);
    const Eigen::MatrixXd xc = xd.rowwise() - mean;
    CHECK((linalg::centered_times(pool, x, mean, b) - xc * b).norm() < 1e-9);
    CHECK((linalg::centered_transpose_times(pool, x, mean, q) - xc.transpose() * q).norm() < 1e-9);
    RowMatrixD cols(3, 2);
    cols << 1, -5, -3, 2, 2, 1;
    RowMatrixD rows(2, 4);
    rows.setOnes();
    linalg::flip_signs<double>(cols, &rows);
    // Each column's largest |entry| becomes positive (-3 and -5 here), and the matching rows of
    // the second matrix flip with them.
    CHECK(cols(1, 0) == 3);
    CHECK(cols(0, 0) == -1);
    CHECK(cols(0, 1) == 5);
    CHECK(rows(0, 0) == -1);
    CHECK(rows(1, 3) == -1);
  }

  TEST_CASE("linalg: input checks name the bad value") {
    ThreadPool pool(2);
    RowMatrixF x = RowMatrixF::Zero(3000, 4);
    x(2047, 3) = std::numeric_limits<float>::quiet_NaN();
    x(2900, 1) = std::numeric_limits<float>::infinity();
    CHECK_THROWS_WITH_AS(linalg::require_finite(pool, x, "points"),
                         "points: value at row 2047, column 3 is nan; every value must be finite", Error);
    CHECK_THROWS_WITH_AS(linalg::require_points(pool, RowMatrixF(3, 0), 1, "points"),
                         doctest::Contains("zero dimensions"), Error);
    CHECK_THROWS_WITH_AS(linalg::require_points(pool, RowMatrixF::Zero(1, 2), 2, "points"),
                         doctest::Contains("needs at least 2 points, got 1"), Error);
    aecluster::Tensor<float> t(aecluster::Shape{2, 3, 4});
    CHECK_THROWS_WITH_AS(linalg::as_matrix(t, "latents"),
                         doctest::Contains("latents: expected a 2-D (N, D) array, got shape (2, 3, 4)"), Error);
  }
}
