#pragma once
// t-SNE's input similarities, as scikit-learn computes them for the Barnes-Hut method:
// for each point a Gaussian over its k nearest neighbours whose precision beta is found by
// bisection so that the entropy (natural log) of the conditional distribution equals
// log(perplexity) (scikit-learn's _binary_search_perplexity: beta starts at 1, at most 100
// steps, tolerance 1e-5); then P = (P_cond + P_cond^T) / sum, a sparse symmetric matrix in
// CSR form whose rows are sorted by column.
#include <aecluster/cluster/tsne/knn.hpp>
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

namespace aecluster::tsne {

// Stored in float, as scikit-learn does (val_P): the gradient streams these arrays every
// iteration, so their size is its memory traffic.
struct SparseAffinities {
  Eigen::Index n = 0;
  std::vector<std::int64_t> indptr;   // n + 1
  std::vector<std::int32_t> indices;  // column of each stored value, ascending within a row
  std::vector<float> values;
};

// Row-stochastic conditional probabilities p_{j|i} over each point's neighbours (same layout
// as the neighbours); `betas`, when given, receives each row's precision.
inline std::vector<double> conditional_probabilities(const Neighbors& nb, double perplexity, ThreadPool& pool,
                                                     std::vector<double>* betas = nullptr) {
  require(perplexity > 0 && std::isfinite(perplexity), "t-SNE: perplexity must be positive, got ", perplexity);
  const Eigen::Index n = nb.n;
  const int k = nb.k;
  constexpr int steps = 100;
  constexpr double tolerance = 1e-5;
  const double desired = std::log(perplexity);
  std::vector<double> p(static_cast<std::size_t>(n * k));
  if (betas != nullptr) betas->assign(static_cast<std::size_t>(n), 0.0);
  pool.for_range(n, 256, [&](std::int64_t r0, std::int64_t r1, int) {
    for (std::int64_t i = r0; i < r1; ++i) {
      const double* d = &nb.distance2[static_cast<std::size_t>(i * k)];
      double* pi = &p[static_cast<std::size_t>(i * k)];
      double beta_min = -std::numeric_limits<double>::infinity();
      double beta_max = std::numeric_limits<double>::infinity();
      double beta = 1.0;
      for (int step = 0; step < steps; ++step) {
        double sum = 0;
        for (int j = 0; j < k; ++j) sum += pi[j] = std::exp(-d[j] * beta);
        if (sum == 0.0) sum = 1e-8;  // scikit-learn's EPSILON_DBL
        double weighted = 0;
        for (int j = 0; j < k; ++j) {
          pi[j] /= sum;
          weighted += d[j] * pi[j];
        }
        const double entropy = std::log(sum) + beta * weighted;
        const double diff = entropy - desired;
        if (std::abs(diff) <= tolerance) break;
        if (diff > 0) {
          beta_min = beta;
          beta = beta_max == std::numeric_limits<double>::infinity() ? beta * 2 : (beta + beta_max) / 2;
        } else {
          beta_max = beta;
          beta = beta_min == -std::numeric_limits<double>::infinity() ? beta / 2 : (beta + beta_min) / 2;
        }
      }
      if (betas != nullptr) (*betas)[static_cast<std::size_t>(i)] = beta;
    }
  });
  return p;
}

// P = (P_cond + P_cond^T) / sum(P_cond + P_cond^T).
inline SparseAffinities joint_probabilities(const Neighbors& nb, const std::vector<double>& conditional) {
  const Eigen::Index n = nb.n;
  const int k = nb.k;
  require(static_cast<Eigen::Index>(conditional.size()) == n * k, "joint_probabilities: ", conditional.size(),
          " conditional probabilities for ", n, " x ", k, " neighbours");
  // Count each row's entries: its own neighbours plus the points that list it.
  std::vector<std::int64_t> count(static_cast<std::size_t>(n), k);
  for (std::int32_t j : nb.index) ++count[j];
  std::vector<std::int64_t> start(static_cast<std::size_t>(n) + 1, 0);
  for (Eigen::Index i = 0; i < n; ++i) start[i + 1] = start[i] + count[i];
  std::vector<std::int32_t> col(static_cast<std::size_t>(start[n]));
  std::vector<double> val(static_cast<std::size_t>(start[n]));
  std::vector<std::int64_t> fill(start.begin(), start.end() - 1);
  for (Eigen::Index i = 0; i < n; ++i)
    for (int t = 0; t < k; ++t) {
      const std::size_t e = static_cast<std::size_t>(i * k + t);
      col[fill[i]] = nb.index[e];
      val[fill[i]++] = conditional[e];
      const std::int32_t j = nb.index[e];
      col[fill[j]] = static_cast<std::int32_t>(i);
      val[fill[j]++] = conditional[e];
    }
  // Sort each row by column and merge the pairs (i, j) present in both directions.
  SparseAffinities a;
  a.n = n;
  a.indptr.assign(static_cast<std::size_t>(n) + 1, 0);
  a.indices.reserve(col.size());
  std::vector<double> merged;
  merged.reserve(col.size());
  std::vector<std::pair<std::int32_t, double>> row;
  for (Eigen::Index i = 0; i < n; ++i) {
    row.clear();
    for (std::int64_t e = start[i]; e < start[i + 1]; ++e) row.emplace_back(col[e], val[e]);
    std::sort(row.begin(), row.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (std::size_t e = 0; e < row.size(); ++e) {
      if (e > 0 && row[e].first == row[e - 1].first) {
        merged.back() += row[e].second;
      } else {
        a.indices.push_back(row[e].first);
        merged.push_back(row[e].second);
      }
    }
    a.indptr[i + 1] = static_cast<std::int64_t>(a.indices.size());
  }
  const double total =
      std::max(std::accumulate(merged.begin(), merged.end(), 0.0), std::numeric_limits<double>::epsilon());
  a.values.resize(merged.size());
  for (std::size_t e = 0; e < merged.size(); ++e) a.values[e] = static_cast<float>(merged[e] / total);
  return a;
}

}  // namespace aecluster::tsne
