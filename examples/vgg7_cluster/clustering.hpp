#pragma once
// The clustering stage (aecluster/pipeline.hpp) for the subcommands, compiled once in
// clustering.cpp: its headers are the slowest of the project to compile, so this header keeps
// them out of every other file of the program.
#include <aecluster/parallel.hpp>
#include <aecluster/progress.hpp>
#include <aecluster/tensor.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace vgg7 {

// The settings of aecluster::ClusterConfig the program exposes; defaults are the assignment's.
struct ClusterRequest {
  int clusters = 2;
  int kpca_components = 200;
  int kpca_landmarks = -1;  // -1: exact Kernel PCA up to 25,000 points, Nystroem beyond
  double perplexity = 30;
  int tsne_iterations = 1000;
  bool minibatch = true;  // MiniBatchKMeans as the assignment; false: Lloyd
  std::uint64_t seed = 0;
};

struct ClusterOutcome {
  aecluster::Tensor<std::int64_t> labels;  // (N,)
  aecluster::Tensor<float> embedding;      // (N, 2)
  double kl_divergence = 0;
  bool nystroem = false;
  std::vector<std::pair<std::string, double>> timings;  // stage, seconds
};

// Kernel PCA -> t-SNE -> k-means of latents (N, D).
ClusterOutcome cluster_latents(const aecluster::Tensor<float>& latents, const ClusterRequest& request,
                               aecluster::ThreadPool& pool, const aecluster::Progress& progress);

}  // namespace vgg7
