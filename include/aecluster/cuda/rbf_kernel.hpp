#pragma once
// The RBF kernel matrix of Kernel PCA on the device, as kernel_pca.hpp computes it on the host:
//   K_ij = exp(-gamma * max(0, |a_i|^2 + |b_j|^2 - 2 a_i.b_j))
// with the products a_i.b_j from cuBLAS in FP32 (TF32 only when the context allows it) and the
// squared norms and the epilogue in double (our kernels, cuda/kernels/rbf_kernel.cu).
#include <aecluster/cuda/context.hpp>

#include <cstdint>

namespace aecluster::cuda {

// a (na, d) and b (nb, d) row-major float, device memory; out (na, nb) row-major double.
// Asynchronous; uses the context's workspace for the norms and the products.
void rbf_kernel(Context& ctx, const float* a, std::int64_t na, const float* b, std::int64_t nb, std::int64_t d,
                double gamma, double* out);

// The symmetric training kernel of x (n, d): one triangle of products (cuBLAS syrk) mirrored,
// so the result is exactly symmetric, with an exact 1 on the diagonal (as scikit-learn sets
// self-distances to 0).
void rbf_kernel_symmetric(Context& ctx, const float* x, std::int64_t n, std::int64_t d, double gamma, double* out);

// Squared row norms in double: norms[i] = sum_k double(x[i, k])^2 (asynchronous).
void row_squared_norms(Context& ctx, const float* x, std::int64_t n, std::int64_t d, double* norms);

}  // namespace aecluster::cuda
