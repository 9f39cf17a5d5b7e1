#pragma once
// Barnes-Hut t-SNE to two dimensions with scikit-learn's (1.2) defaults and schedule:
//   affinities: perplexity 30 calibrated on the k = min(N - 1, 3 perplexity + 1) exact nearest
//     neighbours, symmetrised sparse P (tsne/knn.hpp, tsne/affinities.hpp);
//   initialisation: PCA (randomized) scaled so the first coordinate has standard deviation 1e-4;
//   optimisation: 250 iterations of early exaggeration 12 with momentum 0.5, then momentum 0.8
//     up to 1000 iterations in all, learning rate 'auto' = max(N / exaggeration / 4, 50),
//     per-coordinate gains (+0.2 / x0.8, floor 0.01) reset at the phase change, and
//     scikit-learn's stopping rules checked every 50 iterations (no progress in 300 (250 in
//     the first phase) iterations, or gradient norm below 1e-7);
//   gradient: Barnes-Hut with theta 0.5 on a quadtree (tsne/gradient.hpp, tsne/quadtree.hpp).
// The result reports the KL divergence of the returned embedding. Memory is O(N) (P has at
// most 2 k entries per row); work is split into fixed blocks, so the embedding is the same
// for a given seed whatever the thread count. Positions and gradients are kept in double.
#include <aecluster/cluster/linalg.hpp>
#include <aecluster/cluster/pca.hpp>
#include <aecluster/cluster/tsne/affinities.hpp>
#include <aecluster/cluster/tsne/gradient.hpp>
#include <aecluster/cluster/tsne/knn.hpp>
#include <aecluster/cluster/tsne/options.hpp>
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/progress.hpp>
#include <aecluster/random.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace aecluster {

struct TsneResult {
  Tensor<float> embedding;   // (N, 2)
  double kl_divergence = 0;  // KL(P || Q) of the returned embedding
  int iterations = 0;        // gradient steps taken
  double learning_rate = 0;  // the one used
};

namespace tsne {

// The input similarities for a perplexity (validated against N as scikit-learn does).
inline SparseAffinities affinities(const ConstMatrixRef& x, double perplexity, ThreadPool& pool,
                                   const Progress& progress = {}) {
  const Eigen::Index n = x.rows();
  require(perplexity > 0 && std::isfinite(perplexity), "t-SNE: perplexity must be positive, got ", perplexity);
  require(perplexity < static_cast<double>(n), "t-SNE: perplexity (", perplexity,
          ") must be less than the number of points (", n, ")");
  const int k = static_cast<int>(std::min<double>(static_cast<double>(n - 1), std::floor(3.0 * perplexity + 1)));
  const Neighbors nb = exact_neighbors(x, k, pool, progress);
  return joint_probabilities(nb, conditional_probabilities(nb, perplexity, pool));
}

// KL(P || Q) of an embedding y (x0, y0, x1, y1, ...), with Z from the tree at `theta`
// (0 = exact).
inline double kl_divergence(const SparseAffinities& p, const std::vector<double>& y, double theta, ThreadPool& pool) {
  require(static_cast<Eigen::Index>(y.size()) == 2 * p.n, "kl_divergence: ", y.size() / 2,
          " points for an affinity matrix of ", p.n);
  Gradient g;
  std::vector<double> grad(y.size());
  return g.compute(p, y.data(), 1.0, theta, true, grad.data(), pool);
}

// The optimiser's state. Points are periodically relabelled into the quadtree's Morton order
// so that the rows of P and the positions they touch sit close together in memory;
// `label[s]` is the original index of the point now in slot s. Relabelling depends only on
// the positions, so it does not make results depend on the thread count.
struct DescentState {
  SparseAffinities p;
  std::vector<double> y, update, gains;  // 2 per point
  std::vector<std::int32_t> label;
  double kl = std::numeric_limits<double>::quiet_NaN();
  int last = 0;
};

// Moves slot order[s] to slot s for every s.
inline void relabel(DescentState& st, const std::vector<std::int32_t>& order) {
  const auto n = static_cast<std::int64_t>(order.size());
  std::vector<std::int32_t> rank(static_cast<std::size_t>(n));
  for (std::int64_t s = 0; s < n; ++s) rank[order[s]] = static_cast<std::int32_t>(s);
  auto permute_pairs = [&](std::vector<double>& v) {
    std::vector<double> out(v.size());
    for (std::int64_t s = 0; s < n; ++s) {
      out[2 * s] = v[2 * static_cast<std::size_t>(order[s])];
      out[2 * s + 1] = v[2 * static_cast<std::size_t>(order[s]) + 1];
    }
    v.swap(out);
  };
  permute_pairs(st.y);
  permute_pairs(st.update);
  permute_pairs(st.gains);
  std::vector<std::int32_t> label(static_cast<std::size_t>(n));
  for (std::int64_t s = 0; s < n; ++s) label[s] = st.label[order[s]];
  st.label.swap(label);
  SparseAffinities q;
  q.n = st.p.n;
  q.indptr.resize(st.p.indptr.size());
  q.indices.resize(st.p.indices.size());
  q.values.resize(st.p.values.size());
  q.indptr[0] = 0;
  for (std::int64_t s = 0; s < n; ++s) {
    const std::int64_t b = st.p.indptr[order[s]], e = st.p.indptr[order[s] + 1];
    std::int64_t out = q.indptr[s];
    for (std::int64_t t = b; t < e; ++t, ++out) {
      q.indices[out] = rank[st.p.indices[t]];
      q.values[out] = st.p.values[t];
    }
    q.indptr[s + 1] = out;
  }
  st.p = std::move(q);
}

// Relabels into the order of the tree just built by `gradient`, carrying `grad` along.
inline void relabel_gradient(DescentState& st, const Gradient& gradient, std::vector<double>& grad) {
  const auto& order = gradient.tree().order();
  std::vector<double> g(grad.size());
  for (std::size_t s = 0; s < order.size(); ++s) {
    g[2 * s] = grad[2 * static_cast<std::size_t>(order[s])];
    g[2 * s + 1] = grad[2 * static_cast<std::size_t>(order[s]) + 1];
  }
  grad.swap(g);
  relabel(st, order);
}

// Gradient descent with momentum and per-coordinate gains, scikit-learn's _gradient_descent
// over iterations [first, end); the momentum buffer and the gains start afresh.
inline void descend(DescentState& st, int first, int end, double momentum, double exaggeration, double learning_rate,
                    int without_progress, const TsneOptions& o, int total_iterations, Gradient& gradient,
                    ThreadPool& pool, const Progress& progress) {
  const std::size_t m = st.y.size();
  st.update.assign(m, 0.0);
  st.gains.assign(m, 1.0);
  std::vector<double> grad(m);
  double best = std::numeric_limits<double>::max();
  int best_iter = first;
  st.last = first;
  constexpr int check_every = 50;
  for (int i = first; i < end; ++i) {
    st.last = i;
    const bool check = (i + 1) % check_every == 0;
    const double kl = gradient.compute(st.p, st.y.data(), exaggeration, o.theta, check || i == end - 1, grad.data(),
                                       pool, o.leaf_size);
    if (check || i == end - 1) st.kl = kl;
    if (i % 25 == 0) relabel_gradient(st, gradient, grad);
    double norm2 = 0;
    for (std::size_t c = 0; c < m; ++c) {
      double& gn = st.gains[c];
      gn = (st.update[c] * grad[c] < 0.0) ? gn + 0.2 : gn * 0.8;
      if (gn < 0.01) gn = 0.01;
      const double g = grad[c] * gn;
      norm2 += g * g;
      st.update[c] = momentum * st.update[c] - learning_rate * g;
      st.y[c] += st.update[c];
    }
    report(progress, "tsne", i + 1, total_iterations);
    if (check) {
      if (kl < best) {
        best = kl;
        best_iter = i;
      } else if (i - best_iter > without_progress) {
        break;
      }
      if (std::sqrt(norm2) <= o.min_grad_norm) break;
    }
  }
}

}  // namespace tsne

// Embeds the rows of x (N, D) in two dimensions.
inline TsneResult tsne_embed(const ConstMatrixRef& x, const TsneOptions& o, ThreadPool& pool,
                             const Progress& progress = {}) {
  linalg::require_points(pool, x, 2, "t-SNE");
  const Eigen::Index n = x.rows();
  require(o.early_exaggeration > 0 && std::isfinite(o.early_exaggeration),
          "t-SNE: early_exaggeration must be positive, got ", o.early_exaggeration);
  require(o.exaggeration > 0 && std::isfinite(o.exaggeration), "t-SNE: exaggeration must be positive, got ",
          o.exaggeration);
  require(o.iterations >= 1, "t-SNE: iterations must be at least 1, got ", o.iterations);
  require(o.exploration_iterations >= 0, "t-SNE: exploration_iterations must be >= 0, got ", o.exploration_iterations);
  require(o.theta >= 0 && std::isfinite(o.theta), "t-SNE: theta must be >= 0, got ", o.theta);
  require(o.leaf_size >= 1, "t-SNE: leaf_size must be >= 1, got ", o.leaf_size);
  require(std::isfinite(o.learning_rate), "t-SNE: learning_rate must be finite");
  tsne::SparseAffinities p = tsne::affinities(x, o.perplexity, pool, progress);

  std::vector<double> y(static_cast<std::size_t>(2 * n));
  if (o.init == TsneInit::pca && x.cols() >= 2) {
    PcaOptions po;
    po.components = 2;
    po.solver = PcaSolver::randomized;
    po.seed = o.seed;
    Pca pca(po);
    const Tensor<float> s = pca.fit_transform(x, pool);
    double mean = 0, sq = 0;
    for (Eigen::Index i = 0; i < n; ++i) mean += s[2 * i];
    mean /= static_cast<double>(n);
    for (Eigen::Index i = 0; i < n; ++i) sq += (s[2 * i] - mean) * (s[2 * i] - mean);
    const double sd = std::sqrt(sq / static_cast<double>(n));
    const double scale = sd > 0 ? 1e-4 / sd : 1.0;
    for (Eigen::Index i = 0; i < 2 * n; ++i) y[i] = s[i] * scale;
  } else {
    Rng rng(o.seed);
    for (double& v : y) v = 1e-4 * rng.normal();
  }

  TsneResult r;
  r.learning_rate =
      o.learning_rate > 0 ? o.learning_rate : std::max(static_cast<double>(n) / o.early_exaggeration / 4.0, 50.0);
  tsne::Gradient gradient;
  tsne::DescentState st;
  st.p = std::move(p);
  st.y = std::move(y);
  st.label.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) st.label[i] = static_cast<std::int32_t>(i);
  const int explore = std::min(o.exploration_iterations, o.iterations);
  if (explore > 0)
    tsne::descend(st, 0, explore, 0.5, o.early_exaggeration, r.learning_rate, o.exploration_iterations, o, o.iterations,
                  gradient, pool, progress);
  const int next = explore > 0 ? st.last + 1 : 0;
  // An exaggerated attraction with the classic step oscillates instead of converging, as the
  // early phase would at N / 4 instead of N / 48; 'auto' keeps the attraction's step by dividing
  // the rate by the exaggeration (as openTSNE's 'auto' does). A rate the caller set is used as is.
  const double late_rate = o.learning_rate > 0 ? r.learning_rate : r.learning_rate / o.exaggeration;
  if (next < o.iterations)
    tsne::descend(st, next, o.iterations, 0.8, o.exaggeration, late_rate, o.iterations_without_progress, o,
                  o.iterations, gradient, pool, progress);
  r.iterations = st.last + 1;

  std::vector<double> grad(st.y.size());
  r.kl_divergence = gradient.compute(st.p, st.y.data(), 1.0, o.theta, true, grad.data(), pool, o.leaf_size);
  r.embedding = Tensor<float>(Shape{n, 2});
  for (Eigen::Index s = 0; s < n; ++s) {
    r.embedding[2 * st.label[s]] = static_cast<float>(st.y[2 * s]);
    r.embedding[2 * st.label[s] + 1] = static_cast<float>(st.y[2 * s + 1]);
  }
  return r;
}

inline TsneResult tsne_embed(const Tensor<float>& x, const TsneOptions& o, ThreadPool& pool,
                             const Progress& progress = {}) {
  return tsne_embed(linalg::as_matrix(x, "t-SNE"), o, pool, progress);
}

}  // namespace aecluster
