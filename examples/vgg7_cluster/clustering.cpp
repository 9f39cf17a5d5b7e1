#include "clustering.hpp"

#include <aecluster/pipeline.hpp>

namespace vgg7 {

ClusterOutcome cluster_latents(const aecluster::Tensor<float>& latents, const ClusterRequest& request,
                               aecluster::ThreadPool& pool, const aecluster::Progress& progress) {
  aecluster::ClusterConfig config;
  config.clusters = request.clusters;
  config.kpca_components = request.kpca_components;
  config.kpca_landmarks = request.kpca_landmarks;
  config.tsne.perplexity = request.perplexity;
  config.tsne.iterations = request.tsne_iterations;
  config.minibatch = request.minibatch;
  config.seed = request.seed;
  auto r = aecluster::cluster(aecluster::linalg::as_matrix(latents, "latents"), config, pool, progress);
  ClusterOutcome out;
  out.labels = std::move(r.labels);
  out.embedding = std::move(r.embedding);
  out.kl_divergence = r.kl_divergence;
  out.nystroem = r.nystroem;
  for (const auto& t : r.timings) out.timings.emplace_back(t.stage, t.seconds);
  return out;
}

}  // namespace vgg7
