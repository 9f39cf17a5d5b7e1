#pragma once
// The clustering stage of the assignment in one call, reading top to bottom as the data flows:
//
//   latents (N, D) --Kernel PCA (rbf, 200 components)--> (N, 200)
//                  --t-SNE (2-D, perplexity 30, ...)--> embedding (N, 2)
//                  --MiniBatchKMeans (K clusters)-----> labels (N,)
//
// ClusterConfig's defaults are the assignment's: KernelPCA(n_components=200, kernel='rbf',
// gamma=1/n_features), TSNE(n_components=2) with scikit-learn's defaults, and
// MiniBatchKMeans(n_clusters=2, random_state=0). Unlike the course's code every stage is
// seeded, so the same seed gives the same labels and embedding on any thread count.
// Each stage is also available on its own (kernel_pca.hpp, tsne.hpp, kmeans.hpp).
#include <aecluster/error.hpp>
#include <aecluster/kernel_pca.hpp>
#include <aecluster/kmeans.hpp>
#include <aecluster/linalg.hpp>
#include <aecluster/metrics.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/pca.hpp>
#include <aecluster/progress.hpp>
#include <aecluster/tensor.hpp>
#include <aecluster/tsne.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

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

struct StageTime {
  std::string stage;
  double seconds = 0;
};

struct ClusterResult {
  Tensor<std::int64_t> labels;      // (N,), in [0, clusters)
  Tensor<float> embedding;          // (N, 2), the t-SNE map
  double kl_divergence = 0;         // of the embedding
  double inertia = 0;               // of the k-means labels in the embedding
  bool nystroem = false;            // whether Kernel PCA used the Nystroem approximation
  std::vector<StageTime> timings;   // "kernel_pca", "tsne", "kmeans", in order
};

namespace pipeline_detail {
// Everything the three stages would refuse, checked before any of them starts.
inline void validate(const ConstMatrixRef& latents, const ClusterConfig& c, ThreadPool& pool) {
  const Eigen::Index n = latents.rows();
  require(n > 0, "cluster: the input has no points (shape (0, ", latents.cols(), "))");
  require(latents.cols() > 0, "cluster: the points have zero dimensions (shape (", n, ", 0))");
  require(c.clusters >= 1, "cluster: the number of clusters must be at least 1, got ", c.clusters);
  require(n >= c.clusters, "cluster: ", n, " points cannot form ", c.clusters,
          " clusters (need at least as many points as clusters)");
  require(n >= 2, "cluster: needs at least 2 points, got ", n);
  require(c.tsne.perplexity > 0 && c.tsne.perplexity < static_cast<double>(n), "cluster: perplexity (",
          c.tsne.perplexity, ") must be positive and less than the number of points (", n, ")");
  require(c.kpca_components >= 1, "cluster: kpca_components must be at least 1, got ", c.kpca_components);
  linalg::require_finite(pool, latents, "cluster input");
}

template <class F>
double seconds_of(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace pipeline_detail

inline ClusterResult cluster(const ConstMatrixRef& latents, const ClusterConfig& config, ThreadPool& pool,
                             const Progress& progress = {}) {
  pipeline_detail::validate(latents, config, pool);
  const Eigen::Index n = latents.rows();
  ClusterResult result;

  // 1. Kernel PCA: latents (N, D) -> (N, min(N, 200)).
  KernelPcaOptions kpca;
  kpca.components = static_cast<int>(std::min<Eigen::Index>(config.kpca_components, n));
  kpca.gamma = config.kpca_gamma;
  kpca.double_precision = config.kpca_double_precision;
  kpca.seed = config.seed;
  kpca.landmarks = config.kpca_landmarks >= 0 ? config.kpca_landmarks
                   : n > config.kpca_exact_max_points ? 2000
                                                       : 0;
  if (kpca.landmarks > 0) kpca.landmarks = std::max(kpca.landmarks, kpca.components);
  result.nystroem = kpca.landmarks > 0;
  Tensor<float> features;
  result.timings.push_back({"kernel_pca", pipeline_detail::seconds_of([&] {
                              features = KernelPca(kpca).fit_transform(latents, pool, progress);
                            })});

  // 2. t-SNE: (N, 200) -> the 2-D embedding.
  TsneOptions tsne = config.tsne;
  tsne.seed = config.seed;
  result.timings.push_back({"tsne", pipeline_detail::seconds_of([&] {
                              TsneResult t = tsne_embed(features, tsne, pool, progress);
                              result.embedding = std::move(t.embedding);
                              result.kl_divergence = t.kl_divergence;
                            })});

  // 3. k-means on the embedding: the labels.
  result.timings.push_back({"kmeans", pipeline_detail::seconds_of([&] {
                              const auto e = linalg::as_matrix(result.embedding, "cluster embedding");
                              KMeansResult k;
                              if (config.minibatch) {
                                MiniBatchKMeansOptions m;
                                m.clusters = config.clusters;
                                m.seed = config.seed;
                                m.lloyd_refinement = config.kmeans_refinement;
                                m.runs = config.kmeans_runs;
                                k = minibatch_kmeans(e, m, pool);
                              } else {
                                KMeansOptions l;
                                l.clusters = config.clusters;
                                l.seed = config.seed;
                                k = kmeans(e, l, pool);
                              }
                              result.labels = std::move(k.labels);
                              result.inertia = k.inertia;
                            })});
  return result;
}

// Creates the thread pool from config.threads.
inline ClusterResult cluster(const Tensor<float>& latents, const ClusterConfig& config, const Progress& progress = {}) {
  ThreadPool pool(config.threads);
  return cluster(linalg::as_matrix(latents, "cluster input"), config, pool, progress);
}

}  // namespace aecluster
