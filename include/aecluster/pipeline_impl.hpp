#pragma once
// The definitions of pipeline.hpp's functions: included by pipeline.hpp itself, inline, in the
// header-only mode (the default); compiled once, in src/clustering.cpp, for the
// aecluster::clustering library (AECLUSTER_COMPILED_CLUSTERING). See pipeline.hpp.
#include <aecluster/cluster/kernel_pca.hpp>
#include <aecluster/cluster/kmeans.hpp>
#include <aecluster/cluster/linalg.hpp>
#include <aecluster/cluster/method.hpp>
#include <aecluster/cluster/pca.hpp>
#include <aecluster/cluster/tsne.hpp>
#include <aecluster/error.hpp>
#include <aecluster/pipeline.hpp>

#include <algorithm>
#include <chrono>
#include <utility>

#ifdef AECLUSTER_COMPILED_CLUSTERING
#define AECLUSTER_PIPELINE_FUNCTION
#else
#define AECLUSTER_PIPELINE_FUNCTION inline
#endif

namespace aecluster {

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

// 1. The reduction: latents (N, D) -> (N, min(N, components)) by Kernel PCA or PCA, or unchanged.
inline Tensor<float> reduce(const ConstMatrixRef& latents, const ClusterConfig& config, ThreadPool& pool,
                            const Progress& progress, ClusterResult& result) {
  result.nystroem = false;
  if (config.reduction == Reduction::none) return linalg::to_tensor(latents);
  if (config.reduction == Reduction::pca) {
    PcaOptions p;
    p.components =
        static_cast<int>(std::min<Eigen::Index>({config.kernel_pca.components, latents.rows(), latents.cols()}));
    p.whiten = config.pca_whiten;
    p.seed = config.seed;
    return Pca(p).fit_transform(latents, pool);
  }
  KernelPcaOptions options = config.kernel_pca;
  options.seed = config.seed;
  KernelPca kpca(options);
  Tensor<float> features = kpca.fit_transform(latents, pool, progress);
  result.nystroem = kpca.nystroem();
  return features;
}

// 2. t-SNE: (N, components) -> the 2-D embedding.
inline void embed(const Tensor<float>& features, const ClusterConfig& config, ThreadPool& pool,
                  const Progress& progress, ClusterResult& result) {
  TsneOptions options = config.tsne;
  options.seed = config.seed;
  TsneResult t = tsne_embed(features, options, pool, progress);
  result.embedding = std::move(t.embedding);
  result.kl_divergence = t.kl_divergence;
}

// 3. The labels, by the chosen algorithm on the embedding or on the reduced latents.
inline void label(const Tensor<float>& features, const ClusterConfig& config, ThreadPool& pool, ClusterResult& result) {
  ClusterMethodOptions m;
  m.method = config.method;
  m.clusters = config.clusters;
  m.seed = config.seed;
  m.minibatch = config.minibatch;
  m.minibatch_kmeans = config.minibatch_kmeans;
  m.kmeans = config.kmeans;
  m.gmm_inits = config.gmm_inits;
  m.neighbors = config.spectral_neighbors;
  const auto& points = config.space == ClusterSpace::embedding ? result.embedding : features;
  ClusterAssignment a = assign_clusters(linalg::as_matrix(points, "cluster points"), m, pool);
  result.labels = std::move(a.labels);
  result.inertia = a.inertia;
}
}  // namespace pipeline_detail

AECLUSTER_PIPELINE_FUNCTION ClusterResult cluster(const ConstMatrixRef& latents, const ClusterConfig& config,
                                                  ThreadPool& pool, const Progress& progress) {
  pipeline_detail::validate(latents, config, pool);
  ClusterResult result;
  Tensor<float> features;
  const char* reduction = config.reduction == Reduction::kpca  ? "kernel_pca"
                          : config.reduction == Reduction::pca ? "pca"
                                                               : "no_reduction";
  result.timings.push_back({reduction, pipeline_detail::seconds_of([&] {
                              features = pipeline_detail::reduce(latents, config, pool, progress, result);
                            })});
  result.timings.push_back(
      {"tsne", pipeline_detail::seconds_of([&] { pipeline_detail::embed(features, config, pool, progress, result); })});
  result.timings.push_back({cluster_method_name(config.method), pipeline_detail::seconds_of([&] {
                              pipeline_detail::label(features, config, pool, result);
                            })});
  return result;
}

AECLUSTER_PIPELINE_FUNCTION ClusterResult cluster(const Tensor<float>& latents, const ClusterConfig& config,
                                                  const Progress& progress) {
  ThreadPool pool(config.threads);
  return cluster(linalg::as_matrix(latents, "cluster input"), config, pool, progress);
}

}  // namespace aecluster
