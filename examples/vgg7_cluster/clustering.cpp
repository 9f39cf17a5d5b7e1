#include "clustering.hpp"

#include <aecluster/pipeline.hpp>

namespace vgg7 {

aecluster::ClusterResult cluster_latents(const aecluster::Tensor<float>& latents, const aecluster::ClusterConfig& config,
                                         aecluster::ThreadPool& pool, const aecluster::Progress& progress) {
  return aecluster::cluster(aecluster::linalg::as_matrix(latents, "latents"), config, pool, progress);
}

}  // namespace vgg7
