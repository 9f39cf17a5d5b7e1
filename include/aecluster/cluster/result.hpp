#pragma once
// What the clustering pipeline (pipeline.hpp) returns; light to include.
#include <aecluster/tensor.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace aecluster {

struct StageTime {
  std::string stage;
  double seconds = 0;
};

struct ClusterResult {
  Tensor<std::int64_t> labels;     // (N,), in [0, clusters)
  Tensor<float> embedding;         // (N, 2), the t-SNE map
  double kl_divergence = 0;        // of the embedding
  double inertia = 0;              // of the k-means labels in the embedding
  bool nystroem = false;           // whether Kernel PCA used the Nystroem approximation
  std::vector<StageTime> timings;  // "kernel_pca", "tsne", "kmeans", in order
};

}  // namespace aecluster
