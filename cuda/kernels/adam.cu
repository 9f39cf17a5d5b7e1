// Adam over all parameters in one pass, with PyTorch's semantics as the CPU backend implements
// them (cpu/adam.hpp). Every operation is written with an explicitly rounded intrinsic in the
// CPU's order, so that the compiler cannot fuse a multiply and an add: the update then equals
// the CPU's to the last bit (both use IEEE division and square root). The scalars come by value
// in eager mode, and from device memory in a captured graph (graph.hpp), which refreshes them on
// every replay.
#include "../context_impl.hpp"
#include "launch.hpp"

#include <aecluster/cuda/backend.hpp>

namespace aecluster {

namespace {

using cuda::detail::AdamScalars;

__device__ inline void adam_update(float& p, float g, float& m, float& v, const AdamScalars& s) {
  if (s.weight_decay != 0.0f) g = __fadd_rn(g, __fmul_rn(s.weight_decay, p));
  m = __fadd_rn(__fmul_rn(m, s.beta1), __fmul_rn(__fsub_rn(1.0f, s.beta1), g));
  v = __fadd_rn(__fmul_rn(v, s.beta2), __fmul_rn(__fmul_rn(__fsub_rn(1.0f, s.beta2), g), g));
  const float denom = __fadd_rn(__fdiv_rn(__fsqrt_rn(v), s.bc2_sqrt), s.eps);
  p = __fsub_rn(p, __fmul_rn(s.step_size, __fdiv_rn(m, denom)));
}

__global__ void adam_kernel(float* params, const float* grads, float* m, float* v, std::int64_t count,
                            AdamScalars by_value, const AdamScalars* from_device, bool vec4) {
  const AdamScalars s = from_device ? *from_device : by_value;
  const std::int64_t stride = std::int64_t{gridDim.x} * blockDim.x;
  const std::int64_t start = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x;
  std::int64_t tail = 0;
  if (vec4) {
    auto* p4 = reinterpret_cast<float4*>(params);
    const auto* g4 = reinterpret_cast<const float4*>(grads);
    auto* m4 = reinterpret_cast<float4*>(m);
    auto* v4 = reinterpret_cast<float4*>(v);
    for (std::int64_t i = start; i < count / 4; i += stride) {
      float4 p = p4[i], mm = m4[i], vv = v4[i];
      const float4 g = g4[i];
      adam_update(p.x, g.x, mm.x, vv.x, s);
      adam_update(p.y, g.y, mm.y, vv.y, s);
      adam_update(p.z, g.z, mm.z, vv.z, s);
      adam_update(p.w, g.w, mm.w, vv.w, s);
      p4[i] = p;
      m4[i] = mm;
      v4[i] = vv;
    }
    tail = count / 4 * 4;
  }
  for (std::int64_t i = tail + start; i < count; i += stride) adam_update(params[i], grads[i], m[i], v[i], s);
}

bool aligned16(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 16 == 0; }

}  // namespace

void Cuda::adam_step(Context& ctx, const AdamSettings& a, std::int64_t step, float* params, const float* grads,
                     float* m, float* v, std::int64_t count) {
  if (count <= 0) return;
  auto& c = ctx.impl();
  const AdamScalars scalars = cuda::detail::adam_scalars(a, step);
  const AdamScalars* from_device = nullptr;
  if (c.capturing) {
    // The graph copies the page-locked scalars (set_captured_adam_step) to the device first,
    // unless the captured work fills the device slot itself (cuda::EpochState).
    if (!c.adam_scalars_from_device)
      AECLUSTER_CHECK(
          cudaMemcpyAsync(c.adam_device, c.adam_host, sizeof(AdamScalars), cudaMemcpyHostToDevice, c.stream));
    from_device = c.adam_device;
  }
  const bool vec4 = aligned16(params) && aligned16(grads) && aligned16(m) && aligned16(v);
  adam_kernel<<<cuda::kernels::grid_for(vec4 ? count / 4 + 1 : count), cuda::kernels::block_threads, 0, c.stream>>>(
      params, grads, m, v, count, scalars, from_device, vec4);
  AECLUSTER_CHECK_LAUNCH("adam_kernel");
}

}  // namespace aecluster
