#pragma once
// k-means with scikit-learn's semantics: greedy k-means++ seeding (2 + log k local trials),
// Lloyd iterations (KMeans) or the mini-batch variant (MiniBatchKMeans with its defaults:
// batches of 1024, 100 passes' worth of steps, early stop on the smoothed batch inertia,
// reassignment of starved centres), several seedings keeping the lowest inertia.
// Seeded by our own generator: the same seed gives the same labels on any machine and any
// thread count (work is split into fixed blocks and per-block sums are added in order).
// Arithmetic is in double whatever the input precision.
#include <aecluster/cluster/kmeans/options.hpp>
#include <aecluster/cluster/linalg.hpp>
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/random.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <vector>

namespace aecluster {

struct KMeansResult {
  RowMatrixD centers;           // clusters x D
  Tensor<std::int64_t> labels;  // (N,), values in [0, clusters)
  double inertia = 0;           // sum of squared distances to the assigned centre
  int iterations = 0;           // Lloyd iterations, or mini-batch steps
};

namespace kmeans_detail {

inline constexpr Eigen::Index block_rows = 1024;

inline Eigen::Index blocks_of(Eigen::Index n) { return (n + block_rows - 1) / block_rows; }

inline double squared_distance(const ConstMatrixRef& x, Eigen::Index i, const RowMatrixD& centers, Eigen::Index c) {
  double s = 0;
  for (Eigen::Index d = 0; d < x.cols(); ++d) {
    const double t = static_cast<double>(x(i, d)) - centers(c, d);
    s += t * t;
  }
  return s;
}

// Nearest centre of every listed row (all rows when `rows` is empty); ties go to the lower
// index. Returns the inertia, summed per fixed block and then over blocks in order.
inline double assign(ThreadPool& pool, const ConstMatrixRef& x, std::span<const Eigen::Index> rows,
                     const RowMatrixD& centers, std::int64_t* labels, double* distances) {
  const Eigen::Index n = rows.empty() ? x.rows() : static_cast<Eigen::Index>(rows.size());
  const Eigen::Index k = centers.rows();
  const Eigen::Index blocks = blocks_of(n);
  std::vector<double> partial(static_cast<std::size_t>(blocks), 0.0);
  pool.run(blocks, [&](std::int64_t b, int) {
    const Eigen::Index e = std::min(n, (b + 1) * block_rows);
    double sum = 0;
    for (Eigen::Index p = b * block_rows; p < e; ++p) {
      const Eigen::Index i = rows.empty() ? p : rows[p];
      double best = std::numeric_limits<double>::infinity();
      Eigen::Index arg = 0;
      for (Eigen::Index c = 0; c < k; ++c) {
        const double d = squared_distance(x, i, centers, c);
        if (d < best) {
          best = d;
          arg = c;
        }
      }
      labels[p] = arg;
      if (distances != nullptr) distances[p] = best;
      sum += best;
    }
    partial[b] = sum;
  });
  return std::accumulate(partial.begin(), partial.end(), 0.0);
}

// Greedy k-means++ (Arthur & Vassilvitskii, with scikit-learn's local trials) on the listed
// rows of x. Returns positions into `rows`.
inline std::vector<Eigen::Index> plus_plus(ThreadPool& pool, const ConstMatrixRef& x,
                                           std::span<const Eigen::Index> rows, int clusters, int local_trials,
                                           Rng& rng) {
  const Eigen::Index n = static_cast<Eigen::Index>(rows.size());
  if (local_trials <= 0) local_trials = 2 + static_cast<int>(std::log(static_cast<double>(clusters)));
  const Eigen::Index blocks = blocks_of(n);
  auto point_distance = [&](Eigen::Index p, Eigen::Index q) {
    double s = 0;
    for (Eigen::Index d = 0; d < x.cols(); ++d) {
      const double t = static_cast<double>(x(rows[p], d)) - static_cast<double>(x(rows[q], d));
      s += t * t;
    }
    return s;
  };
  std::vector<Eigen::Index> chosen;
  chosen.push_back(static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(n))));
  std::vector<double> closest(static_cast<std::size_t>(n));
  pool.run(blocks, [&](std::int64_t b, int) {
    for (Eigen::Index p = b * block_rows, e = std::min(n, (b + 1) * block_rows); p < e; ++p)
      closest[p] = point_distance(p, chosen[0]);
  });
  std::vector<double> cumulative(static_cast<std::size_t>(n));
  std::vector<double> trial_distance(static_cast<std::size_t>(n) * local_trials);
  std::vector<double> partial(static_cast<std::size_t>(blocks) * local_trials);
  for (int c = 1; c < clusters; ++c) {
    double running = 0;  // a sequential prefix sum: the same on every thread count
    for (Eigen::Index p = 0; p < n; ++p) cumulative[p] = running += closest[p];
    std::vector<Eigen::Index> candidates(static_cast<std::size_t>(local_trials));
    for (auto& cand : candidates) {
      const double r = rng.uniform() * running;
      const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), r);
      cand = std::min<Eigen::Index>(n - 1, it - cumulative.begin());
    }
    pool.run(blocks, [&](std::int64_t b, int) {
      for (int t = 0; t < local_trials; ++t) {
        double sum = 0;
        for (Eigen::Index p = b * block_rows, e = std::min(n, (b + 1) * block_rows); p < e; ++p) {
          const double d = std::min(closest[p], point_distance(p, candidates[t]));
          trial_distance[static_cast<std::size_t>(t) * n + p] = d;
          sum += d;
        }
        partial[static_cast<std::size_t>(b) * local_trials + t] = sum;
      }
    });
    int best = 0;
    double best_pot = std::numeric_limits<double>::infinity();
    for (int t = 0; t < local_trials; ++t) {
      double pot = 0;
      for (Eigen::Index b = 0; b < blocks; ++b) pot += partial[static_cast<std::size_t>(b) * local_trials + t];
      if (pot < best_pot) {
        best_pot = pot;
        best = t;
      }
    }
    std::copy_n(trial_distance.begin() + static_cast<std::ptrdiff_t>(best) * n, n, closest.begin());
    chosen.push_back(candidates[best]);
  }
  return chosen;
}

inline RowMatrixD rows_of(const ConstMatrixRef& x, std::span<const Eigen::Index> rows,
                          std::span<const Eigen::Index> pick) {
  RowMatrixD c(static_cast<Eigen::Index>(pick.size()), x.cols());
  for (std::size_t j = 0; j < pick.size(); ++j)
    c.row(static_cast<Eigen::Index>(j)) = x.row(rows[pick[j]]).cast<double>();
  return c;
}

inline void check_input(ThreadPool& pool, const ConstMatrixRef& x, int clusters, const char* what) {
  require(clusters >= 1, what, ": the number of clusters must be at least 1, got ", clusters);
  require(x.cols() > 0, what, ": the points have zero dimensions (shape (", x.rows(), ", 0))");
  require(x.rows() >= clusters, what, ": ", x.rows(), " points cannot form ", clusters,
          " clusters (need at least as many points as clusters)");
  linalg::require_finite(pool, x, what);
}

// One Lloyd run from the given centres.
inline KMeansResult lloyd(ThreadPool& pool, const ConstMatrixRef& x, RowMatrixD centers, int max_iterations,
                          double tol) {
  const Eigen::Index n = x.rows(), d = x.cols(), k = centers.rows();
  const Eigen::Index blocks = blocks_of(n);
  KMeansResult r;
  r.labels = Tensor<std::int64_t>(Shape{n});
  std::vector<std::int64_t> previous(static_cast<std::size_t>(n), -1);
  std::vector<double> distances(static_cast<std::size_t>(n));
  std::vector<RowMatrixD> sums(static_cast<std::size_t>(blocks));
  std::vector<std::vector<std::int64_t>> counts(static_cast<std::size_t>(blocks));
  bool strict = false;
  int it = 0;
  for (; it < max_iterations; ++it) {
    assign(pool, x, {}, centers, r.labels.data(), distances.data());
    pool.run(blocks, [&](std::int64_t b, int) {
      sums[b] = RowMatrixD::Zero(k, d);
      counts[b].assign(static_cast<std::size_t>(k), 0);
      for (Eigen::Index i = b * block_rows, e = std::min(n, (b + 1) * block_rows); i < e; ++i) {
        sums[b].row(r.labels[i]) += x.row(i).cast<double>();
        ++counts[b][r.labels[i]];
      }
    });
    RowMatrixD next = RowMatrixD::Zero(k, d);
    std::vector<std::int64_t> count(static_cast<std::size_t>(k), 0);
    for (Eigen::Index b = 0; b < blocks; ++b) {
      next += sums[b];
      for (Eigen::Index c = 0; c < k; ++c) count[c] += counts[b][c];
    }
    // An empty cluster takes the point farthest from its centre (scikit-learn's relocation).
    std::vector<Eigen::Index> empty;
    for (Eigen::Index c = 0; c < k; ++c)
      if (count[c] == 0) empty.push_back(c);
    if (!empty.empty()) {
      std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
      std::iota(order.begin(), order.end(), 0);
      std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(empty.size()), order.end(),
                        [&](Eigen::Index a, Eigen::Index b) {
                          return distances[a] > distances[b] || (distances[a] == distances[b] && a < b);
                        });
      for (std::size_t e = 0; e < empty.size(); ++e) {
        const Eigen::Index i = order[e];
        const Eigen::Index from = r.labels[i];
        next.row(from) -= x.row(i).cast<double>();
        --count[from];
        next.row(empty[e]) = x.row(i).cast<double>();
        count[empty[e]] = 1;
      }
    }
    for (Eigen::Index c = 0; c < k; ++c)
      if (count[c] > 0) next.row(c) /= static_cast<double>(count[c]);
    const bool same = std::equal(previous.begin(), previous.end(), r.labels.data());
    std::copy_n(r.labels.data(), n, previous.begin());
    const double shift = (next - centers).squaredNorm();
    centers = std::move(next);
    if (same) {
      strict = true;
      ++it;
      break;
    }
    if (shift <= tol) {
      ++it;
      break;
    }
  }
  r.iterations = it;
  (void)strict;
  r.inertia = assign(pool, x, {}, centers, r.labels.data(), nullptr);
  r.centers = std::move(centers);
  return r;
}

// Per-feature variance mean, the scale scikit-learn's tolerance is relative to.
inline double mean_variance(ThreadPool& pool, const ConstMatrixRef& x) {
  const Eigen::RowVectorXd mean = linalg::column_means(pool, x);
  const Eigen::Index n = x.rows();
  const Eigen::Index blocks = blocks_of(n);
  std::vector<double> partial(static_cast<std::size_t>(blocks), 0.0);
  pool.run(blocks, [&](std::int64_t b, int) {
    double s = 0;
    for (Eigen::Index i = b * block_rows, e = std::min(n, (b + 1) * block_rows); i < e; ++i)
      s += (x.row(i).cast<double>() - mean).squaredNorm();
    partial[b] = s;
  });
  return std::accumulate(partial.begin(), partial.end(), 0.0) / static_cast<double>(n) / static_cast<double>(x.cols());
}

}  // namespace kmeans_detail

// Greedy k-means++ seeding on all of x: returns the chosen row indices.
inline std::vector<Eigen::Index> kmeans_plus_plus(const ConstMatrixRef& x, int clusters, std::uint64_t seed,
                                                  ThreadPool& pool, int local_trials = 0) {
  kmeans_detail::check_input(pool, x, clusters, "kmeans_plus_plus");
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(x.rows()));
  std::iota(rows.begin(), rows.end(), 0);
  Rng rng(seed);
  auto pos = kmeans_detail::plus_plus(pool, x, rows, clusters, local_trials, rng);
  return pos;
}

// Labels of x under fixed centres (nearest centre, ties to the lower index) and the inertia.
inline KMeansResult kmeans_predict(const ConstMatrixRef& x, const RowMatrixD& centers, ThreadPool& pool) {
  require(centers.rows() > 0 && centers.cols() == x.cols(), "kmeans_predict: centres are ", centers.rows(), "x",
          centers.cols(), " but points have ", x.cols(), " dimensions");
  linalg::require_finite(pool, x, "kmeans_predict");
  KMeansResult r;
  r.labels = Tensor<std::int64_t>(Shape{x.rows()});
  r.inertia = kmeans_detail::assign(pool, x, {}, centers, r.labels.data(), nullptr);
  r.centers = centers;
  return r;
}

// Lloyd's k-means from `restarts` k-means++ seedings; keeps the lowest inertia.
inline KMeansResult kmeans(const ConstMatrixRef& x, const KMeansOptions& o, ThreadPool& pool) {
  kmeans_detail::check_input(pool, x, o.clusters, "kmeans");
  require(o.restarts >= 1, "kmeans: restarts must be at least 1, got ", o.restarts);
  require(o.max_iterations >= 1, "kmeans: max_iterations must be at least 1, got ", o.max_iterations);
  const double tol = o.tolerance * kmeans_detail::mean_variance(pool, x);
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(x.rows()));
  std::iota(rows.begin(), rows.end(), 0);
  Rng rng(o.seed);
  KMeansResult best;
  for (int run = 0; run < o.restarts; ++run) {
    Rng run_rng = rng.split(static_cast<std::uint64_t>(run));
    const auto seeds = kmeans_detail::plus_plus(pool, x, rows, o.clusters, o.local_trials, run_rng);
    KMeansResult r = kmeans_detail::lloyd(pool, x, kmeans_detail::rows_of(x, rows, seeds), o.max_iterations, tol);
    if (run == 0 || r.inertia < best.inertia) best = std::move(r);
  }
  return best;
}

namespace kmeans_detail {

// `count` rows drawn with replacement, as numpy's randint.
inline std::vector<Eigen::Index> sample_rows(Rng& rng, Eigen::Index n, Eigen::Index count) {
  std::vector<Eigen::Index> s(static_cast<std::size_t>(count));
  for (auto& i : s) i = static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(n)));
  return s;
}

// One mini-batch run between steps: the centres, the points each has absorbed (its learning
// rate is 1 / count) and scratch space.
struct MiniBatchState {
  RowMatrixD centers, next;
  std::vector<double> counts;
  std::vector<std::int64_t> labels;  // of the current batch (or validation sample)
  std::int64_t since_reassign = 0;
};

// Seedings on random subsets, the one with the lowest inertia on a validation sample wins.
inline RowMatrixD minibatch_seed(ThreadPool& pool, const ConstMatrixRef& x, const MiniBatchKMeansOptions& o,
                                 Eigen::Index init_size, Rng& rng, std::vector<std::int64_t>& scratch) {
  const Eigen::Index n = x.rows();
  const auto validation = sample_rows(rng, n, init_size);
  RowMatrixD centers;
  double best_inertia = std::numeric_limits<double>::infinity();
  std::vector<Eigen::Index> everything;
  if (init_size >= n) {  // scikit-learn seeds on all the points then, not on a resample
    everything.resize(static_cast<std::size_t>(n));
    std::iota(everything.begin(), everything.end(), 0);
  }
  for (int run = 0; run < o.restarts; ++run) {
    const auto subset = init_size < n ? sample_rows(rng, n, init_size) : everything;
    Rng run_rng = rng.split(static_cast<std::uint64_t>(run));
    const auto seeds = plus_plus(pool, x, subset, o.clusters, o.local_trials, run_rng);
    RowMatrixD c = rows_of(x, subset, seeds);
    const double inertia = assign(pool, x, validation, c, scratch.data(), nullptr);
    if (inertia < best_inertia) {
      best_inertia = inertia;
      centers = std::move(c);
    }
  }
  return centers;
}

// Assigns the batch and moves each centre towards its batch points (into s.next); returns the
// batch's inertia.
inline double minibatch_step(ThreadPool& pool, const ConstMatrixRef& x, std::span<const Eigen::Index> rows,
                             MiniBatchState& s) {
  const Eigen::Index k = s.centers.rows();
  const double inertia = assign(pool, x, rows, s.centers, s.labels.data(), nullptr);
  RowMatrixD sums = RowMatrixD::Zero(k, x.cols());
  std::vector<double> batch_counts(static_cast<std::size_t>(k), 0.0);
  for (std::size_t p = 0; p < rows.size(); ++p) {
    sums.row(s.labels[p]) += x.row(rows[p]).template cast<double>();
    batch_counts[s.labels[p]] += 1;
  }
  for (Eigen::Index c = 0; c < k; ++c) {
    if (batch_counts[c] > 0) {
      s.next.row(c) = s.centers.row(c) * s.counts[c] + sums.row(c);
      s.counts[c] += batch_counts[c];
      s.next.row(c) /= s.counts[c];
    } else {
      s.next.row(c) = s.centers.row(c);
    }
  }
  return inertia;
}

// Centres that absorbed fewer than reassignment_ratio times the most-fed centre's points move
// to distinct random batch points (at most half a batch of them, the starved-most first).
inline void reassign_starved(const ConstMatrixRef& x, std::span<const Eigen::Index> rows, double ratio, Rng& rng,
                             MiniBatchState& s) {
  const Eigen::Index k = s.centers.rows();
  const auto batch = static_cast<Eigen::Index>(rows.size());
  const double most = *std::max_element(s.counts.begin(), s.counts.end());
  std::vector<char> low(static_cast<std::size_t>(k), 0);
  Eigen::Index n_low = 0;
  for (Eigen::Index c = 0; c < k; ++c)
    if (s.counts[c] < ratio * most) {
      low[c] = 1;
      ++n_low;
    }
  if (n_low > batch / 2) {
    std::vector<Eigen::Index> order(static_cast<std::size_t>(k));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](Eigen::Index a, Eigen::Index b) { return s.counts[a] < s.counts[b]; });
    for (std::size_t j = static_cast<std::size_t>(batch / 2); j < order.size(); ++j) low[order[j]] = 0;
    n_low = batch / 2;
  }
  if (n_low == 0) return;
  // New centres are distinct batch points drawn uniformly (a partial Fisher-Yates).
  std::vector<Eigen::Index> pick(static_cast<std::size_t>(batch));
  std::iota(pick.begin(), pick.end(), 0);
  Eigen::Index used = 0;
  double min_kept = std::numeric_limits<double>::infinity();
  for (Eigen::Index c = 0; c < k; ++c)
    if (!low[c]) min_kept = std::min(min_kept, s.counts[c]);
  for (Eigen::Index c = 0; c < k; ++c) {
    if (!low[c]) continue;
    const auto j = used + static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(batch - used)));
    std::swap(pick[used], pick[j]);
    s.next.row(c) = x.row(rows[pick[used]]).template cast<double>();
    ++used;
    s.counts[c] = min_kept;
  }
}

// scikit-learn's early stop: no improvement of the exponentially smoothed mean batch inertia
// for max_no_improvement steps (the first step does not count).
class SmoothedInertia {
 public:
  SmoothedInertia(Eigen::Index batch, Eigen::Index n)
      : alpha_(std::min(1.0, static_cast<double>(batch) * 2.0 / static_cast<double>(n + 1))) {}

  void add(double mean_batch_inertia) {
    ewa_ = have_ewa_ ? ewa_ * (1 - alpha_) + mean_batch_inertia * alpha_ : mean_batch_inertia;
    have_ewa_ = true;
  }
  // After add(): whether the smoothed inertia has not improved for `patience` steps (0 = never).
  bool stalled(int patience) {
    if (!have_min_ || ewa_ < ewa_min_) {
      no_improvement_ = 0;
      ewa_min_ = ewa_;
      have_min_ = true;
    } else {
      ++no_improvement_;
    }
    return patience > 0 && no_improvement_ >= patience;
  }

 private:
  double alpha_;
  double ewa_ = 0, ewa_min_ = 0;
  bool have_ewa_ = false, have_min_ = false;
  int no_improvement_ = 0;
};

inline void check_minibatch_options(const MiniBatchKMeansOptions& o) {
  require(o.runs >= 1, "minibatch_kmeans: runs must be at least 1, got ", o.runs);
  require(o.batch_size >= 1, "minibatch_kmeans: batch_size must be at least 1, got ", o.batch_size);
  require(o.restarts >= 1, "minibatch_kmeans: restarts must be at least 1, got ", o.restarts);
  require(o.max_iterations >= 1, "minibatch_kmeans: max_iterations must be at least 1, got ", o.max_iterations);
  require(o.reassignment_ratio >= 0, "minibatch_kmeans: reassignment_ratio must be >= 0, got ", o.reassignment_ratio);
}

// One complete run from `seed`: seeding, mini-batch steps until a stop rule, refinement.
inline KMeansResult minibatch_run(const ConstMatrixRef& x, const MiniBatchKMeansOptions& o, std::uint64_t seed,
                                  ThreadPool& pool) {
  const Eigen::Index n = x.rows(), k = o.clusters;
  const Eigen::Index batch = std::min<Eigen::Index>(o.batch_size, n);
  Eigen::Index init_size = o.init_size > 0 ? o.init_size : 3 * batch;
  if (init_size < k) init_size = 3 * k;
  init_size = std::min(init_size, n);
  Rng rng(seed);
  MiniBatchState s;
  s.labels.resize(static_cast<std::size_t>(std::max(init_size, batch)));
  s.centers = minibatch_seed(pool, x, o, init_size, rng, s.labels);
  s.next.resize(k, x.cols());
  s.counts.assign(static_cast<std::size_t>(k), 0.0);

  SmoothedInertia smoothed(batch, n);
  const std::int64_t steps = static_cast<std::int64_t>(o.max_iterations) * n / batch;
  std::int64_t step = 0;
  for (; step < steps; ++step) {
    const auto rows = sample_rows(rng, n, batch);
    s.since_reassign += batch;
    // Decided before this batch feeds the counts, as scikit-learn does.
    const bool reassign =
        std::any_of(s.counts.begin(), s.counts.end(), [](double c) { return c == 0; }) || s.since_reassign >= 10 * k;
    if (reassign) s.since_reassign = 0;
    const double batch_inertia = minibatch_step(pool, x, rows, s);
    if (reassign && o.reassignment_ratio > 0) reassign_starved(x, rows, o.reassignment_ratio, rng, s);
    const double shift = o.tolerance > 0 ? (s.next - s.centers).squaredNorm() : 0.0;
    std::swap(s.centers, s.next);
    if (step == 0) continue;
    smoothed.add(batch_inertia / static_cast<double>(batch));
    if ((o.tolerance > 0 && shift <= o.tolerance) || smoothed.stalled(o.max_no_improvement)) {
      ++step;
      break;
    }
  }
  KMeansResult r;
  if (o.lloyd_refinement > 0) {
    r = lloyd(pool, x, std::move(s.centers), o.lloyd_refinement, 0.0);
    r.iterations += static_cast<int>(step);
    return r;
  }
  r.labels = Tensor<std::int64_t>(Shape{n});
  r.inertia = assign(pool, x, {}, s.centers, r.labels.data(), nullptr);
  r.centers = std::move(s.centers);
  r.iterations = static_cast<int>(step);
  return r;
}

}  // namespace kmeans_detail

// MiniBatchKMeans as scikit-learn 1.2 runs it (see MiniBatchKMeansOptions): `runs` complete
// runs from seeds split off o.seed (o.seed itself for one run), the lowest inertia wins.
inline KMeansResult minibatch_kmeans(const ConstMatrixRef& x, const MiniBatchKMeansOptions& o, ThreadPool& pool) {
  kmeans_detail::check_input(pool, x, o.clusters, "minibatch_kmeans");
  kmeans_detail::check_minibatch_options(o);
  if (o.runs == 1) return kmeans_detail::minibatch_run(x, o, o.seed, pool);
  KMeansResult best;
  const Rng seeds(o.seed);
  for (int run = 0; run < o.runs; ++run) {
    KMeansResult r = kmeans_detail::minibatch_run(x, o, seeds.split(static_cast<std::uint64_t>(run)).next_u64(), pool);
    if (run == 0 || r.inertia < best.inertia) best = std::move(r);
  }
  return best;
}

// Tensor overloads: (N, D) float arrays.
inline KMeansResult kmeans(const Tensor<float>& x, const KMeansOptions& o, ThreadPool& pool) {
  return kmeans(linalg::as_matrix(x, "kmeans"), o, pool);
}
inline KMeansResult minibatch_kmeans(const Tensor<float>& x, const MiniBatchKMeansOptions& o, ThreadPool& pool) {
  return minibatch_kmeans(linalg::as_matrix(x, "minibatch_kmeans"), o, pool);
}

}  // namespace aecluster
