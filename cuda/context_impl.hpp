#pragma once
// Context::Impl: the one place that owns the backend's device state (see
// include/aecluster/cuda/context.hpp for what and why).
#include "check.hpp"

#include <aecluster/backend.hpp>
#include <aecluster/cuda/context.hpp>
#include <aecluster/cuda/conv_algorithms.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace aecluster::cuda {

namespace detail {

using cuda::ConvDirection;

// Everything that decides which algorithm suits a convolution: every shape, the data type, and
// the settings that restrict the choice.
struct ConvKey {
  ConvDirection direction;
  ConvGeometry geometry;
  cudnnDataType_t dtype;
  bool deterministic;
  bool allow_tf32;
  bool transform_algorithms;
  std::size_t workspace_limit;
  friend bool operator==(const ConvKey&, const ConvKey&) = default;
};

struct ConvKeyHash {
  std::size_t operator()(const ConvKey& k) const noexcept {
    const auto& g = k.geometry;
    std::size_t h = 1469598103934665603ull;
    auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
    for (int v :
         {static_cast<int>(k.direction), g.n, g.in_c, g.in_h, g.in_w, g.out_c, g.out_h, g.out_w, g.k, g.stride, g.pad,
          static_cast<int>(k.dtype), int(k.deterministic), int(k.allow_tf32), int(k.transform_algorithms)})
      mix(static_cast<std::uint64_t>(v));
    mix(k.workspace_limit);
    return h;
  }
};

// One convolution's cuDNN descriptors and chosen algorithm.
struct ConvPlan {
  cudnnTensorDescriptor_t x = nullptr, y = nullptr;
  cudnnFilterDescriptor_t w = nullptr;
  cudnnConvolutionDescriptor_t conv = nullptr;
  int algorithm = 0;  // a cudnnConvolution{Fwd,BwdData,BwdFilter}Algo_t
  std::size_t workspace = 0;
  cudnnMathType_t math = CUDNN_FMA_MATH;
  bool timed = false;       // chosen by cudnnFind (timing) rather than by heuristics
  float milliseconds = -1;  // cudnnFind's time for it
  bool deterministic = true;
  bool transform = false;  // FFT, FFT tiling or Winograd non-fused (coarser rounding)
  ConvPlan() = default;
  ConvPlan(const ConvPlan&) = delete;
  ConvPlan& operator=(const ConvPlan&) = delete;
  ConvPlan(ConvPlan&& o) noexcept;  // context.cpp: moves every field (a new field must be added there)
  ~ConvPlan();
};

// The tensor descriptors of one batch-normalisation shape.
struct BatchNormDescriptors {
  cudnnTensorDescriptor_t x = nullptr, stats = nullptr;
  BatchNormDescriptors() = default;
  BatchNormDescriptors(const BatchNormDescriptors&) = delete;
  BatchNormDescriptors& operator=(const BatchNormDescriptors&) = delete;
  BatchNormDescriptors(BatchNormDescriptors&& o) noexcept;
  ~BatchNormDescriptors();
};

// The scalars of one Adam update, as the kernel uses them (cuda/kernels/adam.cu).
struct AdamScalars {
  float step_size = 0;  // lr / (1 - beta1^step)
  float bc2_sqrt = 1;   // sqrt(1 - beta2^step)
  float beta1 = 0, beta2 = 0, weight_decay = 0, eps = 0;
};
AdamScalars adam_scalars(const AdamSettings& a, std::int64_t step);

}  // namespace detail

struct Context::Impl {
  explicit Impl(const Settings& s);
  ~Impl();
  Impl(const Impl&) = delete;
  void release() noexcept;
  Impl& operator=(const Impl&) = delete;

  // At least `bytes` of workspace, contents undefined. `what` names the caller for the error
  // raised when it would have to grow during a graph capture.
  void* workspace(std::size_t bytes, const char* what);
  // Refuses, with an Error naming `what`, work that cannot be recorded in a graph.
  void require_not_capturing(const char* what) const;

  Settings settings;
  cudaStream_t stream = nullptr;
  cudnnHandle_t cudnn = nullptr;
  cublasHandle_t cublas = nullptr;

  void* workspace_ptr = nullptr;
  std::size_t workspace_size = 0;
  // A live graph holds raw workspace pointers, so a workspace that grows while graphs exist keeps
  // the old allocation alive until the last of them is destroyed (graph_released).
  std::vector<void*> retired_workspaces;
  int graphs_captured = 0;  // graphs alive now
  void graph_released() noexcept;
  bool capturing = false;

  std::unordered_map<detail::ConvKey, detail::ConvPlan, detail::ConvKeyHash> conv_plans;
  std::map<std::tuple<int, int, std::int64_t>, detail::BatchNormDescriptors> batch_norm_descriptors;
  cudnnActivationDescriptor_t relu = nullptr, tanh = nullptr;
  cudnnTensorDescriptor_t activation_tensor = nullptr;

  // Page-locked slots and their device twins, for the loss and the Adam scalars.
  double* loss_device = nullptr;
  double* loss_host = nullptr;
  detail::AdamScalars* adam_device = nullptr;
  detail::AdamScalars* adam_host = nullptr;
  bool adam_scalars_from_device = false;  // cuda::set_adam_scalars_from_device
};

namespace detail {
inline cudaStream_t stream_of(Context& ctx) { return ctx.impl().stream; }
}  // namespace detail

}  // namespace aecluster::cuda
