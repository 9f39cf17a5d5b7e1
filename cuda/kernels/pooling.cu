// 2x2 max pooling with stride 2 and its backward pass, with the CPU backend's semantics
// (cpu/pooling.hpp, PyTorch's rule): in each window (row-major: top-left, top-right,
// bottom-left, bottom-right) a value is taken when it is greater or NaN, so the first maximum
// wins and the last NaN propagates; the argmax is the index within the plane. cuDNN's pooling keeps no argmax, may
// break ties differently and its max backward is not deterministic, hence these kernels.
#include "../context_impl.hpp"
#include "launch.hpp"

#include <aecluster/cuda/backend.hpp>

namespace aecluster {

namespace {

__global__ void max_pool_forward_kernel(const float* x, float* y, std::int32_t* argmax, std::int64_t outputs, int h,
                                        int w) {
  const int oh = h / 2, ow = w / 2;
  const std::int64_t per_plane = std::int64_t{oh} * ow;
  const std::int64_t stride = std::int64_t{gridDim.x} * blockDim.x;
  for (std::int64_t o = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x; o < outputs; o += stride) {
    const std::int64_t plane = o / per_plane;
    const int r = static_cast<int>(o - plane * per_plane);
    const int oy = r / ow, ox = r - oy * ow;
    const float* xp = x + plane * h * w;
    const int base = 2 * oy * w + 2 * ox;
    const int cand[4] = {base, base + 1, base + w, base + w + 1};
    int best = cand[0];
    float v = xp[best];
    // PyTorch's rule, as the CPU backend applies it: take a value if it is greater or NaN.
#pragma unroll
    for (int j = 1; j < 4; ++j) {
      const float u = xp[cand[j]];
      if (u > v || isnan(u)) {
        v = u;
        best = cand[j];
      }
    }
    y[o] = v;
    argmax[o] = best;
  }
}

// One thread per input value: a value receives the gradient of its window when it is the
// window's argmax, else 0 (windows do not overlap; odd trailing rows and columns get 0).
__global__ void max_pool_backward_kernel(const float* dy, const std::int32_t* argmax, float* dx, std::int64_t inputs,
                                         int h, int w) {
  const int oh = h / 2, ow = w / 2;
  const std::int64_t per_plane = std::int64_t{h} * w;
  const std::int64_t stride = std::int64_t{gridDim.x} * blockDim.x;
  for (std::int64_t i = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x; i < inputs; i += stride) {
    const std::int64_t plane = i / per_plane;
    const int r = static_cast<int>(i - plane * per_plane);
    const int iy = r / w, ix = r - iy * w;
    const int oy = iy / 2, ox = ix / 2;
    float g = 0.0f;
    if (oy < oh && ox < ow) {
      const std::int64_t o = plane * oh * ow + std::int64_t{oy} * ow + ox;
      // 0 + dy, as the CPU's zero-then-accumulate computes it (so a -0 gradient becomes +0 alike).
      if (argmax[o] == r) g = 0.0f + dy[o];
    }
    dx[i] = g;
  }
}

}  // namespace

void Cuda::max_pool2x2_forward(Context& ctx, const PoolGeometry& g, const float* x, float* y, std::int32_t* argmax) {
  const std::int64_t outputs = g.out_size();
  if (outputs == 0) return;
  require(std::int64_t{g.h} * g.w <= INT32_MAX, "cuda: max pooling planes must have fewer than 2^31 values");
  max_pool_forward_kernel<<<cuda::kernels::grid_for(outputs), cuda::kernels::block_threads, 0, ctx.impl().stream>>>(
      x, y, argmax, outputs, g.h, g.w);
  AECLUSTER_CHECK_LAUNCH("max_pool_forward_kernel");
}

void Cuda::max_pool2x2_backward(Context& ctx, const PoolGeometry& g, const float* dy, const std::int32_t* argmax,
                                float* dx) {
  const std::int64_t inputs = g.in_size();
  if (inputs == 0) return;
  max_pool_backward_kernel<<<cuda::kernels::grid_for(inputs), cuda::kernels::block_threads, 0, ctx.impl().stream>>>(
      dy, argmax, dx, inputs, g.h, g.w);
  AECLUSTER_CHECK_LAUNCH("max_pool_backward_kernel");
}

}  // namespace aecluster
