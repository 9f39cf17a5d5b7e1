#pragma once
// The k-means assignment step on the device: the nearest centre of every point, with the
// distances summed in double in the CPU's order and without fused multiply-adds, so labels and
// distances equal kmeans.hpp's to the bit (ties go to the lower index), and the inertia summed
// per block of 1024 points and then over blocks in order, as the CPU sums it.
#include <aecluster/cuda/context.hpp>

#include <cstdint>

namespace aecluster::cuda {

// x (n, d) row-major float, centers (k, d) row-major double, labels (n) and distances (n,
// may be null) device memory. Returns the inertia (sum of the distances), waiting for the device.
double kmeans_assign(Context& ctx, const float* x, std::int64_t n, std::int64_t d, const double* centers, int k,
                     std::int64_t* labels, double* distances);

}  // namespace aecluster::cuda
