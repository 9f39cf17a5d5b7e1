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
#include <aecluster/cluster_config.hpp>
#include <aecluster/cluster_result.hpp>
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

// The functions here are templates (`template <class = void>`) only so that a file including
// this header without calling them does not instantiate the Eigen code inside: that cost
// seconds of compile time per including file.
namespace aecluster {

namespace pipeline_detail {
// Everything the three stages would refuse, checked before any of them starts.
template <class = void>
void validate(const ConstMatrixRef& latents, const ClusterConfig& c, ThreadPool& pool) {
  const Eigen::Index n = latents.rows();
  require(n > 0, "cluster: the input has no points (shape (0, ", latents.cols(), "))");
  require(latents.cols() > 0, "cluster: the points have zero dimensions (shape (", n, ", 0))");
  require(c.clusters >= 1, "cluster: the number of clusters must be at least 1, got ", c.clusters);
  require(n >= c.clusters, "cluster: ", n, " points cannot form ", c.clusters,
          " clusters (need at least as many points as clusters)");
  require(n >= 2, "cluster: needs at least 2 points, got ", n);
  require(c.tsne.perplexity > 0 && c.tsne.perplexity < static_cast<double>(n), "cluster: perplexity (",
          c.tsne.perplexity, ") must be positive and less than the number of points (", n, ")");
  require(c.kernel_pca.components >= 1, "cluster: kernel_pca.components must be at least 1, got ",
          c.kernel_pca.components);
  linalg::require_finite(pool, latents, "cluster input");
}

template <class F>
double seconds_of(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// 1. Kernel PCA: latents (N, D) -> (N, min(N, components)).
template <class = void>
Tensor<float> reduce(const ConstMatrixRef& latents, const ClusterConfig& config, ThreadPool& pool,
                     const Progress& progress, ClusterResult& result) {
  KernelPcaOptions options = config.kernel_pca;
  options.seed = config.seed;
  KernelPca kpca(options);
  Tensor<float> features = kpca.fit_transform(latents, pool, progress);
  result.nystroem = kpca.nystroem();
  return features;
}

// 2. t-SNE: (N, components) -> the 2-D embedding.
template <class = void>
void embed(const Tensor<float>& features, const ClusterConfig& config, ThreadPool& pool, const Progress& progress,
           ClusterResult& result) {
  TsneOptions options = config.tsne;
  options.seed = config.seed;
  TsneResult t = tsne_embed(features, options, pool, progress);
  result.embedding = std::move(t.embedding);
  result.kl_divergence = t.kl_divergence;
}

// 3. k-means on the embedding: the labels.
template <class = void>
void label(const ClusterConfig& config, ThreadPool& pool, ClusterResult& result) {
  const auto e = linalg::as_matrix(result.embedding, "cluster embedding");
  KMeansResult k;
  if (config.minibatch) {
    MiniBatchKMeansOptions options = config.minibatch_kmeans;
    options.clusters = config.clusters;
    options.seed = config.seed;
    k = minibatch_kmeans(e, options, pool);
  } else {
    KMeansOptions options = config.kmeans;
    options.clusters = config.clusters;
    options.seed = config.seed;
    k = kmeans(e, options, pool);
  }
  result.labels = std::move(k.labels);
  result.inertia = k.inertia;
}
}  // namespace pipeline_detail

template <class = void>
ClusterResult cluster(const ConstMatrixRef& latents, const ClusterConfig& config, ThreadPool& pool,
                      const Progress& progress = {}) {
  pipeline_detail::validate(latents, config, pool);
  ClusterResult result;
  Tensor<float> features;
  result.timings.push_back({"kernel_pca", pipeline_detail::seconds_of([&] {
                              features = pipeline_detail::reduce(latents, config, pool, progress, result);
                            })});
  result.timings.push_back(
      {"tsne", pipeline_detail::seconds_of([&] { pipeline_detail::embed(features, config, pool, progress, result); })});
  result.timings.push_back({"kmeans", pipeline_detail::seconds_of([&] { pipeline_detail::label(config, pool, result); })});
  return result;
}

// Creates the thread pool from config.threads.
template <class = void>
ClusterResult cluster(const Tensor<float>& latents, const ClusterConfig& config, const Progress& progress = {}) {
  ThreadPool pool(config.threads);
  return cluster(linalg::as_matrix(latents, "cluster input"), config, pool, progress);
}

}  // namespace aecluster
