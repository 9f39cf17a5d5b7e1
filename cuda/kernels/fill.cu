// Device fills of 1-, 2-, 4- or 8-byte values (Cuda::fill, cuda::fill).
#include "../context_impl.hpp"
#include "launch.hpp"

#include <aecluster/cuda/memory.hpp>

#include <cstring>

namespace aecluster::cuda {

namespace {
template <class T>
__global__ void fill_kernel(T* out, T value, std::int64_t count) {
  const std::int64_t stride = std::int64_t{gridDim.x} * blockDim.x;
  for (std::int64_t i = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x; i < count; i += stride) out[i] = value;
}

template <class T>
void launch(Context& ctx, void* device, const void* value, std::int64_t count) {
  T v;
  std::memcpy(&v, value, sizeof(T));
  fill_kernel<T><<<kernels::grid_for(count, 4), kernels::block_threads, 0, ctx.impl().stream>>>(static_cast<T*>(device),
                                                                                                v, count);
  AECLUSTER_CHECK_LAUNCH("fill_kernel");
}
}  // namespace

void fill_bytes(Context& ctx, void* device, const void* value, int value_bytes, std::int64_t count) {
  if (count <= 0) return;
  switch (value_bytes) {
    case 1: {
      unsigned char byte;
      std::memcpy(&byte, value, 1);
      AECLUSTER_CHECK(cudaMemsetAsync(device, byte, static_cast<std::size_t>(count), ctx.impl().stream));
      return;
    }
    case 2: launch<std::uint16_t>(ctx, device, value, count); return;
    case 4: launch<std::uint32_t>(ctx, device, value, count); return;
    case 8: launch<std::uint64_t>(ctx, device, value, count); return;
    default: fail("cuda::fill: values of ", value_bytes, " bytes are not supported");
  }
}

}  // namespace aecluster::cuda
