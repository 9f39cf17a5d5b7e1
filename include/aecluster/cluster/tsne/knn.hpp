#pragma once
// Exact k nearest neighbours (Euclidean) of every point among all the others, by blocked
// distance products: squared distances |q|^2 + |r|^2 - 2 q.r come from float matrix products
// of a block of query rows against blocks of reference rows, and each query keeps a bounded
// max-heap of candidates. In 200 dimensions (t-SNE after Kernel PCA) no tree beats this.
// The points are centred first (distances do not change, the products lose less to
// cancellation), a few spare candidates are kept, and the final distances are recomputed
// exactly in double before the neighbours are sorted by (distance, index). Each query block
// is one task writing its own rows, so the result does not depend on the thread count.
#include <aecluster/cluster/linalg.hpp>
#include <aecluster/cpu/gemm.hpp>
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/progress.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace aecluster::tsne {

// Row i lists the k nearest other points of point i, nearest first (ties by index).
struct Neighbors {
  Eigen::Index n = 0;
  int k = 0;
  std::vector<std::int32_t> index;  // n x k
  std::vector<double> distance2;    // n x k, squared Euclidean distances
};

inline Neighbors exact_neighbors(const ConstMatrixRef& x, int k, ThreadPool& pool, const Progress& progress = {}) {
  const Eigen::Index n = x.rows();
  require(k >= 1 && k < n, "exact_neighbors: k must be in [1, N - 1] = [1, ", n - 1, "], got ", k);
  require(n <= std::numeric_limits<std::int32_t>::max(), "exact_neighbors: too many points (", n, ")");
  const Eigen::RowVectorXd mean = linalg::column_means(pool, x);
  RowMatrixF xc(n, x.cols());
  Eigen::VectorXd norms(n);
  pool.for_range(n, 512, [&](std::int64_t r0, std::int64_t r1, int) {
    for (std::int64_t r = r0; r < r1; ++r) {
      const Eigen::RowVectorXd c = x.row(r).cast<double>() - mean;
      xc.row(r) = c.cast<float>();
      norms[r] = xc.row(r).cast<double>().squaredNorm();
    }
  });
  std::vector<float> norms_f(norms.data(), norms.data() + n);
  const int keep = static_cast<int>(std::min<Eigen::Index>(n - 1, k + 8));  // spares against float rounding
  constexpr Eigen::Index query_block = 128, ref_block = 2048;
  const Eigen::Index query_blocks = (n + query_block - 1) / query_block;

  Neighbors result;
  result.n = n;
  result.k = k;
  result.index.resize(static_cast<std::size_t>(n * k));
  result.distance2.resize(static_cast<std::size_t>(n * k));
  using Candidate = std::pair<float, std::int32_t>;  // (approximate distance, index): max-heap on both

  auto run_block = [&](std::int64_t qb) {
    const Eigen::Index q0 = qb * query_block, q1 = std::min(n, q0 + query_block), nq = q1 - q0;
    std::vector<std::vector<Candidate>> heaps(static_cast<std::size_t>(nq));
    for (auto& h : heaps) h.reserve(static_cast<std::size_t>(keep));
    RowMatrixF gram(nq, ref_block);
    std::vector<float> dist(static_cast<std::size_t>(ref_block));
    for (Eigen::Index r0 = 0; r0 < n; r0 += ref_block) {
      const Eigen::Index nr = std::min(ref_block, n - r0);
      cpu::gemm<float>(false, true, static_cast<int>(nq), static_cast<int>(nr), static_cast<int>(xc.cols()),
                       xc.row(q0).data(), static_cast<int>(xc.cols()), xc.row(r0).data(), static_cast<int>(xc.cols()),
                       gram.data(), static_cast<int>(ref_block), false);
      for (Eigen::Index a = 0; a < nq; ++a) {
        auto& heap = heaps[a];
        const float qn = norms_f[q0 + a];
        const float* g = gram.row(a).data();
        const float* rn = norms_f.data() + r0;
        for (Eigen::Index b = 0; b < nr; ++b) dist[b] = qn + rn[b] - 2.0f * g[b];  // vectorised
        float threshold =
            static_cast<int>(heap.size()) < keep ? std::numeric_limits<float>::infinity() : heap.front().first;
        for (Eigen::Index b = 0; b < nr; ++b) {
          if (!(dist[b] < threshold)) continue;  // almost every candidate stops here
          const auto j = static_cast<std::int32_t>(r0 + b);
          if (j == q0 + a) continue;
          if (static_cast<int>(heap.size()) < keep) {
            heap.emplace_back(dist[b], j);
            std::push_heap(heap.begin(), heap.end());
            if (static_cast<int>(heap.size()) == keep) threshold = heap.front().first;
          } else {  // j > every index seen, so an equal distance never displaces
            std::pop_heap(heap.begin(), heap.end());
            heap.back() = {dist[b], j};
            std::push_heap(heap.begin(), heap.end());
            threshold = heap.front().first;
          }
        }
      }
    }
    std::vector<std::pair<double, std::int32_t>> exact;
    const Eigen::Index dims = x.cols();
    std::vector<double> query(static_cast<std::size_t>(dims));
    for (Eigen::Index a = 0; a < nq; ++a) {
      exact.clear();
      for (Eigen::Index c = 0; c < dims; ++c) query[c] = x(q0 + a, c);
      for (const auto& [d, j] : heaps[a]) {
        constexpr int lanes = 8;  // independent partial sums: vectorised, in a fixed order
        double part[lanes] = {};
        const float* xj = x.row(j).data();
        Eigen::Index c = 0;
        for (; c + lanes <= dims; c += lanes)
          for (int l = 0; l < lanes; ++l) {
            const double t = query[c + l] - static_cast<double>(xj[c + l]);
            part[l] += t * t;
          }
        for (int l = 0; c < dims; ++c, ++l) {
          const double t = query[c] - static_cast<double>(xj[c]);
          part[l] += t * t;
        }
        double sum = 0;
        for (double v : part) sum += v;
        exact.emplace_back(sum, j);
      }
      std::sort(exact.begin(), exact.end());
      for (int t = 0; t < k; ++t) {
        result.index[static_cast<std::size_t>((q0 + a) * k + t)] = exact[t].second;
        result.distance2[static_cast<std::size_t>((q0 + a) * k + t)] = exact[t].first;
      }
    }
  };
  const std::int64_t chunk = std::max<std::int64_t>(2 * pool.size(), query_blocks / 50);
  for (std::int64_t start = 0; start < query_blocks; start += chunk) {
    const std::int64_t count = std::min(chunk, query_blocks - start);
    pool.run(count, [&](std::int64_t t, int) { run_block(start + t); });
    report(progress, "neighbors", start + count, query_blocks);
  }
  return result;
}

}  // namespace aecluster::tsne
