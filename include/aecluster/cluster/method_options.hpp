#pragma once
// The choices of the clustering pipeline beyond the assignment's (light to include): the
// reduction before t-SNE, the algorithm that draws the clusters, and the space it works in.
#include <aecluster/error.hpp>

#include <string>
#include <string_view>

namespace aecluster {

// Before t-SNE: Kernel PCA (rbf; the assignment's), linear PCA, or the latents as they are.
enum class Reduction { kpca, pca, none };
// The labels: k-means (kmeans.hpp), Gaussian mixture (gaussian_mixture.hpp), Ward's agglomerative
// clustering (agglomerative.hpp) or spectral clustering on the kNN graph (spectral_clustering.hpp).
enum class ClusterMethod { kmeans, gmm, ward, spectral };
// What they cluster: the 2-D t-SNE embedding (the assignment's) or the reduced latents before it.
enum class ClusterSpace { embedding, reduced };

inline Reduction reduction_from(std::string_view name) {
  if (name == "kpca") return Reduction::kpca;
  if (name == "pca") return Reduction::pca;
  if (name == "none") return Reduction::none;
  fail("reduction: expected kpca, pca or none, got '", name, "'");
}
inline ClusterMethod cluster_method_from(std::string_view name) {
  if (name == "kmeans") return ClusterMethod::kmeans;
  if (name == "gmm") return ClusterMethod::gmm;
  if (name == "ward") return ClusterMethod::ward;
  if (name == "spectral") return ClusterMethod::spectral;
  fail("clustering method: expected kmeans, gmm, ward or spectral, got '", name, "'");
}
inline std::string cluster_method_name(ClusterMethod m) {
  switch (m) {
    case ClusterMethod::kmeans: return "kmeans";
    case ClusterMethod::gmm: return "gmm";
    case ClusterMethod::ward: return "ward";
    case ClusterMethod::spectral: return "spectral";
  }
  return "?";
}
inline ClusterSpace cluster_space_from(std::string_view name) {
  if (name == "embedding") return ClusterSpace::embedding;
  if (name == "reduced") return ClusterSpace::reduced;
  fail("clustering space: expected embedding or reduced, got '", name, "'");
}

}  // namespace aecluster
