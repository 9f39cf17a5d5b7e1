#pragma once
// The CUDA backend's state, all in one place: the device, one stream every operation is issued
// on, the cuDNN and cuBLAS handles, one grow-only workspace shared by cuDNN and our own
// reductions, the cache of convolution algorithms, and the page-locked slots through which a
// captured CUDA graph exchanges scalars with the host. Also a host ThreadPool, for the host-side
// work that programs run beside the GPU (data loading, preprocessing), as the CPU backend's
// Context has.
//
// Numerics (cuda/README.md has the details):
// - TF32 is off unless Settings::allow_tf32: convolutions use FMA-only cuDNN math and cuBLAS
//   uses its default (pure FP32) math, so FP32 results stay within FP32 rounding of the CPU.
// - Settings::deterministic admits only cuDNN algorithms marked deterministic and chooses them by
//   cuDNN's heuristics instead of timing, so two runs (even two processes) on the same GPU and
//   software produce bit-identical results. Otherwise each shape's fastest algorithm is measured
//   once (cudnnFind) and may differ from run to run, as may the rounding of its sums.
// - Settings::transform_algorithms (on by default) admits cuDNN's FFT, FFT-tiling and Winograd
//   non-fused convolutions, which are often the fastest but round more coarsely (relative errors
//   up to a few 1e-3 of the largest output on 5x5 kernels, measured on an H200; the GEMM and
//   direct algorithms stay within ~1e-5). Off, only the GEMM-like and direct algorithms are used.
// All of our own kernels are deterministic in both modes (fixed-order reductions, no atomics).
//
// A Context is used from one host thread at a time.
#include <aecluster/cuda/error.hpp>
#include <aecluster/parallel.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace aecluster::cuda {

struct Settings {
  int device = 0;
  bool deterministic = false;
  bool allow_tf32 = false;
  bool transform_algorithms = true;
  // The most workspace one convolution algorithm may use (bytes); larger algorithms are skipped.
  std::size_t workspace_limit = std::size_t{1} << 30;
};

class Context {
 public:
  // Throws NoDevice when the device does not exist (no driver, no GPU, old driver).
  explicit Context(int threads = 0, const Settings& settings = {});
  explicit Context(const Settings& settings) : Context(0, settings) {}
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  [[nodiscard]] ThreadPool& pool() { return pool_; }
  [[nodiscard]] int threads() const { return pool_.size(); }
  [[nodiscard]] const Settings& settings() const;
  [[nodiscard]] bool deterministic() const { return settings().deterministic; }
  // Changing either setting selects other cached algorithms (both are part of the cache key).
  void set_deterministic(bool on);
  void set_allow_tf32(bool on);

  // Waits until everything issued on this context's stream has finished.
  void synchronize();
  // The cudaStream_t every operation is issued on.
  [[nodiscard]] void* stream() const;
  [[nodiscard]] std::size_t workspace_bytes() const;
  [[nodiscard]] std::size_t cached_algorithms() const;
  // How each cached convolution was resolved: one line per shape and direction.
  [[nodiscard]] std::string describe_algorithms() const;
  [[nodiscard]] bool capturing() const;

  struct Impl;
  [[nodiscard]] Impl& impl() { return *impl_; }
  [[nodiscard]] const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
  ThreadPool pool_;
};

}  // namespace aecluster::cuda
