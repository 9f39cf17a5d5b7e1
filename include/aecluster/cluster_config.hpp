#pragma once
// The settings of the clustering pipeline (pipeline.hpp), defaults the assignment's; light to
// include, for programs that configure the pipeline in one file and run it in another.
#include <aecluster/tsne/options.hpp>

#include <cstdint>

namespace aecluster {

struct ClusterConfig {
  // Kernel PCA
  int kpca_components = 200;        // at most N, as scikit-learn clamps it
  double kpca_gamma = 0;            // <= 0: 1 / n_features
  int kpca_landmarks = -1;          // -1: exact up to kpca_exact_max_points points, Nystroem with
                                    //     2000 landmarks beyond; 0: always exact; > 0: Nystroem
  int kpca_exact_max_points = 25000;  // the exact kernel takes 4 N^2 bytes (2.5 GB at 25,000)
  bool kpca_double_precision = false;
  // t-SNE (perplexity 30, early exaggeration 12, learning rate 'auto', 1000 iterations,
  // PCA initialisation, theta 0.5)
  TsneOptions tsne{};
  // k-means
  int clusters = 2;
  bool minibatch = true;            // MiniBatchKMeans as the assignment; false: Lloyd (KMeans)
  // Beyond scikit-learn's MiniBatchKMeans (set both to 0 and 1 for exactly it): Lloyd iterations
  // after the mini-batch steps, which only lower the inertia, and several whole runs, keeping
  // the lowest inertia. On a 2-D embedding both cost milliseconds.
  int kmeans_refinement = 100;
  int kmeans_runs = 10;
  // both the random choices of every stage and the thread count
  std::uint64_t seed = 0;
  int threads = 0;                  // 0 = the hardware's
};

}  // namespace aecluster
