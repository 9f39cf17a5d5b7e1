#pragma once
// Dense linear algebra shared by the clustering stage (PCA, Kernel PCA, t-SNE, k-means):
// Eigen views of (N, D) tensors, input checks, and matrix products split into fixed tiles
// run on a ThreadPool. Eigen never threads by itself here (no OpenMP), and every tile is
// computed by the same code whatever the thread count, so products are bit-identical for
// 1, 2 or 16 threads.
#include <aecluster/cluster/matrix.hpp>
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/tensor.hpp>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace aecluster {

namespace linalg {

// Copies an Eigen matrix into a Tensor of the same shape.
template <class Derived>
Tensor<float> to_tensor(const Eigen::MatrixBase<Derived>& m) {
  Tensor<float> t(Shape{m.rows(), m.cols()});
  Eigen::Map<RowMatrixF>(t.data(), m.rows(), m.cols()) = m.template cast<float>();
  return t;
}

// Runs fn(r0, r1, c0, c1) on every tile of a rows x cols output. The tiling depends only on
// the sizes, so which thread runs a tile never changes what it computes.
template <class F>
void for_tiles(ThreadPool& pool, Eigen::Index rows, Eigen::Index cols, Eigen::Index tile_rows, Eigen::Index tile_cols,
               F&& fn) {
  if (rows <= 0 || cols <= 0) return;
  tile_rows = std::max<Eigen::Index>(1, tile_rows);
  tile_cols = std::max<Eigen::Index>(1, tile_cols);
  const Eigen::Index tr = (rows + tile_rows - 1) / tile_rows;
  const Eigen::Index tc = (cols + tile_cols - 1) / tile_cols;
  pool.run(tr * tc, [&](std::int64_t t, int) {
    const Eigen::Index i = t / tc, j = t % tc;
    const Eigen::Index r0 = i * tile_rows, c0 = j * tile_cols;
    fn(r0, std::min(rows, r0 + tile_rows), c0, std::min(cols, c0 + tile_cols));
  });
}

// C = A * B, tiled over C's rows and columns.
template <class Scalar>
void multiply(ThreadPool& pool, const Eigen::Ref<const RowMatrix<Scalar>>& a,
              const Eigen::Ref<const RowMatrix<Scalar>>& b, Eigen::Ref<RowMatrix<Scalar>> c) {
  require(a.cols() == b.rows() && c.rows() == a.rows() && c.cols() == b.cols(), "linalg::multiply: shapes (", a.rows(),
          ", ", a.cols(), ") x (", b.rows(), ", ", b.cols(), ") -> (", c.rows(), ", ", c.cols(), ") disagree");
  const Eigen::Index tc = c.cols() <= 512 ? c.cols() : 256;
  for_tiles(pool, c.rows(), c.cols(), 256, tc, [&](Eigen::Index r0, Eigen::Index r1, Eigen::Index c0, Eigen::Index c1) {
    c.block(r0, c0, r1 - r0, c1 - c0).noalias() = a.middleRows(r0, r1 - r0) * b.middleCols(c0, c1 - c0);
  });
}

// C = A^T * B (A is K x M, B is K x N): the sums over K stay inside one tile, so no
// reduction crosses threads.
template <class Scalar>
void multiply_at_b(ThreadPool& pool, const Eigen::Ref<const RowMatrix<Scalar>>& a,
                   const Eigen::Ref<const RowMatrix<Scalar>>& b, Eigen::Ref<RowMatrix<Scalar>> c) {
  require(a.rows() == b.rows() && c.rows() == a.cols() && c.cols() == b.cols(), "linalg::multiply_at_b: shapes (",
          a.rows(), ", ", a.cols(), ")^T x (", b.rows(), ", ", b.cols(), ") -> (", c.rows(), ", ", c.cols(),
          ") disagree");
  // Wide tiles: each one packs its slices of A and B over all K rows, so small tiles would
  // spend their time packing.
  const Eigen::Index tc = c.cols() <= 256 ? c.cols() : 128;
  for_tiles(pool, c.rows(), c.cols(), 128, tc, [&](Eigen::Index r0, Eigen::Index r1, Eigen::Index c0, Eigen::Index c1) {
    c.block(r0, c0, r1 - r0, c1 - c0).noalias() = a.middleCols(r0, r1 - r0).transpose() * b.middleCols(c0, c1 - c0);
  });
}

// C = A^T A (A is K x M): only the tiles on and above the diagonal are computed, then mirrored.
template <class Scalar>
void gram(ThreadPool& pool, const Eigen::Ref<const RowMatrix<Scalar>>& a, Eigen::Ref<RowMatrix<Scalar>> c) {
  require(c.rows() == a.cols() && c.cols() == a.cols(), "linalg::gram: shapes disagree");
  constexpr Eigen::Index t = 128;
  const Eigen::Index m = a.cols(), tiles = (m + t - 1) / t;
  std::vector<std::pair<Eigen::Index, Eigen::Index>> upper;
  for (Eigen::Index i = 0; i < tiles; ++i)
    for (Eigen::Index j = i; j < tiles; ++j) upper.emplace_back(i, j);
  pool.run(static_cast<std::int64_t>(upper.size()), [&](std::int64_t u, int) {
    const auto [i, j] = upper[static_cast<std::size_t>(u)];
    const Eigen::Index r0 = i * t, r1 = std::min(m, r0 + t), c0 = j * t, c1 = std::min(m, c0 + t);
    c.block(r0, c0, r1 - r0, c1 - c0).noalias() = a.middleCols(r0, r1 - r0).transpose() * a.middleCols(c0, c1 - c0);
  });
  for (Eigen::Index i = 0; i < m; ++i)
    for (Eigen::Index j = 0; j < i; ++j) c(i, j) = c(j, i);
}

// Checks that every value is finite; names the first bad (row, column) otherwise.
inline void require_finite(ThreadPool& pool, const ConstMatrixRef& x, std::string_view what) {
  const Eigen::Index rows = x.rows();
  constexpr Eigen::Index block = 1024;
  const Eigen::Index blocks = (rows + block - 1) / block;
  std::vector<Eigen::Index> first(static_cast<std::size_t>(std::max<Eigen::Index>(blocks, 0)), -1);
  pool.run(blocks, [&](std::int64_t b, int) {
    const Eigen::Index r1 = std::min(rows, (b + 1) * block);
    for (Eigen::Index r = b * block; r < r1; ++r)
      if (!x.row(r).allFinite()) {
        first[b] = r;
        return;
      }
  });
  for (Eigen::Index r : first)
    if (r >= 0) {
      Eigen::Index c = 0;
      while (std::isfinite(x(r, c))) ++c;
      fail(what, ": value at row ", r, ", column ", c, " is ", x(r, c), "; every value must be finite");
    }
}

// Checks an (N, D) input: at least `min_rows` rows, at least one column, all values finite.
inline void require_points(ThreadPool& pool, const ConstMatrixRef& x, Eigen::Index min_rows, std::string_view what) {
  require(x.cols() > 0, what, ": the points have zero dimensions (shape (", x.rows(), ", 0))");
  require(x.rows() >= min_rows, what, ": needs at least ", min_rows, " points, got ", x.rows());
  require_finite(pool, x, what);
}

// Column means in double, summed over fixed row blocks in a fixed order.
inline Eigen::RowVectorXd column_means(ThreadPool& pool, const ConstMatrixRef& x) {
  const Eigen::Index n = x.rows(), d = x.cols();
  constexpr Eigen::Index block = 512;
  const Eigen::Index blocks = (n + block - 1) / block;
  RowMatrixD partial = RowMatrixD::Zero(std::max<Eigen::Index>(blocks, 1), d);
  pool.run(blocks, [&](std::int64_t b, int) {
    const Eigen::Index r1 = std::min(n, (b + 1) * block);
    for (Eigen::Index r = b * block; r < r1; ++r) partial.row(b) += x.row(r).cast<double>();
  });
  Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(d);
  for (Eigen::Index b = 0; b < blocks; ++b) sum += partial.row(b);
  return n > 0 ? Eigen::RowVectorXd(sum / static_cast<double>(n)) : sum;
}

// Y = (X - 1 mean) B in double, for float points X (N x D) and B (D x L): rows of X are
// converted block by block, so no double copy of X is ever made.
inline RowMatrixD centered_times(ThreadPool& pool, const ConstMatrixRef& x, const Eigen::RowVectorXd& mean,
                                 const RowMatrixD& b) {
  require(b.rows() == x.cols() && mean.size() == x.cols(), "linalg::centered_times: shapes disagree");
  RowMatrixD y(x.rows(), b.cols());
  pool.for_range(x.rows(), 256, [&](std::int64_t r0, std::int64_t r1, int) {
    const RowMatrixD xb = x.middleRows(r0, r1 - r0).cast<double>().rowwise() - mean;
    y.middleRows(r0, r1 - r0).noalias() = xb * b;
  });
  return y;
}

// Z = (X - 1 mean)^T Q in double (D x L), for float X (N x D) and Q (N x L): partial
// products over fixed row blocks, added in block order.
inline RowMatrixD centered_transpose_times(ThreadPool& pool, const ConstMatrixRef& x, const Eigen::RowVectorXd& mean,
                                           const RowMatrixD& q) {
  require(q.rows() == x.rows() && mean.size() == x.cols(), "linalg::centered_transpose_times: shapes disagree");
  const Eigen::Index n = x.rows();
  const Eigen::Index block = std::max<Eigen::Index>(1024, (n + 63) / 64);
  const Eigen::Index blocks = (n + block - 1) / block;
  std::vector<RowMatrixD> partial(static_cast<std::size_t>(blocks));
  pool.run(blocks, [&](std::int64_t b, int) {
    const Eigen::Index r0 = b * block, r1 = std::min(n, r0 + block);
    const RowMatrixD xb = x.middleRows(r0, r1 - r0).cast<double>().rowwise() - mean;
    partial[b].noalias() = xb.transpose() * q.middleRows(r0, r1 - r0);
  });
  RowMatrixD z = RowMatrixD::Zero(x.cols(), q.cols());
  for (const auto& p : partial) z += p;
  return z;
}

// Makes the sign of each column deterministic: the entry of largest magnitude (the first one
// on ties) becomes positive, as scikit-learn's svd_flip does with u_based_decision=True.
// Applies the same flips to the matching rows of `rows_too` when it is given.
template <class Scalar>
void flip_signs(Eigen::Ref<RowMatrix<Scalar>> columns, RowMatrix<Scalar>* rows_too = nullptr) {
  for (Eigen::Index j = 0; j < columns.cols(); ++j) {
    Eigen::Index best = 0;
    Scalar best_abs = -1;
    for (Eigen::Index i = 0; i < columns.rows(); ++i) {
      const Scalar a = std::abs(columns(i, j));
      if (a > best_abs) {
        best_abs = a;
        best = i;
      }
    }
    if (columns.rows() > 0 && columns(best, j) < 0) {
      columns.col(j) *= Scalar(-1);
      if (rows_too != nullptr) rows_too->row(j) *= Scalar(-1);
    }
  }
}

// Orthonormalises the columns of q in place (Householder QR, then the thin Q). Columns that
// are numerically dependent come out as orthonormal completions, never as NaN.
inline void orthonormalize(RowMatrixD& q) {
  if (q.cols() == 0) return;
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(q);
  const Eigen::MatrixXd thin = qr.householderQ() * Eigen::MatrixXd::Identity(q.rows(), q.cols());
  q = thin;
}

// Symmetric eigendecomposition with the eigenvalues in descending order.
struct SymmetricEigen {
  Eigen::VectorXd values;
  Eigen::MatrixXd vectors;  // column j belongs to values[j]
};
inline SymmetricEigen symmetric_eigen(const Eigen::MatrixXd& a) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(a);
  require(es.info() == Eigen::Success, "symmetric eigendecomposition of a ", a.rows(), "x", a.cols(),
          " matrix did not converge");
  SymmetricEigen r;
  r.values = es.eigenvalues().reverse();
  r.vectors = es.eigenvectors().rowwise().reverse();
  return r;
}

}  // namespace linalg
}  // namespace aecluster
