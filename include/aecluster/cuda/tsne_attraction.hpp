#pragma once
// The attractive part of the t-SNE gradient in 2-D on the device: for every point i,
//   F_i = sum_j P_ij (y_i - y_j) / (1 + |y_i - y_j|^2)
// over the stored entries of row i of the sparse symmetric P (CSR, as tsne/affinities.hpp
// builds it), summed in the row's order (deterministic). The caller scales it by the
// exaggeration and adds the repulsion.
#include <aecluster/cuda/context.hpp>

#include <cstdint>

namespace aecluster::cuda {

// indptr (n + 1), indices and values (indptr[n]), y and forces (n, 2) interleaved: all device
// memory. Asynchronous.
void tsne_attractive_forces(Context& ctx, std::int64_t n, const std::int64_t* indptr, const std::int32_t* indices,
                            const double* values, const double* y, double* forces);

}  // namespace aecluster::cuda
