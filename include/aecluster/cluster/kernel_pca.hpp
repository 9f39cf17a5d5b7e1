#pragma once
// RBF Kernel PCA with scikit-learn's semantics (KernelPCA(kernel='rbf')):
//   K_ij = exp(-gamma ||x_i - x_j||^2), gamma = 1 / n_features unless given;
//   the kernel is centred in feature space as KernelCenterer does;
//   fit_transform returns eigenvectors * sqrt(eigenvalues) of the centred kernel, largest
//   first, each eigenvector's largest-magnitude entry made positive (svd_flip's rule);
//   negative and negligible eigenvalues become 0, as _check_psd_eigenvalues does;
//   transform centres a new kernel row with the training statistics and projects it.
//
// How it is fast: the points are centred and the squared distances come from blocked float
// matrix products (||a||^2 + ||b||^2 - 2 a.b, in upper-triangle tiles on the pool) with the
// exponential applied per tile; the kernel is kept in double, so the top-k eigenpairs come
// from a block Krylov solver (symmetric_eigensolver.hpp) in a few dozen matrix-matrix
// products instead of the O(N^3) dense decomposition scikit-learn runs for k >= 10.
// Centring the points first keeps the float products accurate (distances do not change).
//
// For large N (the kernel needs 4 N^2 bytes) the Nystroem approximation takes over (see
// KernelPcaOptions::landmarks): phi(x) = K(x, L) L^-T for m random landmark points L
// (K(L, L) = L L^T), then a linear PCA of the phi's. It equals exact Kernel PCA when every point is a landmark,
// needs O(N m) memory, and is what makes N = 70,000 fit.
#include <aecluster/cluster/clustering_device.hpp>
#include <aecluster/cluster/kernel_pca/options.hpp>
#include <aecluster/cluster/linalg.hpp>
#include <aecluster/cluster/symmetric_eigensolver.hpp>
#include <aecluster/cpu/gemm.hpp>
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/progress.hpp>
#include <aecluster/random.hpp>
#include <aecluster/tensor.hpp>

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <type_traits>
#include <vector>

namespace aecluster {

namespace kernel_pca_detail {

inline constexpr Eigen::Index tile = 512;

// Squared row norms in double.
inline Eigen::VectorXd row_norms(ThreadPool& pool, const RowMatrixF& x) {
  Eigen::VectorXd n(x.rows());
  pool.for_range(x.rows(), 512, [&](std::int64_t r0, std::int64_t r1, int) {
    for (std::int64_t r = r0; r < r1; ++r) n[r] = x.row(r).cast<double>().squaredNorm();
  });
  return n;
}

// out = exp(-gamma * max(0, |a|^2 + |b|^2 - 2 a b^T)) for one tile (distances in double).
template <class Scalar>
void rbf_tile(const Eigen::Ref<const RowMatrixF>& a, const Eigen::Ref<const Eigen::VectorXd>& an,
              const Eigen::Ref<const RowMatrixF>& b, const Eigen::Ref<const Eigen::VectorXd>& bn, double gamma,
              RowMatrixF& gram, Eigen::Ref<RowMatrix<Scalar>> out) {
  gram.resize(a.rows(), b.rows());
  cpu::gemm<float>(false, true, static_cast<int>(a.rows()), static_cast<int>(b.rows()), static_cast<int>(a.cols()),
                   a.data(), static_cast<int>(a.outerStride()), b.data(), static_cast<int>(b.outerStride()),
                   gram.data(), static_cast<int>(b.rows()), false);
  Eigen::ArrayXd row(b.rows());
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    row = (an[i] + bn.array() - 2.0 * gram.row(i).transpose().cast<double>().array()).max(0.0);
    out.row(i) = (-gamma * row).exp().transpose().template cast<Scalar>();
  }
}

// The full kernel between the rows of a and b (a.rows() x b.rows()), in tiles on the pool.
template <class Scalar = double>
RowMatrix<Scalar> rbf_kernel(ThreadPool& pool, const RowMatrixF& a, const Eigen::VectorXd& an, const RowMatrixF& b,
                             const Eigen::VectorXd& bn, double gamma) {
  RowMatrix<Scalar> k(a.rows(), b.rows());
  linalg::for_tiles(pool, a.rows(), b.rows(), tile, tile,
                    [&](Eigen::Index r0, Eigen::Index r1, Eigen::Index c0, Eigen::Index c1) {
                      thread_local RowMatrixF gram;
                      rbf_tile<Scalar>(a.middleRows(r0, r1 - r0), an.segment(r0, r1 - r0), b.middleRows(c0, c1 - c0),
                                       bn.segment(c0, c1 - c0), gamma, gram, k.block(r0, c0, r1 - r0, c1 - c0));
                    });
  return k;
}

// The symmetric training kernel on the thread's clustering device (clustering_device.hpp), or
// an empty matrix when none is set.
template <class Scalar>
RowMatrix<Scalar> rbf_kernel_on_device(const RowMatrixF& x, double gamma) {
  const auto* device = clustering_device();
  if (!device || !device->rbf_symmetric) return {};
  RowMatrixD k(x.rows(), x.rows());
  device->rbf_symmetric(x.data(), x.rows(), x.cols(), gamma, k.data());
  if constexpr (std::is_same_v<Scalar, double>)
    return k;
  else
    return k.template cast<Scalar>();
}

// The symmetric training kernel: upper-triangle tiles computed once and mirrored, the
// diagonal exactly 1 (as scikit-learn sets self-distances to 0).
template <class Scalar>
RowMatrix<Scalar> rbf_kernel_symmetric(ThreadPool& pool, const RowMatrixF& x, const Eigen::VectorXd& xn, double gamma,
                                       const Progress& progress) {
  const Eigen::Index n = x.rows();
  const Eigen::Index t = (n + tile - 1) / tile;
  std::vector<std::pair<Eigen::Index, Eigen::Index>> tiles;
  for (Eigen::Index i = 0; i < t; ++i)
    for (Eigen::Index j = i; j < t; ++j) tiles.emplace_back(i, j);
  RowMatrix<Scalar> k(n, n);
  const auto total = static_cast<std::int64_t>(tiles.size());
  const std::int64_t chunk = std::max<std::int64_t>(1, total / 50);
  for (std::int64_t start = 0; start < total; start += chunk) {
    const std::int64_t count = std::min(chunk, total - start);
    pool.run(count, [&](std::int64_t c, int) {
      thread_local RowMatrixF gram;
      const auto [i, j] = tiles[static_cast<std::size_t>(start + c)];
      const Eigen::Index r0 = i * tile, r1 = std::min(n, r0 + tile);
      const Eigen::Index c0 = j * tile, c1 = std::min(n, c0 + tile);
      auto block = k.block(r0, c0, r1 - r0, c1 - c0);
      rbf_tile<Scalar>(x.middleRows(r0, r1 - r0), xn.segment(r0, r1 - r0), x.middleRows(c0, c1 - c0),
                       xn.segment(c0, c1 - c0), gamma, gram, block);
      if (i == j) {
        for (Eigen::Index d = 0; d < r1 - r0; ++d) block(d, d) = Scalar(1);
        // Make the diagonal tile exactly symmetric (its float products need not be).
        for (Eigen::Index a = 0; a < r1 - r0; ++a)
          for (Eigen::Index b = a + 1; b < c1 - c0; ++b) block(b, a) = block(a, b);
      } else {
        k.block(c0, r0, c1 - c0, r1 - r0) = block.transpose();
      }
    });
    report(progress, "kernel", start + count, total);
  }
  return k;
}

}  // namespace kernel_pca_detail

class KernelPca {
 public:
  explicit KernelPca(KernelPcaOptions options = {}) : o_(options) {}

  KernelPca& fit(const ConstMatrixRef& x, ThreadPool& pool, const Progress& progress = {}) {
    (void)fit_scores(x, pool, progress);
    return *this;
  }

  // The embedding of the training points, (N, components) float.
  Tensor<float> fit_transform(const ConstMatrixRef& x, ThreadPool& pool, const Progress& progress = {}) {
    RowMatrixD s = fit_scores(x, pool, progress);
    return linalg::to_tensor(s);
  }

  // Projects new points onto the fitted components, (M, components) float.
  Tensor<float> transform(const ConstMatrixRef& y, ThreadPool& pool) const {
    require(fitted_, "KernelPCA: transform called before fit");
    require(y.cols() == mean_.size(), "KernelPCA: transform got ", y.cols(), " features, fitted with ", mean_.size());
    linalg::require_finite(pool, y, "KernelPCA transform");
    const RowMatrixF yc = (y.cast<double>().rowwise() - mean_).cast<float>();
    const Eigen::VectorXd yn = kernel_pca_detail::row_norms(pool, yc);
    if (nystroem()) {
      const RowMatrixD kl = kernel_pca_detail::rbf_kernel(pool, yc, yn, landmark_points_, landmark_norms_, gamma_);
      RowMatrixD phi(yc.rows(), whitening_.cols());
      linalg::multiply<double>(pool, kl, whitening_, phi);
      phi.rowwise() -= phi_mean_;
      RowMatrixD s(yc.rows(), feature_components_.cols());
      linalg::multiply<double>(pool, phi, feature_components_, s);
      return linalg::to_tensor(s);
    }
    RowMatrixD k = kernel_pca_detail::rbf_kernel(pool, yc, yn, train_, train_norms_, gamma_);
    // KernelCenterer.transform: subtract the training column means and the row's own mean.
    pool.for_range(k.rows(), 256, [&](std::int64_t r0, std::int64_t r1, int) {
      for (std::int64_t r = r0; r < r1; ++r) {
        const double row_mean = k.row(r).sum() / static_cast<double>(k.cols());
        k.row(r).array() += total_mean_ - row_mean;
        k.row(r) -= column_means_;
      }
    });
    RowMatrixD scaled = eigenvectors_;
    for (Eigen::Index j = 0; j < scaled.cols(); ++j)
      scaled.col(j) *= eigenvalues_[j] > 0 ? 1.0 / std::sqrt(eigenvalues_[j]) : 0.0;
    RowMatrixD s(k.rows(), scaled.cols());
    linalg::multiply<double>(pool, k, scaled, s);
    return linalg::to_tensor(s);
  }

  KernelPca& fit(const Tensor<float>& x, ThreadPool& pool, const Progress& progress = {}) {
    return fit(linalg::as_matrix(x, "KernelPCA"), pool, progress);
  }
  Tensor<float> fit_transform(const Tensor<float>& x, ThreadPool& pool, const Progress& progress = {}) {
    return fit_transform(linalg::as_matrix(x, "KernelPCA"), pool, progress);
  }
  Tensor<float> transform(const Tensor<float>& y, ThreadPool& pool) const {
    return transform(linalg::as_matrix(y, "KernelPCA transform"), pool);
  }

  [[nodiscard]] double gamma() const { return gamma_; }
  // Eigenvalues of the centred kernel, descending (scikit-learn's eigenvalues_).
  [[nodiscard]] const Eigen::VectorXd& eigenvalues() const { return eigenvalues_; }
  // Unit eigenvectors of the centred kernel, N x components (scikit-learn's eigenvectors_);
  // with Nystroem, the unit-norm score columns.
  [[nodiscard]] const RowMatrixD& eigenvectors() const { return eigenvectors_; }
  [[nodiscard]] KernelPcaSolver solver_used() const { return solver_used_; }
  [[nodiscard]] bool nystroem() const { return landmarks_ > 0; }
  [[nodiscard]] int matrix_products() const { return products_; }
  [[nodiscard]] double max_residual() const { return max_residual_; }
  [[nodiscard]] const KernelPcaOptions& options() const { return o_; }

 private:
  RowMatrixD fit_scores(const ConstMatrixRef& x, ThreadPool& pool, const Progress& progress) {
    require(o_.components >= 1, "KernelPCA: components must be at least 1, got ", o_.components);
    linalg::require_points(pool, x, 2, "KernelPCA");
    const Eigen::Index n = x.rows();
    components_ = static_cast<int>(std::min<Eigen::Index>(o_.components, n));  // scikit-learn's min(N, n_components)
    require(std::isfinite(o_.gamma), "KernelPCA: gamma must be finite, got ", o_.gamma);
    require(o_.landmarks >= KernelPcaOptions::automatic_landmarks,
            "KernelPCA: landmarks must be >= 0 (or -1, automatic), got ", o_.landmarks);
    landmarks_ = static_cast<Eigen::Index>(o_.landmarks_for(n, components_));
    gamma_ = o_.gamma > 0 ? o_.gamma : 1.0 / static_cast<double>(x.cols());
    mean_ = linalg::column_means(pool, x);
    fitted_ = false;
    RowMatrixD scores = landmarks_ > 0        ? fit_nystroem(x, pool, progress)
                        : o_.double_precision ? fit_exact<double>(x, pool, progress)
                                              : fit_exact<float>(x, pool, progress);
    fitted_ = true;
    return scores;
  }

  RowMatrixF centred(ThreadPool& pool, const ConstMatrixRef& x) const {
    RowMatrixF c(x.rows(), x.cols());
    pool.for_range(x.rows(), 256, [&](std::int64_t r0, std::int64_t r1, int) {
      c.middleRows(r0, r1 - r0) = (x.middleRows(r0, r1 - r0).cast<double>().rowwise() - mean_).cast<float>();
    });
    return c;
  }

  // Zeroes negative and negligible eigenvalues as scikit-learn's _check_psd_eigenvalues does.
  static void clean_eigenvalues(Eigen::VectorXd& values) {
    const double top = values.maxCoeff();
    require(top >= 0, "KernelPCA: all eigenvalues are negative (largest ", top, "); the kernel is not PSD");
    for (auto& v : values)
      if (v < 1e-12 * top) v = 0;
  }

  template <class Scalar>
  RowMatrixD fit_exact(const ConstMatrixRef& x, ThreadPool& pool, const Progress& progress) {
    const Eigen::Index n = x.rows();
    const int k = components_;
    train_ = centred(pool, x);
    train_norms_ = kernel_pca_detail::row_norms(pool, train_);
    RowMatrix<Scalar> kern = kernel_pca_detail::rbf_kernel_on_device<Scalar>(train_, gamma_);  // a GPU when one is set
    if (kern.size() == 0)
      kern = kernel_pca_detail::rbf_kernel_symmetric<Scalar>(pool, train_, train_norms_, gamma_, progress);

    // KernelCenterer: K - column means - row means + overall mean (the kernel is symmetric).
    // The means are summed in double; the centred entries are rounded once.
    column_means_.resize(n);
    pool.for_range(n, 256, [&](std::int64_t r0, std::int64_t r1, int) {
      for (std::int64_t r = r0; r < r1; ++r)
        column_means_[r] = kern.row(r).template cast<double>().sum() / static_cast<double>(n);
    });
    total_mean_ = column_means_.sum() / static_cast<double>(n);
    pool.for_range(n, 256, [&](std::int64_t r0, std::int64_t r1, int) {
      for (std::int64_t r = r0; r < r1; ++r)
        kern.row(r) = ((kern.row(r).template cast<double>() - column_means_).array() + (total_mean_ - column_means_[r]))
                          .template cast<Scalar>();
    });

    EigenOptions eo;
    eo.count = k;
    eo.block = o_.block > 0 ? o_.block : std::is_same_v<Scalar, float> ? 32 : 0;
    eo.tolerance = o_.tolerance > 0 ? o_.tolerance : std::is_same_v<Scalar, float> ? 1e-6 : 1e-9;
    eo.seed = o_.seed;
    KernelPcaSolver solver = o_.solver;
    const Eigen::Index block = eo.block > 0 ? eo.block : std::clamp<Eigen::Index>(k / 4, 8, 64);
    if (solver == KernelPcaSolver::automatic)
      solver = (n <= 500 || 3 * (k + 2 * block) > n) ? KernelPcaSolver::dense : KernelPcaSolver::block_krylov;
    solver_used_ = solver;
    EigenResult e;
    switch (solver) {
      case KernelPcaSolver::dense: e = top_eigen_dense(kern.template cast<double>(), eo); break;
      case KernelPcaSolver::lanczos: e = top_eigen_lanczos(kern.template cast<double>(), eo, pool); break;
      default:
        e = top_eigen_block_krylov(
            n,
            [&](const RowMatrixD& z, RowMatrixD& az) {
              if constexpr (std::is_same_v<Scalar, double>) {
                linalg::multiply<double>(pool, kern, z, az);
              } else {  // float products, twice as fast; the basis stays in double
                const RowMatrixF zf = z.cast<float>();
                RowMatrixF azf(n, z.cols());
                linalg::multiply<float>(pool, kern, zf, azf);
                az = azf.cast<double>();
              }
            },
            eo, pool, progress);
        break;
    }
    products_ = e.products;
    max_residual_ = e.max_residual;
    eigenvalues_ = std::move(e.values);
    eigenvectors_ = std::move(e.vectors);
    clean_eigenvalues(eigenvalues_);
    linalg::flip_signs<double>(eigenvectors_);
    RowMatrixD scores = eigenvectors_;
    for (Eigen::Index j = 0; j < scores.cols(); ++j) scores.col(j) *= std::sqrt(eigenvalues_[j]);
    return scores;
  }

  // Nystroem: landmarks, their whitening, the features phi of every point, a linear PCA of phi.
  RowMatrixD fit_nystroem(const ConstMatrixRef& x, ThreadPool& pool, const Progress& progress) {
    const Eigen::Index m = std::min<Eigen::Index>(landmarks_, x.rows());
    require(components_ <= m, "KernelPCA: ", components_, " components need at least as many landmarks, got ", m);
    pick_landmarks(x, m, pool);
    whiten_landmarks(pool);
    RowMatrixF phi = nystroem_features(x, pool, progress);
    centre_features(phi, pool);
    return feature_pca(phi, pool);
  }

  // A seeded uniform sample of m points without replacement, in increasing order, centred.
  void pick_landmarks(const ConstMatrixRef& x, Eigen::Index m, ThreadPool& pool) {
    const Eigen::Index n = x.rows();
    std::vector<Eigen::Index> all(static_cast<std::size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    Rng rng(o_.seed ^ 0x6e79737472c3b66dull);
    for (Eigen::Index i = 0; i < m; ++i)
      std::swap(all[i], all[i + static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(n - i)))]);
    std::vector<Eigen::Index> picked(all.begin(), all.begin() + m);
    std::sort(picked.begin(), picked.end());
    landmark_points_.resize(m, x.cols());
    for (Eigen::Index i = 0; i < m; ++i)
      landmark_points_.row(i) = (x.row(picked[i]).cast<double>() - mean_).cast<float>();
    landmark_norms_ = kernel_pca_detail::row_norms(pool, landmark_points_);
  }

  // phi(x) = K(x, L) L^-T with K(L, L) + eps I = L L^T (Cholesky): phi phi^T is the Nystroem
  // kernel K(X, L) K(L, L)^-1 K(L, X), and any such factor gives the same PCA. The small
  // jitter eps keeps the factorisation defined when landmarks nearly coincide.
  void whiten_landmarks(ThreadPool& pool) {
    const Eigen::Index m = landmark_points_.rows();
    RowMatrixD kmm =
        kernel_pca_detail::rbf_kernel_symmetric<double>(pool, landmark_points_, landmark_norms_, gamma_, {});
    Eigen::LLT<Eigen::MatrixXd> chol;
    for (double eps = 1e-6;; eps *= 10) {
      require(eps <= 1e-1, "KernelPCA: the landmark kernel is not positive definite");
      chol.compute(Eigen::MatrixXd(kmm) + eps * Eigen::MatrixXd::Identity(m, m));
      if (chol.info() == Eigen::Success) break;
    }
    const Eigen::MatrixXd l_inv = chol.matrixL().solve(Eigen::MatrixXd::Identity(m, m));
    whitening_ = l_inv.transpose();
  }

  // phi in float, row block by row block; the N x m kernel is never stored.
  RowMatrixF nystroem_features(const ConstMatrixRef& x, ThreadPool& pool, const Progress& progress) const {
    const Eigen::Index n = x.rows();
    const RowMatrixF whitening_f = whitening_.cast<float>();
    RowMatrixF phi(n, whitening_.cols());
    const Eigen::Index rows_per_step = 1024;
    const Eigen::Index steps = (n + rows_per_step - 1) / rows_per_step;
    for (Eigen::Index s = 0; s < steps; ++s) {
      const Eigen::Index r0 = s * rows_per_step, r1 = std::min(n, r0 + rows_per_step);
      const RowMatrixF xs = (x.middleRows(r0, r1 - r0).cast<double>().rowwise() - mean_).cast<float>();
      const Eigen::VectorXd xsn = kernel_pca_detail::row_norms(pool, xs);
      const RowMatrixF kl =
          kernel_pca_detail::rbf_kernel<float>(pool, xs, xsn, landmark_points_, landmark_norms_, gamma_);
      linalg::multiply<float>(pool, kl, whitening_f, phi.middleRows(r0, r1 - r0));
      report(progress, "kernel", s + 1, steps);
    }
    return phi;
  }

  // Centres the features (their mean summed per fixed block of rows, then in order).
  void centre_features(RowMatrixF& phi, ThreadPool& pool) {
    const Eigen::Index n = phi.rows(), m = phi.cols();
    phi_mean_ = Eigen::RowVectorXd::Zero(m);
    const Eigen::Index blocks = (n + 1023) / 1024;
    RowMatrixD partial(blocks, m);
    pool.run(blocks, [&](std::int64_t b, int) {
      partial.row(b) =
          phi.middleRows(b * 1024, std::min<Eigen::Index>(1024, n - b * 1024)).cast<double>().colwise().sum();
    });
    for (Eigen::Index b = 0; b < blocks; ++b) phi_mean_ += partial.row(b);
    phi_mean_ /= static_cast<double>(n);
    const Eigen::RowVectorXf phi_mean_f = phi_mean_.cast<float>();
    pool.for_range(n, 1024,
                   [&](std::int64_t r0, std::int64_t r1, int) { phi.middleRows(r0, r1 - r0).rowwise() -= phi_mean_f; });
  }

  // Linear PCA of the centred features: the top eigenpairs of their m x m scatter matrix, the
  // scores with svd_flip's signs (the same flips go to the feature-space components).
  RowMatrixD feature_pca(const RowMatrixF& phi, ThreadPool& pool) {
    const Eigen::Index n = phi.rows(), m = phi.cols();
    const int k = components_;
    RowMatrixF cov_f(m, m);
    linalg::gram<float>(pool, phi, cov_f);
    const RowMatrixD cov = cov_f.cast<double>();  // exactly symmetric: gram mirrors its upper tiles
    EigenResult ce;
    EigenOptions eo;
    eo.count = k;
    eo.tolerance = 1e-9;
    eo.seed = o_.seed;
    const Eigen::Index block = std::clamp<Eigen::Index>(k / 4, 8, 64);
    if (m <= 500 || 3 * (k + 2 * block) > m) {
      ce = top_eigen_dense(cov, eo);
    } else {
      ce = top_eigen_block_krylov(
          m, [&](const RowMatrixD& z, RowMatrixD& az) { linalg::multiply<double>(pool, cov, z, az); }, eo, pool);
    }
    feature_components_ = ce.vectors;
    eigenvalues_ = ce.values;
    clean_eigenvalues(eigenvalues_);
    solver_used_ = KernelPcaSolver::dense;
    products_ = ce.products;
    max_residual_ = ce.max_residual;
    RowMatrixD scores(n, k);
    {
      const RowMatrixF components_f = feature_components_.cast<float>();
      RowMatrixF scores_f(n, k);
      linalg::multiply<float>(pool, phi, components_f, scores_f);
      scores = scores_f.cast<double>();
    }
    for (Eigen::Index j = 0; j < k; ++j) {
      Eigen::Index best = 0;
      scores.col(j).cwiseAbs().maxCoeff(&best);
      if (scores(best, j) < 0) {
        scores.col(j) *= -1.0;
        feature_components_.col(j) *= -1.0;
      }
    }
    eigenvectors_ = scores;
    for (Eigen::Index j = 0; j < k; ++j)
      eigenvectors_.col(j) *= eigenvalues_[j] > 0 ? 1.0 / std::sqrt(eigenvalues_[j]) : 0.0;
    train_.resize(0, 0);
    return scores;
  }

  KernelPcaOptions o_;
  bool fitted_ = false;
  int components_ = 0;
  Eigen::Index landmarks_ = 0;  // resolved from the options at fit; 0 = exact
  double gamma_ = 0;
  Eigen::RowVectorXd mean_;  // the points are centred by this before any distance
  // exact
  RowMatrixF train_;
  Eigen::VectorXd train_norms_;
  Eigen::RowVectorXd column_means_;  // of the training kernel
  double total_mean_ = 0;
  // Nystroem
  RowMatrixF landmark_points_;
  Eigen::VectorXd landmark_norms_;
  RowMatrixD whitening_;  // L^-T, with K(L, L) = L L^T
  Eigen::RowVectorXd phi_mean_;
  RowMatrixD feature_components_;  // m x components
  // both
  Eigen::VectorXd eigenvalues_;
  RowMatrixD eigenvectors_;
  KernelPcaSolver solver_used_ = KernelPcaSolver::automatic;
  int products_ = 0;
  double max_residual_ = 0;
};

}  // namespace aecluster
