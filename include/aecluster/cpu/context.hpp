#pragma once
// The CPU backend's state: the thread pool that decides how many threads run, and grow-only
// scratch memory per worker, so that a warmed-up training step does not allocate.
#include <aecluster/parallel.hpp>
#include <aecluster/tensor.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace aecluster::cpu {

class Context {
 public:
  explicit Context(int threads = 0) : pool_(threads), scratch_(static_cast<std::size_t>(pool_.size()) * slots) {}

  [[nodiscard]] ThreadPool& pool() { return pool_; }
  [[nodiscard]] int threads() const { return pool_.size(); }

  // Scratch buffer `slot` of worker `worker`, at least `count` elements. Contents are undefined.
  template <class T>
  T* scratch(int worker, int slot, std::int64_t count) {
    return grow<T>(scratch_[static_cast<std::size_t>(worker) * slots + slot], count);
  }

  // Scratch shared by all workers (e.g. per-chunk partial sums), at least `count` elements.
  template <class T>
  T* shared(int slot, std::int64_t count) {
    return grow<T>(shared_[slot], count);
  }

  static constexpr int slots = 8;

 private:
  template <class T>
  static T* grow(Tensor<std::byte>& t, std::int64_t count) {
    const auto bytes = count * static_cast<std::int64_t>(sizeof(T));
    if (t.numel() < bytes) t.resize({bytes});
    return reinterpret_cast<T*>(t.data());
  }

  ThreadPool pool_;
  std::vector<Tensor<std::byte>> scratch_;
  Tensor<std::byte> shared_[slots];
};

// Host memory as a backend buffer.
template <class T>
class HostBuffer {
 public:
  void resize(std::int64_t count) { t_.resize({count}); }
  [[nodiscard]] T* data() { return t_.data(); }
  [[nodiscard]] const T* data() const { return t_.data(); }
  [[nodiscard]] std::int64_t size() const { return t_.numel(); }

 private:
  Tensor<T> t_;
};

}  // namespace aecluster::cpu
