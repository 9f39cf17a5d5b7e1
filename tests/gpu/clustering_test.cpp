// The clustering stages on the GPU (clustering_device.hpp): Kernel PCA with its kernel matrix
// from cuBLAS against Kernel PCA on the CPU.
#include "gpu_test_util.hpp"

#include <aecluster/cluster/kernel_pca.hpp>
#include <aecluster/cuda/clustering_device.hpp>

using namespace aecluster;
using namespace gpu_test;

TEST_SUITE("gpu") {
  TEST_CASE("Kernel PCA with the kernel matrix on the GPU matches the CPU's") {
    auto& ctx = shared_context();
    Rng rng(93);
    // Three well separated blobs in 40 dimensions: the leading eigenvalues are far apart, so the
    // leading components are well conditioned and comparable across the two kernels (which
    // differ by FP32 rounding of their products, up to 1e-5).
    const std::int64_t n = 600, d = 40;
    Tensor<float> x({n, d});
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t k = 0; k < d; ++k)
        x[i * d + k] = static_cast<float>(rng.normal() * 0.3 + (k % 3 == i % 3 ? 2.0 : 0.0));
    ThreadPool pool(2);
    const KernelPcaOptions o{.components = 4, .solver = KernelPcaSolver::dense};
    KernelPca cpu_pca(o), gpu_pca(o);
    const auto want = cpu_pca.fit_transform(x, pool);
    const auto device = cuda::clustering_device(ctx);
    Tensor<float> got;
    {
      ScopedClusteringDevice scope(device);
      CHECK(clustering_device() == &device);
      got = gpu_pca.fit_transform(x, pool);
    }
    CHECK(clustering_device() == nullptr);
    const auto& lw = cpu_pca.eigenvalues();
    const auto& lg = gpu_pca.eigenvalues();
    REQUIRE(lw.size() == lg.size());
    for (Eigen::Index k = 0; k < lw.size(); ++k) CHECK(std::abs(lg[k] - lw[k]) <= 1e-4 * lw[0]);
    // Component by component, up to its sign (an eigenvector's sign is arbitrary).
    for (std::int64_t c = 0; c < 2; ++c) {
      std::vector<float> a(static_cast<std::size_t>(n)), b(a.size());
      double dot = 0;
      for (std::int64_t i = 0; i < n; ++i) {
        a[static_cast<std::size_t>(i)] = got[i * got.dim(1) + c];
        b[static_cast<std::size_t>(i)] = want[i * want.dim(1) + c];
        dot += double(a[static_cast<std::size_t>(i)]) * b[static_cast<std::size_t>(i)];
      }
      if (dot < 0)
        for (auto& v : a) v = -v;
      check_close(a, b, "component " + std::to_string(c), 1e-3);
    }
  }

}  // TEST_SUITE
