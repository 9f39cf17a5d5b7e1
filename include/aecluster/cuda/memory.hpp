#pragma once
// Copies between host and device memory and device fills, all issued on the context's stream.
// The synchronous forms return once the copy has completed (so the host memory may be reused
// or read); the asynchronous forms need page-locked host memory (PinnedBuffer) that stays
// valid until the stream has run them, and are what a CUDA graph records.
#include <aecluster/cuda/context.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace aecluster::cuda {

void copy_to_device(Context& ctx, void* device, const void* host, std::size_t bytes);
void copy_to_host(Context& ctx, void* host, const void* device, std::size_t bytes);
void copy_to_device_async(Context& ctx, void* device, const void* pinned_host, std::size_t bytes);
void copy_to_host_async(Context& ctx, void* pinned_host, const void* device, std::size_t bytes);
void copy_on_device(Context& ctx, void* dst, const void* src, std::size_t bytes);

// Writes `count` copies of a value of 1, 2, 4 or 8 bytes (asynchronous).
void fill_bytes(Context& ctx, void* device, const void* value, int value_bytes, std::int64_t count);

template <class T>
void fill(Context& ctx, T* device, T value, std::int64_t count) {
  static_assert(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8,
                "cuda::fill: unsupported value size");
  fill_bytes(ctx, device, &value, static_cast<int>(sizeof(T)), count);
}

}  // namespace aecluster::cuda
