#pragma once
// Principal component analysis with scikit-learn's conventions: centring, the top-k
// components, explained variance (ddof = 1) and its ratio, optional whitening, transform of
// new points, and svd_flip's sign rule (the largest |score| of each component is positive).
// Two solvers: `full`, exact from the covariance (or Gram) matrix, for small problems; and
// `randomized` (Halko, Martinsson & Tropp: a Gaussian sketch, power iterations with
// re-orthonormalisation, then an exact SVD of the small projected matrix) for large ones.
// `automatic` picks as scikit-learn does. All arithmetic is in double; products run on the
// thread pool in fixed blocks, so results do not depend on the thread count.
#include <aecluster/cluster/linalg.hpp>
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/random.hpp>
#include <aecluster/tensor.hpp>

#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace aecluster {

enum class PcaSolver { automatic, full, randomized };

struct PcaOptions {
  int components = 2;
  bool whiten = false;  // scale each score to unit variance
  PcaSolver solver = PcaSolver::automatic;
  int oversamples = 10;       // extra sketch columns of the randomized solver
  int power_iterations = -1;  // -1 = scikit-learn's choice: 7 when components < 0.1 min(N, D), else 4
  std::uint64_t seed = 0;     // the randomized solver's sketch
};

// Member functions are templates (`template <class T = void>`, calling each other with <T>) only
// so that a file including this header without calling them does not instantiate the Eigen
// code inside: that cost seconds of compile time per including file.
class Pca {
 public:
  explicit Pca(PcaOptions options = {}) : o_(options) {}

  template <class T = void>
  Pca& fit(const ConstMatrixRef& x, ThreadPool& pool) {
    require(o_.components >= 1, "PCA: components must be at least 1, got ", o_.components);
    linalg::require_points(pool, x, 2, "PCA");
    const Eigen::Index n = x.rows(), d = x.cols();
    require(o_.components <= std::min(n, d), "PCA: ", o_.components, " components requested but the data (", n, " x ",
            d, ") has at most ", std::min(n, d));
    const int k = o_.components;
    mean_ = linalg::column_means(pool, x);
    PcaSolver solver = o_.solver;
    if (solver == PcaSolver::automatic)
      solver = (std::max(n, d) <= 500 || k >= 0.8 * static_cast<double>(std::min(n, d))) ? PcaSolver::full
                                                                                         : PcaSolver::randomized;
    solver_used_ = solver;

    RowMatrixD scores;  // N x k, the projections of the centred data
    if (solver == PcaSolver::full)
      fit_full<T>(x, pool, scores);
    else
      fit_randomized<T>(x, pool, scores);

    // svd_flip(u_based_decision=True): the score of largest magnitude is positive.
    linalg::flip_signs<double>(scores, &components_);
    const double dof = static_cast<double>(n - 1);
    explained_variance_ = singular_values_.array().square() / dof;
    explained_variance_ratio_ = explained_variance_ / total_variance<T>(x, pool);
    (void)k;
    fitted_ = true;
    last_scores_ = std::move(scores);
    return *this;
  }

  // Scores of the training data (whitened when asked), as float (N, k).
  template <class T = void>
  Tensor<float> fit_transform(const ConstMatrixRef& x, ThreadPool& pool) {
    fit<T>(x, pool);
    RowMatrixD s = std::move(last_scores_);
    last_scores_.resize(0, 0);
    if (o_.whiten) s = s.array().rowwise() / explained_variance_.transpose().array().sqrt();
    return linalg::to_tensor(s);
  }

  template <class T = void>
  Tensor<float> transform(const ConstMatrixRef& x, ThreadPool& pool) const {
    require(fitted_, "PCA: transform called before fit");
    require(x.cols() == mean_.size(), "PCA: transform got ", x.cols(), " features, fitted with ", mean_.size());
    linalg::require_finite(pool, x, "PCA transform");
    const RowMatrixD vt = components_.transpose();
    RowMatrixD s = linalg::centered_times(pool, x, mean_, vt);
    if (o_.whiten) s = s.array().rowwise() / explained_variance_.transpose().array().sqrt();
    return linalg::to_tensor(s);
  }

  template <class T = void>
  Pca& fit(const Tensor<float>& x, ThreadPool& pool) {
    return fit<T>(linalg::as_matrix(x, "PCA"), pool);
  }
  template <class T = void>
  Tensor<float> fit_transform(const Tensor<float>& x, ThreadPool& pool) {
    return fit_transform<T>(linalg::as_matrix(x, "PCA"), pool);
  }
  template <class T = void>
  Tensor<float> transform(const Tensor<float>& x, ThreadPool& pool) const {
    return transform<T>(linalg::as_matrix(x, "PCA transform"), pool);
  }

  [[nodiscard]] const RowMatrixD& components() const { return components_; }  // k x D, orthonormal rows
  [[nodiscard]] const Eigen::RowVectorXd& mean() const { return mean_; }
  [[nodiscard]] const Eigen::VectorXd& singular_values() const { return singular_values_; }
  [[nodiscard]] const Eigen::VectorXd& explained_variance() const { return explained_variance_; }
  [[nodiscard]] const Eigen::VectorXd& explained_variance_ratio() const { return explained_variance_ratio_; }
  [[nodiscard]] PcaSolver solver_used() const { return solver_used_; }
  [[nodiscard]] const PcaOptions& options() const { return o_; }

 private:
  // Exact: eigenvectors of the D x D covariance, or of the N x N Gram matrix when N < D.
  template <class T = void>
  void fit_full(const ConstMatrixRef& x, ThreadPool& pool, RowMatrixD& scores) {
    const Eigen::Index n = x.rows(), d = x.cols();
    const int k = o_.components;
    RowMatrixD xc = x.cast<double>().rowwise() - mean_;
    if (d <= n) {
      RowMatrixD cov(d, d);
      linalg::multiply_at_b<double>(pool, xc, xc, cov);
      const auto e = linalg::symmetric_eigen(cov);
      components_ = e.vectors.leftCols(k).transpose();
      singular_values_ = e.values.head(k).cwiseMax(0.0).cwiseSqrt();
      scores.resize(n, k);
      const RowMatrixD vt = components_.transpose();
      linalg::multiply<double>(pool, xc, vt, scores);
    } else {
      RowMatrixD gram(n, n);
      const RowMatrixD xct = xc.transpose();
      linalg::multiply<double>(pool, xc, xct, gram);
      const auto e = linalg::symmetric_eigen(gram);
      singular_values_ = e.values.head(k).cwiseMax(0.0).cwiseSqrt();
      const RowMatrixD u = e.vectors.leftCols(k);
      scores = u.array().rowwise() * singular_values_.transpose().array();
      RowMatrixD v(d, k);  // V = Xc^T U / s
      linalg::multiply_at_b<double>(pool, xc, u, v);
      for (int j = 0; j < k; ++j)
        if (singular_values_[j] > 0) v.col(j) /= singular_values_[j];
      components_ = v.transpose();
    }
  }

  template <class T = void>
  void fit_randomized(const ConstMatrixRef& x, ThreadPool& pool, RowMatrixD& scores) {
    const Eigen::Index n = x.rows(), d = x.cols();
    const int k = o_.components;
    const Eigen::Index l = std::min<Eigen::Index>(k + std::max(0, o_.oversamples), std::min(n, d));
    int iterations = o_.power_iterations;
    if (iterations < 0) iterations = k < 0.1 * static_cast<double>(std::min(n, d)) ? 7 : 4;
    Rng rng(o_.seed);
    RowMatrixD omega(d, l);
    for (Eigen::Index i = 0; i < d; ++i)
      for (Eigen::Index j = 0; j < l; ++j) omega(i, j) = rng.normal();
    RowMatrixD q = linalg::centered_times(pool, x, mean_, omega);  // N x l
    linalg::orthonormalize(q);
    for (int it = 0; it < iterations; ++it) {
      RowMatrixD z = linalg::centered_transpose_times(pool, x, mean_, q);  // D x l
      linalg::orthonormalize(z);
      q = linalg::centered_times(pool, x, mean_, z);
      linalg::orthonormalize(q);
    }
    const RowMatrixD bt = linalg::centered_transpose_times(pool, x, mean_, q);  // (Q^T Xc)^T, D x l
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(Eigen::MatrixXd(bt.transpose()), Eigen::ComputeThinU | Eigen::ComputeThinV);
    singular_values_ = svd.singularValues().head(k);
    components_ = svd.matrixV().leftCols(k).transpose();
    const RowMatrixD u_small = svd.matrixU().leftCols(k);
    scores = (q * u_small).array().rowwise() * singular_values_.transpose().array();
  }

  template <class T = void>
  double total_variance(const ConstMatrixRef& x, ThreadPool& pool) const {
    const Eigen::Index n = x.rows();
    const Eigen::Index blocks = (n + 1023) / 1024;
    std::vector<double> partial(static_cast<std::size_t>(blocks), 0.0);
    pool.run(blocks, [&](std::int64_t b, int) {
      double s = 0;
      for (Eigen::Index i = b * 1024, e = std::min(n, (b + 1) * 1024); i < e; ++i)
        s += (x.row(i).cast<double>() - mean_).squaredNorm();
      partial[b] = s;
    });
    double total = 0;
    for (double p : partial) total += p;
    return total / static_cast<double>(n - 1);
  }

  PcaOptions o_;
  bool fitted_ = false;
  PcaSolver solver_used_ = PcaSolver::automatic;
  Eigen::RowVectorXd mean_;
  RowMatrixD components_;
  Eigen::VectorXd singular_values_, explained_variance_, explained_variance_ratio_;
  RowMatrixD last_scores_;
};

}  // namespace aecluster
