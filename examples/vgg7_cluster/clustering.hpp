#pragma once
// The clustering stage (aecluster/pipeline.hpp) for the subcommands, compiled once in
// clustering.cpp: its headers are the slowest of the project to compile, so this header keeps
// them out of every other file of the program (it needs only the pipeline's interface types).
#include <aecluster/cluster_config.hpp>
#include <aecluster/cluster_result.hpp>
#include <aecluster/parallel.hpp>
#include <aecluster/progress.hpp>
#include <aecluster/tensor.hpp>

namespace vgg7 {

// Kernel PCA -> t-SNE -> k-means of latents (N, D); config.threads is ignored (the pool decides).
aecluster::ClusterResult cluster_latents(const aecluster::Tensor<float>& latents, const aecluster::ClusterConfig& config,
                                         aecluster::ThreadPool& pool, const aecluster::Progress& progress);

}  // namespace vgg7
