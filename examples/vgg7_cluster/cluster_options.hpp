#pragma once
// The clustering stage's settings as `cluster` and `run` take them on the command line (the
// same options, so a lever tried on saved latents with `cluster` is one flag away in `run`),
// and their translation into the library's ClusterConfig.
#include <aecluster/cluster/config.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace vgg7 {

struct ClusterChoice {
  std::string reduction = "kpca";  // before t-SNE: kpca (rbf) | pca | none
  int components = 200;            // of the reduction
  double gamma = 0;                // kpca: rbf gamma; <= 0: 1 / n_features
  int landmarks = -1;              // kpca: -1 = exact up to 25,000 points, Nystroem beyond; 0 = exact; > 0 = Nystroem
  double perplexity = 30;
  int tsne_iterations = 1000;
  double exaggeration = 1;          // t-SNE's after the early phase
  std::string method = "kmeans";    // kmeans | gmm | ward | spectral
  std::string space = "embedding";  // the points clustered: embedding (t-SNE, 2-D) | reduced (before t-SNE)
  bool lloyd = false;               // kmeans: full-batch KMeans instead of MiniBatchKMeans
  int gmm_inits = 5;
  int neighbors = 10;  // spectral: the kNN graph's neighbours
};

// Adds --reduction, --kpca-components, --kpca-gamma, --landmarks, --perplexity,
// --tsne-iterations, --exaggeration, --cluster-method, --cluster-space, --lloyd, --gmm-inits, --neighbors.
void add_cluster_options(CLI::App* cmd, ClusterChoice& choice);

// The library's settings for these choices; checks them (aecluster::Error on a bad value).
aecluster::ClusterConfig cluster_config(const ClusterChoice& choice, int clusters, std::uint64_t seed);

// One line for reports, e.g. "Kernel PCA (rbf, 200) -> t-SNE (perplexity 30) -> k-means".
std::string describe(const ClusterChoice& choice);

}  // namespace vgg7
