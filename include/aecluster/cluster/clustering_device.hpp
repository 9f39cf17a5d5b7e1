#pragma once
// A device for the clustering stages' heaviest dense step, set for the current thread by whoever
// runs the pipeline on a GPU (vgg7_cluster run --device cuda); the stages ask clustering_device()
// and fall back to their CPU code when none is set. Today one step goes through it: Kernel PCA's
// exact RBF kernel matrix (N^2 d products: 8500^2 x 4096 / 2 = 1.5e11 multiply-adds for the
// assignment), which cuda/clustering_device.hpp computes with cuBLAS (cuda/rbf_kernel.hpp).
// The t-SNE gradient and the k-means assignment stay on the CPU: cuda/README.md says why.
#include <cstdint>
#include <functional>
#include <string>

namespace aecluster {

struct ClusteringDevice {
  std::string name;
  // K_ij = exp(-gamma * max(0, |x_i|^2 + |x_j|^2 - 2 x_i.x_j)) of x (n, d) row-major float, into
  // out (n, n) row-major double: exactly symmetric, 1 on the diagonal (kernel_pca.hpp's rules).
  std::function<void(const float* x, std::int64_t n, std::int64_t d, double gamma, double* out)> rbf_symmetric;
};

namespace detail {
inline const ClusteringDevice*& current_clustering_device() {
  thread_local const ClusteringDevice* device = nullptr;
  return device;
}
}  // namespace detail

// The device set on this thread, or null.
inline const ClusteringDevice* clustering_device() { return detail::current_clustering_device(); }

// Sets `device` for this thread while it lives (it must outlive the scope).
class ScopedClusteringDevice {
 public:
  explicit ScopedClusteringDevice(const ClusteringDevice& device) : previous_(detail::current_clustering_device()) {
    detail::current_clustering_device() = &device;
  }
  ~ScopedClusteringDevice() { detail::current_clustering_device() = previous_; }
  ScopedClusteringDevice(const ScopedClusteringDevice&) = delete;
  ScopedClusteringDevice& operator=(const ScopedClusteringDevice&) = delete;

 private:
  const ClusteringDevice* previous_;
};

}  // namespace aecluster
