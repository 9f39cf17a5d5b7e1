#pragma once
// The CUDA backend as the clustering stages' device (clustering_device.hpp): Kernel PCA's RBF
// kernel matrix with cuBLAS (rbf_kernel.hpp), uploaded and downloaded per call.
#include <aecluster/cluster/clustering_device.hpp>
#include <aecluster/cuda/backend.hpp>
#include <aecluster/cuda/device_buffer.hpp>
#include <aecluster/cuda/rbf_kernel.hpp>

namespace aecluster::cuda {

inline ClusteringDevice clustering_device(Context& ctx) {
  ClusteringDevice d;
  d.name = "cuda";
  d.rbf_symmetric = [&ctx](const float* x, std::int64_t n, std::int64_t dim, double gamma, double* out) {
    DeviceBuffer<float> dx(n * dim);
    DeviceBuffer<double> dk(n * n);
    Cuda::upload(ctx, x, dx.data(), n * dim);
    rbf_kernel_symmetric(ctx, dx.data(), n, dim, gamma, dk.data());
    Cuda::download(ctx, dk.data(), out, n * n);
  };
  return d;
}

}  // namespace aecluster::cuda
