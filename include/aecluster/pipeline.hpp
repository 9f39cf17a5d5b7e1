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
//
// How it compiles, the library's one pattern for code that is slow to compile (as fmt does):
// header-only by default, this header then including the definitions (pipeline_impl.hpp),
// inline, with Kernel PCA, t-SNE and k-means; a program that links the CMake target
// aecluster::clustering (which defines AECLUSTER_COMPILED_CLUSTERING) sees only the
// declarations below, and the definitions are compiled once, in that library.
#include <aecluster/cluster/config.hpp>
#include <aecluster/cluster/matrix.hpp>
#include <aecluster/cluster/result.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/progress.hpp>
#include <aecluster/tensor.hpp>

namespace aecluster {

// Kernel PCA -> t-SNE -> k-means of the rows of `latents` (N, D) on `pool` (config.threads is
// not used).
ClusterResult cluster(const ConstMatrixRef& latents, const ClusterConfig& config, ThreadPool& pool,
                      const Progress& progress = {});
// The same on a pool of config.threads threads.
ClusterResult cluster(const Tensor<float>& latents, const ClusterConfig& config, const Progress& progress = {});

}  // namespace aecluster

#ifndef AECLUSTER_COMPILED_CLUSTERING
#include <aecluster/pipeline_impl.hpp>
#endif
