#pragma once
// The largest eigenpairs of a symmetric matrix, for Kernel PCA.
//
// top_eigen_block_krylov is the workhorse: a block Lanczos (Krylov) method with full
// re-orthogonalisation and thick restarts. Its cost is a few dozen products of the matrix
// with blocks of vectors, i.e. matrix-matrix products that run near the machine's peak,
// instead of the hundreds of memory-bound matrix-vector products of single-vector Lanczos
// or the O(N^3) of a dense decomposition. Convergence is declared when every wanted Ritz
// pair has a residual ||A v - theta v|| below tolerance * |theta_max|, checked cheaply from
// the Lanczos relation and confirmed explicitly at the end.
//
// top_eigen_lanczos wraps Spectra's implicitly restarted Lanczos (one vector at a time) and
// top_eigen_dense a full decomposition; both serve as references and for small problems.
// Everything is deterministic: random starts come from a seeded Rng and all products are
// split into fixed tiles.
#include <aecluster/cluster/linalg.hpp>
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/progress.hpp>
#include <aecluster/random.hpp>

#include <Spectra/SymEigsSolver.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace aecluster {

struct EigenOptions {
  int count = 1;            // eigenpairs wanted, largest first
  int block = 0;            // vectors per block; 0 = clamp(count / 4, 8, 64)
  double tolerance = 1e-9;  // residual bound relative to the largest eigenvalue's magnitude
  int max_basis = 0;        // basis columns before a thick restart; 0 = min(N, max(3 count, count + 6 block))
  int max_products = 0;     // give up after this many block products; 0 = 200
  std::uint64_t seed = 0;   // the random starting block
};

struct EigenResult {
  Eigen::VectorXd values;   // descending
  RowMatrixD vectors;       // N x count, orthonormal columns
  int products = 0;         // block (or vector, for Lanczos) products with the matrix
  double max_residual = 0;  // max ||A v - theta v|| / |theta_max| over the returned pairs
};

namespace eigen_detail {

// Q^T Z for tall Q (N x m) and Z (N x b): tiles of the small result, each summing over all N.
inline RowMatrixD at_b(ThreadPool& pool, const Eigen::Ref<const RowMatrixD>& q, const RowMatrixD& z) {
  RowMatrixD c(q.cols(), z.cols());
  linalg::multiply_at_b<double>(pool, q, z, c);
  return c;
}

// z -= Q (Q^T z), twice ("twice is enough" for classical Gram-Schmidt).
inline void project_out(ThreadPool& pool, const Eigen::Ref<const RowMatrixD>& q, RowMatrixD& z) {
  if (q.cols() == 0) return;
  RowMatrixD qc(z.rows(), z.cols());
  for (int pass = 0; pass < 2; ++pass) {
    const RowMatrixD c = at_b(pool, q, z);
    linalg::multiply<double>(pool, q, c, qc);
    z -= qc;
  }
}

// Orthonormalises z against q and within itself. Returns R with (projected z) = z_out * R.
// Directions that vanish (z was, numerically, inside span(q) or rank deficient) are
// replaced by fresh random ones, so the block always adds `b` new orthonormal columns.
inline RowMatrixD orthonormalize_block(ThreadPool& pool, const Eigen::Ref<const RowMatrixD>& q, RowMatrixD& z,
                                       Rng& rng) {
  const Eigen::Index n = z.rows(), b = z.cols();
  const Eigen::VectorXd before = z.colwise().norm().transpose();
  project_out(pool, q, z);
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(z);
  RowMatrixD r = qr.matrixQR().topRows(b).triangularView<Eigen::Upper>();
  z = qr.householderQ() * Eigen::MatrixXd::Identity(n, b);
  // Householder columns span the projected block (so stay orthogonal to q) except where
  // r_jj vanishes: there they are arbitrary completions, replaced by fresh random directions.
  bool fresh = false;
  const double scale = std::max(before.maxCoeff(), 1e-300);
  for (Eigen::Index j = 0; j < b; ++j)
    if (std::abs(r(j, j)) <= 1e-10 * scale) {
      for (Eigen::Index i = 0; i < n; ++i) z(i, j) = rng.normal();
      fresh = true;
    }
  if (fresh) {
    project_out(pool, q, z);
    Eigen::HouseholderQR<Eigen::MatrixXd> again(z);
    const Eigen::MatrixXd r2 = again.matrixQR().topRows(b).triangularView<Eigen::Upper>();
    z = again.householderQ() * Eigen::MatrixXd::Identity(n, b);
    for (Eigen::Index j = 0; j < b; ++j)
      if (r2(j, j) < 0) z.col(j) *= -1.0;
  }
  return r;
}

}  // namespace eigen_detail

// `apply(x, y)` must set y = A x for an N x b block x (both RowMatrixD, y pre-sized).
template <class Apply>
EigenResult top_eigen_block_krylov(Eigen::Index n, Apply&& apply, const EigenOptions& o, ThreadPool& pool,
                                   const Progress& progress = {}) {
  const Eigen::Index k = o.count;
  require(k >= 1 && k <= n, "top_eigen_block_krylov: count must be in [1, ", n, "], got ", k);
  const Eigen::Index b = o.block > 0 ? o.block : std::clamp<Eigen::Index>(k / 4, 8, 64);
  Eigen::Index m_max = o.max_basis > 0 ? o.max_basis : std::max(3 * k, k + 6 * b);
  m_max = std::min(m_max, n);
  require(k + 2 * b <= m_max, "top_eigen_block_krylov: ", k, " eigenpairs with blocks of ", b,
          " need a basis of at least ", k + 2 * b, " vectors but only ", m_max,
          " fit (use the dense solver for so small a matrix)");
  const int max_products = o.max_products > 0 ? o.max_products : 200;
  Rng rng(o.seed);

  RowMatrixD q(n, m_max), aq(n, m_max);
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(m_max, m_max);
  Eigen::Index m = 0;
  RowMatrixD z(n, b), az(n, b);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < b; ++j) z(i, j) = rng.normal();
  eigen_detail::orthonormalize_block(pool, q.leftCols(0), z, rng);

  EigenResult result;
  int next_check = 0, last_check_products = 0;
  double last_check_residual = 0;
  for (;;) {
    apply(z, az);
    ++result.products;
    q.middleCols(m, b) = z;
    aq.middleCols(m, b) = az;
    const RowMatrixD hz = eigen_detail::at_b(pool, q.leftCols(m + b), az);  // (m + b) x b
    h.block(0, m, m + b, b) = hz;
    h.block(m, 0, b, m) = hz.topRows(m).transpose();
    const Eigen::MatrixXd diag = h.block(m, m, b, b);
    h.block(m, m, b, b) = (diag + diag.transpose()) / 2;
    m += b;
    report(progress, "eigensolver", result.products, max_products);

    // The next block continues the Krylov sequence: what A adds outside the basis.
    RowMatrixD w = az;
    const RowMatrixD rb = eigen_detail::orthonormalize_block(pool, q.leftCols(m), w, rng);
    // Rayleigh-Ritz costs O(m^3), as much as a product when N is a few thousand: do it once
    // the basis can hold the wanted pairs plus a block, then when the residuals, shrinking
    // geometrically from check to check, are predicted to be near the tolerance, and always
    // before a restart or giving up.
    const bool restart_due = m + b > m_max;
    if (m < k + 2 * b || (!restart_due && result.products < next_check && result.products < max_products)) {
      z = std::move(w);
      continue;
    }
    const auto e = linalg::symmetric_eigen(h.topLeftCorner(m, m));
    const double scale = std::max(std::abs(e.values[0]), std::abs(e.values[m - 1]));
    // Lanczos relation A Q = Q H + W E^T: the residual of Ritz pair i is ||R_b S[last rows, i]||.
    double worst = 0;
    for (Eigen::Index i = 0; i < k; ++i) worst = std::max(worst, (rb * e.vectors.block(m - b, i, b, 1)).norm());
    const bool estimated = worst <= o.tolerance * scale;
    {
      const double relative = std::max(worst / scale, 1e-300);
      int ahead = 2;
      if (last_check_products > 0 && relative < last_check_residual) {
        const double rate = std::log(relative / last_check_residual) / (result.products - last_check_products);
        const double needed = std::log(o.tolerance / relative) / rate;  // products still to go
        ahead = std::max(1, static_cast<int>(0.8 * needed));
      }
      last_check_products = result.products;
      last_check_residual = relative;
      next_check = result.products + ahead;
    }
    if (estimated || result.products >= max_products) {
      const Eigen::MatrixXd s = e.vectors.leftCols(k);
      RowMatrixD v(n, k), av(n, k);
      linalg::multiply<double>(pool, q.leftCols(m), s, v);
      linalg::multiply<double>(pool, aq.leftCols(m), s, av);
      double explicit_worst = 0;
      for (Eigen::Index i = 0; i < k; ++i)
        explicit_worst = std::max(explicit_worst, (av.col(i) - e.values[i] * v.col(i)).norm());
      const bool converged = explicit_worst <= 10 * o.tolerance * scale;
      if (converged || result.products >= max_products) {
        require(converged, "top_eigen_block_krylov: ", k, " eigenpairs did not converge in ", result.products,
                " block products (relative residual ", explicit_worst / scale, ", tolerance ", o.tolerance, ")");
        result.values = e.values.head(k);
        result.vectors = std::move(v);
        result.max_residual = explicit_worst / scale;
        return result;
      }
    }
    if (restart_due) {
      // Thick restart: keep the best Ritz vectors (and their images); W stays the residual direction.
      const Eigen::Index keep = std::min(m - b, k + std::max(b, (m_max - k) / 2));
      const Eigen::MatrixXd s = e.vectors.leftCols(keep);
      RowMatrixD qk(n, keep), aqk(n, keep);
      linalg::multiply<double>(pool, q.leftCols(m), s, qk);
      linalg::multiply<double>(pool, aq.leftCols(m), s, aqk);
      q.leftCols(keep) = qk;
      aq.leftCols(keep) = aqk;
      h.setZero();
      h.topLeftCorner(keep, keep) = e.values.head(keep).asDiagonal();
      m = keep;
      eigen_detail::project_out(pool, q.leftCols(m), w);  // re-orthogonalise against the rotated basis
    }
    z = std::move(w);
  }
}

// Spectra's implicitly restarted Lanczos on an explicit symmetric matrix; the products
// with the matrix run on the pool in fixed row tiles.
inline EigenResult top_eigen_lanczos(const RowMatrixD& a, const EigenOptions& o, ThreadPool& pool) {
  const Eigen::Index n = a.rows(), k = o.count;
  require(a.cols() == n, "top_eigen_lanczos: the matrix must be square");
  require(k >= 1 && k < n, "top_eigen_lanczos: count must be in [1, ", n - 1, "], got ", k);
  struct Op {
    using Scalar [[maybe_unused]] = double;  // read by Spectra; g++ misses that for a local class in a template
    const RowMatrixD* a;
    ThreadPool* pool;
    mutable int products = 0;
    [[nodiscard]] Eigen::Index rows() const { return a->rows(); }
    [[nodiscard]] Eigen::Index cols() const { return a->cols(); }
    void perform_op(const double* x, double* y) const {
      const Eigen::Map<const Eigen::VectorXd> xv(x, a->cols());
      pool->for_range(a->rows(), 256, [&](std::int64_t r0, std::int64_t r1, int) {
        Eigen::Map<Eigen::VectorXd>(y + r0, r1 - r0).noalias() = a->middleRows(r0, r1 - r0) * xv;
      });
      ++products;
    }
  } op{&a, &pool};
  const Eigen::Index ncv = std::min(n, std::max<Eigen::Index>(2 * k + 1, k + 20));
  Spectra::SymEigsSolver<Op> solver(op, k, ncv);
  solver.init();
  solver.compute(Spectra::SortRule::LargestAlge, 1000, o.tolerance);
  require(solver.info() == Spectra::CompInfo::Successful, "top_eigen_lanczos: Spectra did not converge for ", k,
          " eigenpairs of a ", n, "x", n, " matrix");
  EigenResult r;
  r.values = solver.eigenvalues();
  r.vectors = solver.eigenvectors();
  r.products = op.products;
  return r;
}

// All eigenpairs by a dense decomposition, truncated to the largest `count`.
inline EigenResult top_eigen_dense(const RowMatrixD& a, const EigenOptions& o) {
  require(a.rows() == a.cols(), "top_eigen_dense: the matrix must be square");
  require(o.count >= 1 && o.count <= a.rows(), "top_eigen_dense: count must be in [1, ", a.rows(), "], got ", o.count);
  const auto e = linalg::symmetric_eigen(a);
  EigenResult r;
  r.values = e.values.head(o.count);
  r.vectors = e.vectors.leftCols(o.count);
  return r;
}

}  // namespace aecluster
