#pragma once
// A Gaussian mixture with full covariances fitted by EM, with scikit-learn's GaussianMixture
// semantics (1.2): each initialisation starts from a k-means labelling (responsibilities one-hot),
// EM stops when the mean log-likelihood changes by less than `tolerance`, covariances get
// `reg_covar` on the diagonal, and of several initialisations the highest final log-likelihood
// wins; labels are the most responsible component of a last E-step. On a t-SNE embedding the
// clusters are elongated and of unequal size, which k-means' equal spheres cut badly.
// Deterministic: the k-means seeding is seeded and the arithmetic is in double, in order.
#include <aecluster/cluster/kmeans.hpp>
#include <aecluster/cluster/linalg.hpp>
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/tensor.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

// Templates (`template <class = void>`) so that including this header instantiates no Eigen code.
namespace aecluster {

struct GaussianMixtureOptions {
  int components = 2;
  int inits = 1;  // scikit-learn's n_init: whole fits from different k-means seeds
  int max_iterations = 100;
  double tolerance = 1e-3;  // on the change of the mean log-likelihood per point
  double reg_covar = 1e-6;  // added to every covariance's diagonal
  std::uint64_t seed = 0;
};

struct GaussianMixtureResult {
  Tensor<std::int64_t> labels;          // (N,)
  RowMatrixD means;                     // components x D
  std::vector<RowMatrixD> covariances;  // components of D x D
  std::vector<double> weights;
  double log_likelihood = 0;  // mean per point, at the last E-step (scikit-learn's lower_bound_)
  int iterations = 0;
  bool converged = false;
};

namespace gmm_detail {

struct Params {
  RowMatrixD means;
  std::vector<RowMatrixD> covariances;
  std::vector<RowMatrixD> precision_cholesky;  // upper-triangular U with U U^T = covariance^-1
  std::vector<double> log_det_precision;       // sum of log diag(U)
  std::vector<double> weights;
};

// M-step: weights, means and covariances from responsibilities (N x K), as scikit-learn's
// _estimate_gaussian_parameters (nk gets 10 machine epsilons so an empty component stays finite).
template <class = void>
Params estimate(const RowMatrixD& x, const RowMatrixD& resp, double reg_covar) {
  const Eigen::Index n = x.rows(), d = x.cols(), k = resp.cols();
  Params p;
  Eigen::VectorXd nk = resp.colwise().sum().transpose().array() + 10 * std::numeric_limits<double>::epsilon();
  p.means = (resp.transpose() * x).array().colwise() / nk.array();
  p.weights.resize(static_cast<std::size_t>(k));
  for (Eigen::Index c = 0; c < k; ++c) {
    const RowMatrixD diff = x.rowwise() - p.means.row(c);
    RowMatrixD cov = (diff.array().colwise() * resp.col(c).array()).matrix().transpose() * diff / nk(c);
    cov.diagonal().array() += reg_covar;
    const Eigen::LLT<Eigen::MatrixXd> llt(cov);
    require(llt.info() == Eigen::Success, "gaussian mixture: the covariance of component ", c,
            " is not positive definite (increase reg_covar, or there are fewer distinct points than dimensions)");
    // precision Cholesky: inv(L)^T, upper triangular
    const Eigen::MatrixXd l_inv = llt.matrixL().solve(Eigen::MatrixXd::Identity(d, d));
    p.precision_cholesky.emplace_back(l_inv.transpose());
    p.log_det_precision.push_back(p.precision_cholesky.back().diagonal().array().log().sum());
    p.covariances.push_back(std::move(cov));
    p.weights[static_cast<std::size_t>(c)] = nk(c) / double(n);
  }
  return p;
}

// E-step: log responsibilities into `log_resp`; returns the mean log-likelihood per point.
template <class = void>
double expect(const RowMatrixD& x, const Params& p, RowMatrixD& log_resp) {
  const Eigen::Index n = x.rows(), d = x.cols(), k = p.means.rows();
  log_resp.resize(n, k);
  const double log_2pi = std::log(2 * std::numbers::pi);
  for (Eigen::Index c = 0; c < k; ++c) {
    const RowMatrixD y = (x.rowwise() - p.means.row(c)) * p.precision_cholesky[static_cast<std::size_t>(c)];
    log_resp.col(c) =
        (-0.5 * (double(d) * log_2pi + y.rowwise().squaredNorm().array()) +
         p.log_det_precision[static_cast<std::size_t>(c)] + std::log(p.weights[static_cast<std::size_t>(c)]))
            .matrix();
  }
  double total = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double m = log_resp.row(i).maxCoeff();
    const double norm = m + std::log((log_resp.row(i).array() - m).exp().sum());
    log_resp.row(i).array() -= norm;
    total += norm;
  }
  return total / double(n);
}

}  // namespace gmm_detail

// EM from given initial responsibilities (N x K, rows summing to 1): one scikit-learn fit.
template <class = void>
GaussianMixtureResult gaussian_mixture_from(const RowMatrixD& x, const RowMatrixD& initial_resp,
                                            const GaussianMixtureOptions& o) {
  require(initial_resp.rows() == x.rows() && initial_resp.cols() == o.components,
          "gaussian mixture: initial responsibilities must be N x components");
  GaussianMixtureResult r;
  gmm_detail::Params p = gmm_detail::estimate(x, initial_resp, o.reg_covar);
  RowMatrixD log_resp;
  double lower = -std::numeric_limits<double>::infinity();
  for (int it = 1; it <= o.max_iterations; ++it) {
    const double previous = lower;
    lower = gmm_detail::expect(x, p, log_resp);
    p = gmm_detail::estimate(x, RowMatrixD(log_resp.array().exp()), o.reg_covar);
    r.iterations = it;
    if (std::abs(lower - previous) < o.tolerance) {
      r.converged = true;
      break;
    }
  }
  // scikit-learn labels by one more E-step with the final parameters
  gmm_detail::expect(x, p, log_resp);
  r.labels = Tensor<std::int64_t>({x.rows()});
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    Eigen::Index best = 0;
    log_resp.row(i).maxCoeff(&best);
    r.labels[i] = best;
  }
  r.log_likelihood = lower;
  r.means = std::move(p.means);
  r.covariances = std::move(p.covariances);
  r.weights = std::move(p.weights);
  return r;
}

template <class = void>
GaussianMixtureResult gaussian_mixture(const ConstMatrixRef& points, const GaussianMixtureOptions& o,
                                       ThreadPool& pool) {
  require(o.components >= 1, "gaussian mixture: components must be at least 1, got ", o.components);
  require(o.inits >= 1, "gaussian mixture: inits must be at least 1, got ", o.inits);
  require(o.max_iterations >= 1, "gaussian mixture: max_iterations must be at least 1");
  require(o.reg_covar >= 0, "gaussian mixture: reg_covar must be >= 0");
  require(points.rows() >= o.components, "gaussian mixture: ", points.rows(), " points cannot form ", o.components,
          " components");
  linalg::require_finite(pool, points, "gaussian mixture input");
  const RowMatrixD x = points.cast<double>();
  GaussianMixtureResult best;
  bool have = false;
  for (int init = 0; init < o.inits; ++init) {
    // scikit-learn: KMeans(n_clusters, n_init=1, random_state).fit(X).labels_ as one-hot
    KMeansOptions km;
    km.clusters = o.components;
    km.restarts = 1;
    km.seed = o.seed + static_cast<std::uint64_t>(init) * 0x9E3779B97F4A7C15ull;
    const auto k = kmeans(points, km, pool);
    RowMatrixD resp = RowMatrixD::Zero(x.rows(), o.components);
    for (Eigen::Index i = 0; i < x.rows(); ++i) resp(i, k.labels[i]) = 1;
    auto r = gaussian_mixture_from(x, resp, o);
    if (!have || r.log_likelihood > best.log_likelihood) {
      best = std::move(r);
      have = true;
    }
  }
  return best;
}

template <class = void>
GaussianMixtureResult gaussian_mixture(const Tensor<float>& points, const GaussianMixtureOptions& o, ThreadPool& pool) {
  return gaussian_mixture(linalg::as_matrix(points, "gaussian mixture input"), o, pool);
}

}  // namespace aecluster
