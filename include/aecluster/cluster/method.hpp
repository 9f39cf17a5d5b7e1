#pragma once
// The last stage of the pipeline, the labels, by one of several algorithms on the same points
// (the 2-D t-SNE embedding, or the reduced latents before it):
//   kmeans    MiniBatchKMeans (the assignment's) or Lloyd's KMeans     kmeans.hpp
//   gmm       Gaussian mixture, full covariances, EM                    gaussian_mixture.hpp
//   ward      agglomerative clustering with Ward's linkage             agglomerative.hpp
//   spectral  spectral clustering on the k-nearest-neighbour graph      spectral_clustering.hpp
#include <aecluster/cluster/agglomerative.hpp>
#include <aecluster/cluster/gaussian_mixture.hpp>
#include <aecluster/cluster/kmeans.hpp>
#include <aecluster/cluster/method_options.hpp>
#include <aecluster/cluster/spectral_clustering.hpp>
#include <aecluster/error.hpp>

namespace aecluster {

struct ClusterMethodOptions {
  ClusterMethod method = ClusterMethod::kmeans;
  int clusters = 2;
  std::uint64_t seed = 0;
  // kmeans
  bool minibatch = true;
  MiniBatchKMeansOptions minibatch_kmeans{.lloyd_refinement = 100, .runs = 10};
  KMeansOptions kmeans{};
  // gmm
  int gmm_inits = 5;
  // spectral
  int neighbors = 10;
};

struct ClusterAssignment {
  Tensor<std::int64_t> labels;
  double inertia = 0;  // k-means only (0 otherwise)
};

template <class = void>
ClusterAssignment assign_clusters(const ConstMatrixRef& points, const ClusterMethodOptions& o, ThreadPool& pool) {
  ClusterAssignment a;
  switch (o.method) {
    case ClusterMethod::kmeans: {
      KMeansResult k;
      if (o.minibatch) {
        MiniBatchKMeansOptions m = o.minibatch_kmeans;
        m.clusters = o.clusters;
        m.seed = o.seed;
        k = minibatch_kmeans(points, m, pool);
      } else {
        KMeansOptions l = o.kmeans;
        l.clusters = o.clusters;
        l.seed = o.seed;
        k = kmeans(points, l, pool);
      }
      a.labels = std::move(k.labels);
      a.inertia = k.inertia;
      break;
    }
    case ClusterMethod::gmm:
      a.labels =
          gaussian_mixture(points, {.components = o.clusters, .inits = o.gmm_inits, .seed = o.seed}, pool).labels;
      break;
    case ClusterMethod::ward: a.labels = ward_clustering(points, o.clusters); break;
    case ClusterMethod::spectral:
      a.labels = spectral_clustering(points, {.clusters = o.clusters, .neighbors = o.neighbors, .seed = o.seed}, pool);
      break;
  }
  return a;
}

}  // namespace aecluster
