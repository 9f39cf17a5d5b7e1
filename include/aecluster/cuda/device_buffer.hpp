#pragma once
// Owning device memory (plain cudaMalloc, never managed memory) and page-locked host memory,
// both grow-only like aecluster::Tensor: resize() to a smaller or equal count never reallocates,
// so buffers sized by a warm-up step are reused by every later step (and by CUDA graphs, which
// hold raw pointers). Contents are undefined after a resize that grows.
#include <aecluster/error.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace aecluster::cuda {

namespace detail {
// cudaMalloc / cudaFree on the current device; allocation failures throw Error with the size.
void* device_allocate(std::size_t bytes);
void device_free(void* p) noexcept;
// cudaHostAlloc (portable, page-locked) / cudaFreeHost.
void* pinned_allocate(std::size_t bytes);
void pinned_free(void* p) noexcept;

template <class T, void* (*Allocate)(std::size_t), void (*Free)(void*) noexcept>
class GrowOnly {
  static_assert(std::is_trivially_copyable_v<T>, "device buffers hold trivially copyable values");

 public:
  GrowOnly() = default;
  explicit GrowOnly(std::int64_t count) { resize(count); }
  GrowOnly(const GrowOnly&) = delete;
  GrowOnly& operator=(const GrowOnly&) = delete;
  GrowOnly(GrowOnly&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)),
        size_(std::exchange(o.size_, 0)),
        capacity_(std::exchange(o.capacity_, 0)) {}
  GrowOnly& operator=(GrowOnly&& o) noexcept {
    if (this != &o) {
      Free(data_);
      data_ = std::exchange(o.data_, nullptr);
      size_ = std::exchange(o.size_, 0);
      capacity_ = std::exchange(o.capacity_, 0);
    }
    return *this;
  }
  ~GrowOnly() { Free(data_); }

  void resize(std::int64_t count) {
    require(count >= 0, "cuda buffer: negative element count ", count);
    if (count > capacity_) {
      // Free first: the old contents are not kept, and the peak stays at the new size.
      Free(data_);
      data_ = nullptr;
      capacity_ = 0;
      data_ = static_cast<T*>(Allocate(static_cast<std::size_t>(count) * sizeof(T)));
      capacity_ = count;
    }
    size_ = count;
  }
  [[nodiscard]] T* data() { return data_; }
  [[nodiscard]] const T* data() const { return data_; }
  [[nodiscard]] std::int64_t size() const { return size_; }
  [[nodiscard]] std::int64_t capacity() const { return capacity_; }
  [[nodiscard]] std::size_t bytes() const { return static_cast<std::size_t>(size_) * sizeof(T); }

 private:
  T* data_ = nullptr;
  std::int64_t size_ = 0;
  std::int64_t capacity_ = 0;
};
}  // namespace detail

// Device memory: the CUDA backend's Buffer.
template <class T>
using DeviceBuffer = detail::GrowOnly<T, detail::device_allocate, detail::device_free>;

// Page-locked host memory: the source or target of asynchronous copies and of the copies a CUDA
// graph replays (a graph reads such memory when it runs, not when it was captured).
template <class T>
using PinnedBuffer = detail::GrowOnly<T, detail::pinned_allocate, detail::pinned_free>;

}  // namespace aecluster::cuda
