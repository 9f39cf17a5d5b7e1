#include "cluster_options.hpp"

#include "report/format.hpp"

#include <aecluster/error.hpp>

namespace vgg7 {

void add_cluster_options(CLI::App* cmd, ClusterChoice& c) {
  cmd->add_option("--reduction", c.reduction, "Before t-SNE: kpca (rbf Kernel PCA, the assignment's), pca or none")
      ->check(CLI::IsMember({"kpca", "pca", "none"}))
      ->capture_default_str();
  cmd->add_option("--kpca-components", c.components, "Components of the reduction (Kernel PCA or PCA)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--kpca-gamma", c.gamma, "Kernel PCA's rbf gamma (0 = 1 / n_features, the assignment's)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option(
         "--landmarks", c.landmarks,
         "Kernel PCA landmarks: -1 = exact up to 25,000 points then Nystroem with 2,000; 0 = exact; >0 = Nystroem")
      ->capture_default_str()
      ->check(CLI::Range(-1, 1 << 30));
  cmd->add_option("--perplexity", c.perplexity, "t-SNE perplexity (must be less than N)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--tsne-iterations", c.tsne_iterations, "t-SNE iterations (250 of them with early exaggeration)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--exaggeration", c.exaggeration,
                  "t-SNE's exaggeration after the early phase (1 = classic t-SNE; above 1: tighter, further apart "
                  "clusters)")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 100.0));
  cmd->add_option("--cluster-method", c.method,
                  "The clustering algorithm: kmeans (the assignment's MiniBatchKMeans), gmm (Gaussian mixture, full "
                  "covariances), ward (agglomerative) or spectral (on the kNN graph)")
      ->check(CLI::IsMember({"kmeans", "gmm", "ward", "spectral"}))
      ->capture_default_str();
  cmd->add_option("--cluster-space", c.space,
                  "What is clustered: embedding (t-SNE's 2-D) or reduced (the latents after the reduction)")
      ->check(CLI::IsMember({"embedding", "reduced"}))
      ->capture_default_str();
  cmd->add_flag("--lloyd", c.lloyd, "kmeans: full-batch k-means (KMeans) instead of MiniBatchKMeans");
  cmd->add_option("--gmm-inits", c.gmm_inits, "gmm: k-means initialisations, the most likely fit wins")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--neighbors", c.neighbors, "spectral: neighbours per point in the kNN graph")
      ->check(CLI::Range(2, 1 << 20))
      ->capture_default_str();
}

aecluster::ClusterConfig cluster_config(const ClusterChoice& c, int clusters, std::uint64_t seed) {
  aecluster::ClusterConfig config;
  config.clusters = clusters;
  config.seed = seed;
  config.reduction = aecluster::reduction_from(c.reduction);
  config.kernel_pca.components = c.components;
  config.kernel_pca.gamma = c.gamma;
  config.kernel_pca.landmarks = c.landmarks;
  config.tsne.perplexity = c.perplexity;
  config.tsne.iterations = c.tsne_iterations;
  config.tsne.exaggeration = c.exaggeration;
  config.method = aecluster::cluster_method_from(c.method);
  config.space = aecluster::cluster_space_from(c.space);
  config.minibatch = !c.lloyd;
  config.gmm_inits = c.gmm_inits;
  config.spectral_neighbors = c.neighbors;
  return config;
}

std::string describe(const ClusterChoice& c) {
  std::string r = c.reduction == "kpca" ? "Kernel PCA (rbf, " + std::to_string(c.components) + " components" +
                                              (c.gamma > 0 ? ", gamma " + report::format_fixed(c.gamma, 6) : "") + ")"
                  : c.reduction == "pca" ? "PCA (" + std::to_string(c.components) + " components)"
                                         : "no reduction";
  const std::string tsne = "t-SNE (perplexity " + report::format_fixed(c.perplexity, 0) +
                           (c.exaggeration != 1 ? ", exaggeration " + report::format_fixed(c.exaggeration, 1) : "") +
                           ")";
  const std::string method = c.method == "kmeans" ? (c.lloyd ? "k-means" : "MiniBatchKMeans")
                             : c.method == "gmm"  ? "Gaussian mixture"
                             : c.method == "ward"
                                 ? "Ward agglomerative clustering"
                                 : "spectral clustering (" + std::to_string(c.neighbors) + "-NN graph)";
  return c.space == "embedding" ? r + " -> " + tsne + " -> " + method
                                : r + " -> " + method + " (t-SNE for the figures)";
}

}  // namespace vgg7
