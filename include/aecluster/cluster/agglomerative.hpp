#pragma once
// Agglomerative clustering with Ward's linkage (scikit-learn's AgglomerativeClustering(linkage=
// 'ward') without connectivity): start from single points and repeatedly merge the two clusters
// whose union raises the within-cluster sum of squares least, until `clusters` remain.
// Ward's criterion is reducible, so the nearest-neighbour-chain algorithm finds the same merges
// as the textbook O(N^3) one; distances come from cluster centroids and sizes on the fly
// (|A||B|/(|A|+|B|) ||c_A - c_B||^2), so memory is O(N D) and time O(N^2 D): well under a
// second for thousands of 2-D points. Ties break towards the lower cluster index, so the result
// does not depend on the thread count (the search is sequential) or the machine.
#include <aecluster/cluster/linalg.hpp>
#include <aecluster/error.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

// Templates (`template <class = void>`) so that including this header instantiates no Eigen code.
namespace aecluster {

struct WardMerge {
  Eigen::Index a = 0, b = 0;  // the merged clusters (index of a surviving representative point)
  double cost = 0;            // increase of the within-cluster sum of squares
};

// Labels 0..clusters-1 of the points (N x D) cut from the Ward tree, numbered by the first point
// of each cluster in input order.
template <class = void>
Tensor<std::int64_t> ward_clustering(const ConstMatrixRef& points, int clusters) {
  const Eigen::Index n = points.rows(), d = points.cols();
  require(clusters >= 1, "ward: clusters must be at least 1, got ", clusters);
  require(n >= clusters, "ward: ", n, " points cannot form ", clusters, " clusters");
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < d; ++j)
      require(std::isfinite(points(i, j)), "ward: input row ", i, ", column ", j, " is not finite");
  RowMatrixD centre = points.cast<double>();
  std::vector<double> size(static_cast<std::size_t>(n), 1.0);
  std::vector<Eigen::Index> active(static_cast<std::size_t>(n));
  std::iota(active.begin(), active.end(), Eigen::Index{0});
  std::vector<std::size_t> slot(static_cast<std::size_t>(n));  // position of a cluster in `active`
  std::iota(slot.begin(), slot.end(), std::size_t{0});
  auto cost = [&](Eigen::Index a, Eigen::Index b) {
    const double sa = size[static_cast<std::size_t>(a)], sb = size[static_cast<std::size_t>(b)];
    return sa * sb / (sa + sb) * (centre.row(a) - centre.row(b)).squaredNorm();
  };

  std::vector<WardMerge> merges;
  merges.reserve(static_cast<std::size_t>(n));
  std::vector<Eigen::Index> chain;
  while (active.size() > 1) {
    if (chain.empty()) chain.push_back(*std::min_element(active.begin(), active.end()));
    const Eigen::Index a = chain.back();
    const Eigen::Index previous = chain.size() > 1 ? chain[chain.size() - 2] : -1;
    // the nearest active cluster; the previous chain element wins ties (this keeps the chain acyclic)
    Eigen::Index best = previous;
    double best_cost = previous >= 0 ? cost(a, previous) : std::numeric_limits<double>::infinity();
    for (const Eigen::Index b : active) {
      if (b == a) continue;
      const double c = cost(a, b);
      if (c < best_cost || (c == best_cost && b < best && b != previous)) {
        best_cost = c;
        best = b;
      }
    }
    if (best != previous) {
      chain.push_back(best);
      continue;
    }
    // a and previous are each other's nearest: merge them into the lower index
    chain.pop_back();
    chain.pop_back();
    const Eigen::Index keep = std::min(a, previous), gone = std::max(a, previous);
    merges.push_back({keep, gone, best_cost});
    const double sk = size[static_cast<std::size_t>(keep)], sg = size[static_cast<std::size_t>(gone)];
    centre.row(keep) = (sk * centre.row(keep) + sg * centre.row(gone)) / (sk + sg);
    size[static_cast<std::size_t>(keep)] = sk + sg;
    const std::size_t s = slot[static_cast<std::size_t>(gone)];
    active[s] = active.back();
    slot[static_cast<std::size_t>(active[s])] = s;
    active.pop_back();
  }

  // The N - clusters cheapest merges (stable: equal costs keep their order of discovery) form the cut.
  std::vector<std::size_t> order(merges.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t i, std::size_t j) { return merges[i].cost < merges[j].cost; });
  std::vector<Eigen::Index> parent(static_cast<std::size_t>(n));
  std::iota(parent.begin(), parent.end(), Eigen::Index{0});
  auto find = [&](Eigen::Index i) {
    while (parent[static_cast<std::size_t>(i)] != i)
      i = parent[static_cast<std::size_t>(i)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(i)])];
    return i;
  };
  for (std::size_t m = 0; m < static_cast<std::size_t>(n - clusters); ++m) {
    const auto& w = merges[order[m]];
    const Eigen::Index ra = find(w.a), rb = find(w.b);
    parent[static_cast<std::size_t>(std::max(ra, rb))] = std::min(ra, rb);
  }
  Tensor<std::int64_t> labels({n});
  std::vector<std::int64_t> number(static_cast<std::size_t>(n), -1);
  std::int64_t next = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    auto& l = number[static_cast<std::size_t>(find(i))];
    if (l < 0) l = next++;
    labels[i] = l;
  }
  return labels;
}

template <class = void>
Tensor<std::int64_t> ward_clustering(const Tensor<float>& points, int clusters) {
  return ward_clustering(linalg::as_matrix(points, "ward input"), clusters);
}

}  // namespace aecluster
