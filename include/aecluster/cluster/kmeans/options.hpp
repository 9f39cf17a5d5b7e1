#pragma once
// k-means's settings (kmeans.hpp), in a header of their own so that code which only configures
// the pipeline does not compile k-means itself.
#include <cstdint>

namespace aecluster {

struct KMeansOptions {
  int clusters = 8;
  int restarts = 10;  // scikit-learn's n_init for KMeans (1.2)
  int max_iterations = 300;
  double tolerance = 1e-4;  // relative to the mean per-feature variance, as scikit-learn
  int local_trials = 0;     // k-means++ candidates per centre; 0 = 2 + floor(log(clusters))
  std::uint64_t seed = 0;
};

struct MiniBatchKMeansOptions {
  int clusters = 8;
  int batch_size = 1024;
  int max_iterations = 100;  // passes over the data; steps = max_iterations * N / batch_size
  int restarts = 3;          // seedings tried on a validation sample (n_init, 1.2's default)
  int init_size = 0;         // points the seeding sees; 0 = 3 * batch_size (at least 3 * clusters)
  double reassignment_ratio = 0.01;
  int max_no_improvement = 10;  // 0 disables the early stop on the smoothed inertia
  double tolerance = 0.0;       // stop when centres move less than this (0 = off, the default)
  int local_trials = 0;
  // After the mini-batch steps, up to this many Lloyd iterations on all the points (0 = off,
  // scikit-learn's behaviour). Each one can only lower the inertia, and on a 2-D embedding of
  // thousands of points they cost microseconds.
  int lloyd_refinement = 0;
  // Complete runs (seeding, steps, refinement) from seeds split off `seed`; the lowest inertia
  // wins (1 = scikit-learn's single run).
  int runs = 1;
  std::uint64_t seed = 0;
};

}  // namespace aecluster
