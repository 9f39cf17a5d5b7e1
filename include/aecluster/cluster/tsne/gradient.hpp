#pragma once
// The gradient of t-SNE's objective KL(P || Q) in 2-D with the Student-t kernel
// q_ij = (1 + |y_i - y_j|^2)^-1 / Z, as scikit-learn's Barnes-Hut code defines it:
//   grad_i = 4 (exaggeration * sum_j p_ij q_ij Z (y_i - y_j)  -  sum_j (q_ij Z)^2 (y_i - y_j) / Z)
// The attractive part runs over the sparse rows of P, the repulsive part and Z over the
// quadtree (quadtree.hpp). The KL divergence, when asked for, is
// sum p_ij log(p_ij / q_ij) over the stored p_ij (with the exaggerated P during early
// exaggeration, as scikit-learn reports it). Sums are formed per point or per fixed block and
// added in a fixed order, so the gradient does not depend on the thread count.
#include <aecluster/cluster/tsne/affinities.hpp>
#include <aecluster/cluster/tsne/quadtree.hpp>
#include <aecluster/parallel.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

namespace aecluster::tsne {

class Gradient {
 public:
  // y and grad hold n points as (x0, y0, x1, y1, ...). Returns the KL divergence when
  // compute_kl is set, NaN otherwise.
  double compute(const SparseAffinities& p, const double* y, double exaggeration, double theta, bool compute_kl,
                 double* grad, ThreadPool& pool, int leaf_size = 32) {
    const std::int64_t n = p.n;
    tree_.build(y, n, leaf_size);
    fx_.resize(static_cast<std::size_t>(n));
    fy_.resize(static_cast<std::size_t>(n));
    zs_.resize(static_cast<std::size_t>(n));
    tree_.repulsion(theta, pool, fx_.data(), fy_.data(), zs_.data());
    double z = 0;
    for (double v : zs_) z += v;  // in the tree's order, which depends on the positions only
    z = std::max(z, std::numeric_limits<double>::epsilon());
    rank_.resize(static_cast<std::size_t>(n));
    const auto& order = tree_.order();
    for (std::int64_t s = 0; s < n; ++s) rank_[order[s]] = static_cast<std::int32_t>(s);

    constexpr std::int64_t block = 1024;
    const std::int64_t blocks = (n + block - 1) / block;
    kl_.assign(static_cast<std::size_t>(blocks), 0.0);
    gathered_.resize(static_cast<std::size_t>(pool.size()));
    pool.run(blocks, [&](std::int64_t b, int worker) {
      const std::int64_t i0 = b * block, i1 = std::min(n, (b + 1) * block);
      auto& scratch = gathered_[static_cast<std::size_t>(worker)];
      if (compute_kl)
        kl_[b] = attract<true>(p, y, i0, i1, exaggeration, z, grad, scratch);
      else
        attract<false>(p, y, i0, i1, exaggeration, z, grad, scratch);
    });
    if (!compute_kl) return std::numeric_limits<double>::quiet_NaN();
    return std::accumulate(kl_.begin(), kl_.end(), 0.0);
  }

  [[nodiscard]] const QuadTree& tree() const { return tree_; }

 private:
  // Rows [i0, i1): the attractive sums over P's entries (eight independent lanes, so the
  // loads vectorise as gathers without reordering any sum), combined with the repulsion into
  // the gradient. Returns this block's share of the KL divergence when asked.
  template <bool with_kl>
  double attract(const SparseAffinities& p, const double* y, std::int64_t i0, std::int64_t i1, double exaggeration,
                 double z, double* grad, std::vector<double>& gathered) const {
    constexpr int lanes = 8;
    const double tiny = std::numeric_limits<float>::min();  // scikit-learn's FLOAT32_TINY guard
    const std::int32_t* idx = p.indices.data();
    const float* val = p.values.data();
    double kl = 0;
    for (std::int64_t i = i0; i < i1; ++i) {
      const double xi = y[2 * i], yi = y[2 * i + 1];
      const std::int64_t e0 = p.indptr[i], e1 = p.indptr[i + 1];
      const std::int64_t len = e1 - e0, padded = (len + lanes - 1) / lanes * lanes;
      // Gather the neighbours' offsets first, so the arithmetic runs on contiguous arrays.
      if (gathered.size() < static_cast<std::size_t>(3 * padded)) gathered.resize(static_cast<std::size_t>(3 * padded));
      double* dxs = gathered.data();
      double* dys = dxs + padded;
      double* ps = dys + padded;
      for (std::int64_t u = 0; u < len; ++u) {
        const std::int64_t j = idx[e0 + u];
        dxs[u] = xi - y[2 * j];
        dys[u] = yi - y[2 * j + 1];
        ps[u] = val[e0 + u];
      }
      for (std::int64_t u = len; u < padded; ++u) dxs[u] = dys[u] = ps[u] = 0.0;
      double ax[lanes] = {}, ay[lanes] = {};
      for (std::int64_t u = 0; u < padded; u += lanes)
        for (int l = 0; l < lanes; ++l) {
          const double dx = dxs[u + l], dy = dys[u + l];
          const double pq = ps[u + l] / (1.0 + dx * dx + dy * dy);
          ax[l] += pq * dx;
          ay[l] += pq * dy;
        }
      if constexpr (with_kl) {
        for (std::int64_t u = 0; u < len; ++u) {
          const double q = 1.0 / (1.0 + dxs[u] * dxs[u] + dys[u] * dys[u]);
          const double pij = exaggeration * ps[u];
          kl += pij * (std::log(std::max(pij, tiny)) - std::log(std::max(q / z, tiny)));
        }
      }
      double sx = 0, sy = 0;
      for (int l = 0; l < lanes; ++l) {
        sx += ax[l];
        sy += ay[l];
      }
      const std::int32_t s = rank_[i];
      grad[2 * i] = 4.0 * (exaggeration * sx - fx_[s] / z);
      grad[2 * i + 1] = 4.0 * (exaggeration * sy - fy_[s] / z);
    }
    return kl;
  }

  QuadTree tree_;
  std::vector<double> fx_, fy_, zs_, kl_;
  std::vector<std::int32_t> rank_;
  std::vector<std::vector<double>> gathered_;  // per worker
};

}  // namespace aecluster::tsne
