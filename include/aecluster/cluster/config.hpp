#pragma once
// The settings of the clustering pipeline (pipeline.hpp): each stage's own options, defaults the
// assignment's; light to include, for programs that configure the pipeline in one file and run
// it in another.
#include <aecluster/cluster/kernel_pca/options.hpp>
#include <aecluster/cluster/kmeans/options.hpp>
#include <aecluster/cluster/method_options.hpp>
#include <aecluster/cluster/tsne/options.hpp>

#include <cstdint>

namespace aecluster {

struct ClusterConfig {
  // The pipeline's own settings; they override the stages' `clusters` and `seed`.
  int clusters = 2;
  std::uint64_t seed = 0;  // the random choices of every stage
  int threads = 0;         // 0 = the hardware's

  // The reduction before t-SNE: Kernel PCA (the assignment's), PCA (kernel_pca.components
  // components, optionally whitened) or none.
  Reduction reduction = Reduction::kpca;
  bool pca_whiten = false;
  // Kernel PCA: 200 components, rbf with gamma 1 / n_features, the exact kernel up to 25,000
  // points and the Nystroem approximation beyond (KernelPcaOptions::landmarks).
  KernelPcaOptions kernel_pca{};
  // t-SNE: perplexity 30, early exaggeration 12, learning rate 'auto', 1000 iterations, PCA
  // initialisation, theta 0.5.
  TsneOptions tsne{};
  // k-means on the embedding: MiniBatchKMeans as the assignment, or Lloyd's KMeans.
  bool minibatch = true;
  // Beyond scikit-learn's MiniBatchKMeans (set lloyd_refinement 0 and runs 1 for exactly it):
  // Lloyd iterations after the mini-batch steps, which only lower the inertia, and several whole
  // runs, keeping the lowest inertia. On a 2-D embedding both cost milliseconds.
  MiniBatchKMeansOptions minibatch_kmeans{.lloyd_refinement = 100, .runs = 10};
  KMeansOptions kmeans{};  // when minibatch is false
  // The labels: the algorithm and the points it clusters (the t-SNE embedding, or the reduced
  // latents, in which case t-SNE still runs for the figures).
  ClusterMethod method = ClusterMethod::kmeans;
  ClusterSpace space = ClusterSpace::embedding;
  int gmm_inits = 5;            // Gaussian mixture: k-means initialisations, the most likely fit wins
  int spectral_neighbors = 10;  // spectral: neighbours in the kNN graph (itself included)
};

}  // namespace aecluster
