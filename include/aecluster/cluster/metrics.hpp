#pragma once
// How well a clustering agrees with known classes: Hungarian-matched accuracy (any number of
// clusters and classes), normalised mutual information and the adjusted Rand index, with
// scikit-learn's definitions (NMI with the arithmetic-mean normaliser, its default).
// Labels are any int64 values; they need not be 0..K-1.
#include <aecluster/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace aecluster {

// Counts of points per (cluster, class) pair; clusters and classes are the sorted distinct
// label values of `pred` and `truth`.
struct Contingency {
  std::vector<std::int64_t> clusters;  // distinct predicted labels, ascending
  std::vector<std::int64_t> classes;   // distinct true labels, ascending
  std::vector<std::int64_t> counts;    // clusters.size() x classes.size(), row-major
  std::int64_t total = 0;

  [[nodiscard]] std::int64_t at(std::size_t cluster, std::size_t cls) const {
    return counts[cluster * classes.size() + cls];
  }
};

namespace detail {
inline void require_labels(std::span<const std::int64_t> pred, std::span<const std::int64_t> truth, const char* what) {
  require(pred.size() == truth.size(), what, ": predicted and true labels differ in length (", pred.size(), " vs ",
          truth.size(), ")");
  require(!pred.empty(), what, ": no labels given");
}
inline std::vector<std::int64_t> distinct(std::span<const std::int64_t> v) {
  std::vector<std::int64_t> u(v.begin(), v.end());
  std::sort(u.begin(), u.end());
  u.erase(std::unique(u.begin(), u.end()), u.end());
  return u;
}
inline std::size_t index_of(const std::vector<std::int64_t>& sorted, std::int64_t v) {
  return static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
}
}  // namespace detail

inline Contingency contingency(std::span<const std::int64_t> pred, std::span<const std::int64_t> truth) {
  detail::require_labels(pred, truth, "contingency");
  Contingency c;
  c.clusters = detail::distinct(pred);
  c.classes = detail::distinct(truth);
  c.counts.assign(c.clusters.size() * c.classes.size(), 0);
  for (std::size_t i = 0; i < pred.size(); ++i)
    ++c.counts[detail::index_of(c.clusters, pred[i]) * c.classes.size() + detail::index_of(c.classes, truth[i])];
  c.total = static_cast<std::int64_t>(pred.size());
  return c;
}

// Solves the rectangular assignment problem: minimises sum cost(r, assignment[r]) over
// injective assignments of the rows to columns; needs rows <= cols. O(rows^2 * cols).
// (Kuhn-Munkres with row/column potentials and shortest augmenting paths.)
inline std::vector<std::size_t> hungarian(const std::vector<double>& cost, std::size_t rows, std::size_t cols) {
  require(rows <= cols, "hungarian: needs rows <= cols, got ", rows, " x ", cols);
  require(cost.size() == rows * cols, "hungarian: cost has ", cost.size(), " entries, expected ", rows * cols);
  constexpr double inf = std::numeric_limits<double>::infinity();
  // 1-based arrays; column 0 is a virtual column holding the row being inserted.
  std::vector<double> u(rows + 1, 0.0), v(cols + 1, 0.0);
  std::vector<std::size_t> match(cols + 1, 0), way(cols + 1, 0);
  for (std::size_t r = 1; r <= rows; ++r) {
    match[0] = r;
    std::size_t j0 = 0;
    std::vector<double> minv(cols + 1, inf);
    std::vector<char> used(cols + 1, 0);
    do {
      used[j0] = 1;
      const std::size_t r0 = match[j0];
      double delta = inf;
      std::size_t j1 = 0;
      for (std::size_t j = 1; j <= cols; ++j) {
        if (used[j]) continue;
        const double cur = cost[(r0 - 1) * cols + (j - 1)] - u[r0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (std::size_t j = 0; j <= cols; ++j) {
        if (used[j]) {
          u[match[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (match[j0] != 0);
    do {
      const std::size_t j1 = way[j0];
      match[j0] = match[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<std::size_t> assignment(rows, 0);
  for (std::size_t j = 1; j <= cols; ++j)
    if (match[j] != 0) assignment[match[j] - 1] = j - 1;
  return assignment;
}

// The best one-to-one matching of clusters to classes (maximising the points on the
// diagonal). Returns, for each cluster in `c.clusters` order, the index into `c.classes`
// it is matched to, or -1 when there are more clusters than classes and it is left over.
inline std::vector<std::int64_t> match_clusters(const Contingency& c) {
  const std::size_t k = c.clusters.size(), m = c.classes.size();
  std::vector<std::int64_t> result(k, -1);
  if (k <= m) {
    std::vector<double> cost(k * m);
    for (std::size_t i = 0; i < k * m; ++i) cost[i] = -static_cast<double>(c.counts[i]);
    const auto a = hungarian(cost, k, m);
    for (std::size_t i = 0; i < k; ++i) result[i] = static_cast<std::int64_t>(a[i]);
  } else {
    std::vector<double> cost(m * k);
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < m; ++j) cost[j * k + i] = -static_cast<double>(c.counts[i * m + j]);
    const auto a = hungarian(cost, m, k);
    for (std::size_t j = 0; j < m; ++j) result[a[j]] = static_cast<std::int64_t>(j);
  }
  return result;
}

// Fraction of points whose cluster is matched to their class under the best one-to-one
// matching. For two clusters and two classes this is max(acc, 1 - acc).
inline double clustering_accuracy(std::span<const std::int64_t> pred, std::span<const std::int64_t> truth) {
  detail::require_labels(pred, truth, "clustering_accuracy");
  const Contingency c = contingency(pred, truth);
  const auto match = match_clusters(c);
  std::int64_t hits = 0;
  for (std::size_t i = 0; i < match.size(); ++i)
    if (match[i] >= 0) hits += c.at(i, static_cast<std::size_t>(match[i]));
  return static_cast<double>(hits) / static_cast<double>(c.total);
}

// Normalised mutual information, MI / ((H(truth) + H(pred)) / 2), natural logarithms.
// As scikit-learn: 1 when both labelings have a single group, 0 when MI is 0.
inline double normalized_mutual_info(std::span<const std::int64_t> pred, std::span<const std::int64_t> truth) {
  detail::require_labels(pred, truth, "normalized_mutual_info");
  const Contingency c = contingency(pred, truth);
  const std::size_t k = c.clusters.size(), m = c.classes.size();
  if (k == 1 && m == 1) return 1.0;
  const double n = static_cast<double>(c.total);
  std::vector<double> a(k, 0.0), b(m, 0.0);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < m; ++j) {
      a[i] += static_cast<double>(c.at(i, j));
      b[j] += static_cast<double>(c.at(i, j));
    }
  double mi = 0.0;
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < m; ++j) {
      const double nij = static_cast<double>(c.at(i, j));
      if (nij > 0) mi += nij / n * (std::log(nij) + std::log(n) - std::log(a[i]) - std::log(b[j]));
    }
  mi = std::max(mi, 0.0);
  if (mi == 0.0) return 0.0;
  auto entropy = [n](const std::vector<double>& counts) {
    double h = 0.0;
    for (double x : counts)
      if (x > 0) h -= x / n * (std::log(x) - std::log(n));
    return h;
  };
  const double normaliser = (entropy(a) + entropy(b)) / 2.0;
  return mi / normaliser;
}

// Adjusted Rand index from the pair confusion matrix, as scikit-learn computes it
// (1 when the two labelings pair up points identically).
inline double adjusted_rand_index(std::span<const std::int64_t> pred, std::span<const std::int64_t> truth) {
  detail::require_labels(pred, truth, "adjusted_rand_index");
  const Contingency c = contingency(pred, truth);
  __extension__ using i128 = __int128;
  const std::size_t k = c.clusters.size(), m = c.classes.size();
  std::vector<i128> rows(k, 0), cols(m, 0);
  i128 sum_squares = 0;
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < m; ++j) {
      const i128 x = c.at(i, j);
      rows[i] += x;
      cols[j] += x;
      sum_squares += x * x;
    }
  const i128 n = c.total;
  i128 row_pairs = 0, col_pairs = 0;  // sum over points of their cluster's (class's) size
  for (auto r : rows) row_pairs += r * r;
  for (auto q : cols) col_pairs += q * q;
  const i128 tp = sum_squares - n;
  const i128 fp = row_pairs - sum_squares;  // same cluster, different class
  const i128 fn = col_pairs - sum_squares;  // same class, different cluster
  const i128 tn = n * n - fp - fn - sum_squares;
  if (fn == 0 && fp == 0) return 1.0;
  const long double num = 2.0L * (static_cast<long double>(tp) * static_cast<long double>(tn) -
                                  static_cast<long double>(fn) * static_cast<long double>(fp));
  const long double den = static_cast<long double>(tp + fn) * static_cast<long double>(fn + tn) +
                          static_cast<long double>(tp + fp) * static_cast<long double>(fp + tn);
  return static_cast<double>(num / den);
}

}  // namespace aecluster
