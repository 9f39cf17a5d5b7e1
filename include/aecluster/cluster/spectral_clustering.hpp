#pragma once
// Spectral clustering on the k-nearest-neighbour graph, as scikit-learn's
// SpectralClustering(affinity='nearest_neighbors', n_neighbors=10, assign_labels='kmeans'):
// connectivity A (each point joined to its `neighbors` nearest, itself counted among them),
// symmetrised (A + A^T) / 2 with self-loops ignored, the eigenvectors of the `clusters` largest
// eigenvalues of D^-1/2 A D^-1/2 (the smallest of the normalised Laplacian) divided by sqrt(D),
// each sign-fixed so its largest-magnitude entry is positive, then k-means (10 restarts) on
// these rows. It follows the graph's connected pieces, so it can separate non-convex clusters
// that k-means and Gaussian mixtures cannot.
// The neighbour search is exact (blocked distance products); the eigensolver is the seeded
// block Krylov method of symmetric_eigensolver.hpp, applied to the sparse graph.
#include <aecluster/cluster/kmeans.hpp>
#include <aecluster/cluster/linalg.hpp>
#include <aecluster/cluster/symmetric_eigensolver.hpp>
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

// Templates (`template <class = void>`) so that including this header instantiates no Eigen code.
namespace aecluster {

struct SpectralOptions {
  int clusters = 2;
  int neighbors = 10;  // including the point itself, as scikit-learn's kneighbors_graph(include_self=True)
  int kmeans_restarts = 10;
  std::uint64_t seed = 0;
};

namespace spectral_detail {

// Indices of each row's `k` nearest rows (itself included), nearest first; ties to the lower index.
template <class = void>
std::vector<std::vector<Eigen::Index>> nearest(const RowMatrixD& x, int k, ThreadPool& pool) {
  const Eigen::Index n = x.rows();
  const Eigen::VectorXd sq = x.rowwise().squaredNorm();
  std::vector<std::vector<Eigen::Index>> out(static_cast<std::size_t>(n));
  constexpr Eigen::Index block = 256;
  const Eigen::Index blocks = (n + block - 1) / block;
  pool.run(blocks, [&](std::int64_t bi, int) {
    const Eigen::Index first = bi * block, rows = std::min(block, n - first);
    const RowMatrixD d = ((-2.0 * x.middleRows(first, rows) * x.transpose()).rowwise() + sq.transpose()).colwise() +
                         sq.segment(first, rows);
    std::vector<Eigen::Index> idx(static_cast<std::size_t>(n));
    for (Eigen::Index r = 0; r < rows; ++r) {
      std::iota(idx.begin(), idx.end(), Eigen::Index{0});
      auto closer = [&](Eigen::Index a, Eigen::Index b) {
        // the point itself is always nearest (rounding can make its own distance slightly positive)
        const double da = a == first + r ? -1 : d(r, a), db = b == first + r ? -1 : d(r, b);
        return da < db || (da == db && a < b);
      };
      std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), closer);
      out[static_cast<std::size_t>(first + r)].assign(idx.begin(), idx.begin() + k);
    }
  });
  return out;
}

}  // namespace spectral_detail

template <class = void>
Tensor<std::int64_t> spectral_clustering(const ConstMatrixRef& points, const SpectralOptions& o, ThreadPool& pool) {
  const Eigen::Index n = points.rows();
  require(o.clusters >= 1, "spectral clustering: clusters must be at least 1, got ", o.clusters);
  require(o.neighbors >= 2, "spectral clustering: neighbors must be at least 2, got ", o.neighbors);
  require(n > o.neighbors, "spectral clustering: ", n, " points are too few for ", o.neighbors, " neighbours");
  require(n >= o.clusters, "spectral clustering: ", n, " points cannot form ", o.clusters, " clusters");
  linalg::require_finite(pool, points, "spectral clustering input");
  const RowMatrixD x = points.cast<double>();
  const auto nn = spectral_detail::nearest(x, o.neighbors, pool);

  // symmetrised weights without self-loops: w_ij = (a_ij + a_ji) / 2, as sorted adjacency lists
  std::vector<std::vector<std::pair<Eigen::Index, double>>> adj(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i)
    for (const Eigen::Index j : nn[static_cast<std::size_t>(i)])
      if (j != i) {
        adj[static_cast<std::size_t>(i)].push_back({j, 0.5});
        adj[static_cast<std::size_t>(j)].push_back({i, 0.5});
      }
  Eigen::VectorXd degree = Eigen::VectorXd::Zero(n);
  for (auto& row : adj) {
    std::sort(row.begin(), row.end());
    std::vector<std::pair<Eigen::Index, double>> merged;
    for (const auto& e : row)
      if (!merged.empty() && merged.back().first == e.first)
        merged.back().second += e.second;
      else
        merged.push_back(e);
    row = std::move(merged);
  }
  for (Eigen::Index i = 0; i < n; ++i)
    for (const auto& [j, w] : adj[static_cast<std::size_t>(i)]) degree(i) += w;
  const Eigen::VectorXd inv_sqrt = degree.array().rsqrt();

  // the largest eigenvalues of I + D^-1/2 A D^-1/2 (shifted into [0, 2] so largest is largest in magnitude)
  auto apply = [&](const RowMatrixD& v, RowMatrixD& y) {
    pool.for_range(n, 512, [&](std::int64_t begin, std::int64_t end, int) {
      for (std::int64_t i = begin; i < end; ++i) {
        y.row(i) = v.row(i);
        for (const auto& [j, w] : adj[static_cast<std::size_t>(i)])
          y.row(i) += (w * inv_sqrt(i) * inv_sqrt(j)) * v.row(j);
      }
    });
  };
  EigenOptions eo;
  eo.count = o.clusters;
  eo.seed = o.seed;
  eo.tolerance = 1e-8;
  eo.max_products = 2000;
  RowMatrixD vectors;
  if (n <= 600) {
    RowMatrixD dense = RowMatrixD::Identity(n, n), id = RowMatrixD::Identity(n, n);
    apply(id, dense);
    vectors = top_eigen_dense(dense, eo).vectors;
  } else {
    vectors = top_eigen_block_krylov(n, apply, eo, pool).vectors;
  }
  RowMatrixF maps(n, o.clusters);
  for (Eigen::Index c = 0; c < o.clusters; ++c) {
    Eigen::VectorXd v = vectors.col(c).cwiseProduct(inv_sqrt);
    Eigen::Index at = 0;
    v.cwiseAbs().maxCoeff(&at);
    if (v(at) < 0) v = -v;
    maps.col(c) = v.cast<float>();
  }
  KMeansOptions km;
  km.clusters = o.clusters;
  km.restarts = o.kmeans_restarts;
  km.seed = o.seed;
  return kmeans(maps, km, pool).labels;
}

}  // namespace aecluster
