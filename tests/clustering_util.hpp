#pragma once
// Synthetic data shared by the clustering tests: Gaussian blobs with known labels.
#include <aecluster/cluster/linalg.hpp>
#include <aecluster/random.hpp>

#include <cstdint>
#include <vector>

namespace test {

struct Blobs {
  aecluster::RowMatrixF x;
  std::vector<std::int64_t> labels;
};

// `per_cluster` points around each of `clusters` centres drawn in [-spread, spread]^dims,
// with unit-variance noise scaled by `noise`.
inline Blobs make_blobs(int clusters, int per_cluster, int dims, double spread, double noise, std::uint64_t seed) {
  aecluster::Rng rng(seed);
  aecluster::RowMatrixD centres(clusters, dims);
  for (int c = 0; c < clusters; ++c)
    for (int d = 0; d < dims; ++d) centres(c, d) = rng.uniform(-spread, spread);
  Blobs b;
  b.x.resize(static_cast<Eigen::Index>(clusters) * per_cluster, dims);
  for (int i = 0; i < clusters * per_cluster; ++i) {
    const int c = i % clusters;  // interleaved, so no method can profit from the order
    b.labels.push_back(c);
    for (int d = 0; d < dims; ++d) b.x(i, d) = static_cast<float>(centres(c, d) + noise * rng.normal());
  }
  return b;
}

}  // namespace test
