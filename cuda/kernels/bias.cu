// Bias of a convolution over (n, c, hw) planes: forward adds b[c] to every value of channel c in
// place; backward sums dy per channel, in two fixed-order stages (per chunk of the n*hw values
// of a channel, then over the chunks in order), in double, so the result is deterministic.
#include "../context_impl.hpp"
#include "launch.hpp"

#include <aecluster/cuda/backend.hpp>

namespace aecluster {

namespace {

using cuda::kernels::block_threads;

// grid.y walks the planes (n * c of them), grid.x the values of a plane, four per thread when
// the plane allows 16-byte accesses.
__global__ void bias_forward_kernel(float* y, const float* b, std::int64_t planes, int channels, std::int64_t hw,
                                    bool vec4) {
  for (std::int64_t plane = blockIdx.y; plane < planes; plane += gridDim.y) {
    const float v = b[plane % channels];
    float* p = y + plane * hw;
    const std::int64_t stride = std::int64_t{gridDim.x} * blockDim.x;
    const std::int64_t start = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x;
    if (vec4) {
      auto* p4 = reinterpret_cast<float4*>(p);
      for (std::int64_t i = start; i < hw / 4; i += stride) {
        float4 q = p4[i];
        q.x += v;
        q.y += v;
        q.z += v;
        q.w += v;
        p4[i] = q;
      }
    } else {
      for (std::int64_t i = start; i < hw; i += stride) p[i] += v;
    }
  }
}

// Values per first-stage block: each block sums one chunk of one channel's n*hw values.
constexpr std::int64_t chunk_values = 8192;

__global__ void bias_backward_partial_kernel(const float* dy, int channels, std::int64_t hw, std::int64_t per_channel,
                                             int chunks, double* partial) {
  __shared__ double shared[block_threads];
  const int c = static_cast<int>(blockIdx.y);
  const std::int64_t begin = std::int64_t{blockIdx.x} * chunk_values;
  const std::int64_t end = begin + chunk_values < per_channel ? begin + chunk_values : per_channel;
  double s = 0;
  for (std::int64_t e = begin + threadIdx.x; e < end; e += block_threads) {
    const std::int64_t image = e / hw, pos = e - image * hw;
    s += dy[(image * channels + c) * hw + pos];
  }
  s = cuda::kernels::block_sum(s, shared);
  if (threadIdx.x == 0) partial[std::int64_t{c} * chunks + blockIdx.x] = s;
}

__global__ void bias_backward_final_kernel(const double* partial, int channels, int chunks, float* db) {
  const int c = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (c >= channels) return;
  double s = 0;
  for (int k = 0; k < chunks; ++k) s += partial[std::int64_t{c} * chunks + k];
  db[c] = static_cast<float>(s);
}

}  // namespace

void Cuda::bias_forward(Context& ctx, const PlaneGeometry& p, const float* b, float* y) {
  const std::int64_t planes = std::int64_t{p.n} * p.c;
  if (planes == 0 || p.hw == 0) return;
  const bool vec4 = p.hw % 4 == 0 && reinterpret_cast<std::uintptr_t>(y) % 16 == 0;
  const std::int64_t per_plane = vec4 ? p.hw / 4 : p.hw;
  const unsigned gx =
      static_cast<unsigned>(std::min<std::int64_t>((per_plane + block_threads - 1) / block_threads, 1024));
  const unsigned gy = static_cast<unsigned>(std::min<std::int64_t>(planes, 65535));
  bias_forward_kernel<<<dim3(gx, gy), block_threads, 0, ctx.impl().stream>>>(y, b, planes, p.c, p.hw, vec4);
  AECLUSTER_CHECK_LAUNCH("bias_forward_kernel");
}

void Cuda::bias_backward(Context& ctx, const PlaneGeometry& p, const float* dy, float* db) {
  if (p.c == 0) return;
  require(p.c <= 65535, "cuda: bias_backward supports at most 65535 channels, got ", p.c);
  const std::int64_t per_channel = std::int64_t{p.n} * p.hw;
  if (per_channel == 0) {
    cuda::fill(ctx, db, 0.0f, p.c);
    return;
  }
  const std::int64_t chunks = (per_channel + chunk_values - 1) / chunk_values;
  require(chunks <= (std::int64_t{1} << 30), "cuda: bias_backward: too many values per channel (", per_channel, ")");
  auto& c = ctx.impl();
  auto* partial =
      static_cast<double*>(c.workspace(sizeof(double) * static_cast<std::size_t>(chunks * p.c), "bias_backward"));
  bias_backward_partial_kernel<<<dim3(static_cast<unsigned>(chunks), static_cast<unsigned>(p.c)), block_threads, 0,
                                 c.stream>>>(dy, p.c, p.hw, per_channel, static_cast<int>(chunks), partial);
  AECLUSTER_CHECK_LAUNCH("bias_backward_partial_kernel");
  bias_backward_final_kernel<<<(p.c + block_threads - 1) / block_threads, block_threads, 0, c.stream>>>(
      partial, p.c, static_cast<int>(chunks), db);
  AECLUSTER_CHECK_LAUNCH("bias_backward_final_kernel");
}

}  // namespace aecluster
