#include "context_impl.hpp"

#include <aecluster/cuda/device_buffer.hpp>
#include <aecluster/cuda/memory.hpp>

namespace aecluster::cuda {

namespace detail {

void* device_allocate(std::size_t bytes) {
  if (bytes == 0) return nullptr;
  void* p = nullptr;
  const cudaError_t status = cudaMalloc(&p, bytes);
  if (status != cudaSuccess) {
    cudaGetLastError();
    std::size_t free = 0, total = 0;
    cudaMemGetInfo(&free, &total);
    cudaGetLastError();
    fail("cudaMalloc of ", bytes, " bytes failed: ", cudaGetErrorName(status), ": ", cudaGetErrorString(status), " (",
         free, " of ", total, " bytes free)");
  }
  return p;
}

void device_free(void* p) noexcept {
  if (p) cudaFree(p);
}

void* pinned_allocate(std::size_t bytes) {
  if (bytes == 0) return nullptr;
  void* p = nullptr;
  AECLUSTER_CHECK(cudaHostAlloc(&p, bytes, cudaHostAllocPortable));
  return p;
}

void pinned_free(void* p) noexcept {
  if (p) cudaFreeHost(p);
}

}  // namespace detail

void copy_to_device(Context& ctx, void* device, const void* host, std::size_t bytes) {
  if (bytes == 0) return;
  auto& c = ctx.impl();
  c.require_not_capturing("copy_to_device (upload)");
  AECLUSTER_CHECK(cudaMemcpyAsync(device, host, bytes, cudaMemcpyHostToDevice, c.stream));
  AECLUSTER_CHECK(cudaStreamSynchronize(c.stream));
}

void copy_to_host(Context& ctx, void* host, const void* device, std::size_t bytes) {
  if (bytes == 0) return;
  auto& c = ctx.impl();
  c.require_not_capturing("copy_to_host (download)");
  AECLUSTER_CHECK(cudaMemcpyAsync(host, device, bytes, cudaMemcpyDeviceToHost, c.stream));
  AECLUSTER_CHECK(cudaStreamSynchronize(c.stream));
}

void copy_to_device_async(Context& ctx, void* device, const void* pinned_host, std::size_t bytes) {
  if (bytes == 0) return;
  AECLUSTER_CHECK(cudaMemcpyAsync(device, pinned_host, bytes, cudaMemcpyHostToDevice, ctx.impl().stream));
}

void copy_to_host_async(Context& ctx, void* pinned_host, const void* device, std::size_t bytes) {
  if (bytes == 0) return;
  AECLUSTER_CHECK(cudaMemcpyAsync(pinned_host, device, bytes, cudaMemcpyDeviceToHost, ctx.impl().stream));
}

void copy_on_device(Context& ctx, void* dst, const void* src, std::size_t bytes) {
  if (bytes == 0) return;
  AECLUSTER_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, ctx.impl().stream));
}

}  // namespace aecluster::cuda
