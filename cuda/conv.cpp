// Convolutions through cuDNN: forward, backward-data (also the forward pass of a transposed
// convolution) and backward-filter. Each (direction, shape, dtype, settings) is resolved once
// into a ConvPlan -- descriptors, algorithm, workspace size, math type -- cached in the context:
//   - default mode: cudnnFind*AlgorithmEx times every algorithm on the call's own buffers and
//     the fastest admissible one wins;
//   - deterministic mode: cuDNN's heuristics rank the algorithms and the first admissible one
//     that is marked deterministic wins, so the choice does not depend on timing noise and two
//     runs on the same GPU and software choose alike.
// Admissible: it ran (status success), its workspace -- the larger of what the result reports and
// what cudnnGet*WorkspaceSize says for the math type we will use -- fits
// Settings::workspace_limit, it is deterministic when that is asked for, and it is not one of the
// transform-based algorithms (FFT, FFT tiling, Winograd non-fused) unless
// Settings::transform_algorithms allows them (their rounding is coarser: cuda/README.md).
// Math type, as PyTorch does it: without TF32 a result is kept whatever math type it reports and
// the descriptor is forced to CUDNN_FMA_MATH (on Hopper cuDNN can report tensor-op math for an
// algorithm that also runs in FMA math, and refusing such results mis-ranks the algorithms); with
// TF32 the reported math type is used, except CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION, which would
// let cuDNN convert FP32 data to FP16 and is refused.
#include "context_impl.hpp"

#include <aecluster/cuda/backend.hpp>
#include <aecluster/cuda/conv_algorithms.hpp>

#include <algorithm>
#include <climits>
#include <sstream>
#include <string>
#include <vector>

namespace aecluster {

namespace {

using cuda::Context;
using cuda::detail::ConvDirection;
using cuda::detail::ConvKey;
using cuda::detail::ConvPlan;

// The operations of one direction, in one shape, so that the selection below is written once.
struct Forward {
  using Perf = cudnnConvolutionFwdAlgoPerf_t;
  using Algo = cudnnConvolutionFwdAlgo_t;
  static constexpr int count = CUDNN_CONVOLUTION_FWD_ALGO_COUNT;
  static cudnnStatus_t workspace(cudnnHandle_t h, const ConvPlan& p, int algo, std::size_t* bytes) {
    return cudnnGetConvolutionForwardWorkspaceSize(h, p.x, p.w, p.conv, p.y, static_cast<Algo>(algo), bytes);
  }
  static cudnnStatus_t heuristics(cudnnHandle_t h, const ConvPlan& p, int* returned, Perf* perf) {
    return cudnnGetConvolutionForwardAlgorithm_v7(h, p.x, p.w, p.conv, p.y, count, returned, perf);
  }
  // a = x, b = w, out = y
  static cudnnStatus_t find(cudnnHandle_t h, const ConvPlan& p, const void* a, const void* b, void* out, int* returned,
                            Perf* perf, void* ws, std::size_t ws_bytes) {
    return cudnnFindConvolutionForwardAlgorithmEx(h, p.x, a, p.w, b, p.conv, p.y, out, count, returned, perf, ws,
                                                  ws_bytes);
  }
  static bool known_nondeterministic(int) { return false; }
  static bool transform(int algo) {
    return algo == CUDNN_CONVOLUTION_FWD_ALGO_FFT || algo == CUDNN_CONVOLUTION_FWD_ALGO_FFT_TILING ||
           algo == CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD_NONFUSED;
  }
  static cudnnStatus_t run(cudnnHandle_t h, const ConvPlan& p, int algo, const void* a, const void* b, void* out,
                           void* ws, std::size_t ws_bytes) {
    const float one = 1, zero = 0;
    return cudnnConvolutionForward(h, &one, p.x, a, p.w, b, p.conv, static_cast<Algo>(algo), ws, ws_bytes, &zero, p.y,
                                   out);
  }
};

struct BackwardData {
  using Perf = cudnnConvolutionBwdDataAlgoPerf_t;
  using Algo = cudnnConvolutionBwdDataAlgo_t;
  static constexpr int count = CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT;
  static cudnnStatus_t workspace(cudnnHandle_t h, const ConvPlan& p, int algo, std::size_t* bytes) {
    return cudnnGetConvolutionBackwardDataWorkspaceSize(h, p.w, p.y, p.conv, p.x, static_cast<Algo>(algo), bytes);
  }
  static cudnnStatus_t heuristics(cudnnHandle_t h, const ConvPlan& p, int* returned, Perf* perf) {
    return cudnnGetConvolutionBackwardDataAlgorithm_v7(h, p.w, p.y, p.conv, p.x, count, returned, perf);
  }
  // a = dy, b = w, out = dx
  static cudnnStatus_t find(cudnnHandle_t h, const ConvPlan& p, const void* a, const void* b, void* out, int* returned,
                            Perf* perf, void* ws, std::size_t ws_bytes) {
    return cudnnFindConvolutionBackwardDataAlgorithmEx(h, p.w, b, p.y, a, p.conv, p.x, out, count, returned, perf, ws,
                                                       ws_bytes);
  }
  // cuDNN's documentation lists algorithm 0 as non-deterministic (it accumulates with atomics).
  static bool known_nondeterministic(int algo) { return algo == CUDNN_CONVOLUTION_BWD_DATA_ALGO_0; }
  static bool transform(int algo) {
    return algo == CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT || algo == CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT_TILING ||
           algo == CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD_NONFUSED;
  }
  static cudnnStatus_t run(cudnnHandle_t h, const ConvPlan& p, int algo, const void* a, const void* b, void* out,
                           void* ws, std::size_t ws_bytes) {
    const float one = 1, zero = 0;
    return cudnnConvolutionBackwardData(h, &one, p.w, b, p.y, a, p.conv, static_cast<Algo>(algo), ws, ws_bytes, &zero,
                                        p.x, out);
  }
};

struct BackwardFilter {
  using Perf = cudnnConvolutionBwdFilterAlgoPerf_t;
  using Algo = cudnnConvolutionBwdFilterAlgo_t;
  static constexpr int count = CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT;
  static cudnnStatus_t workspace(cudnnHandle_t h, const ConvPlan& p, int algo, std::size_t* bytes) {
    return cudnnGetConvolutionBackwardFilterWorkspaceSize(h, p.x, p.y, p.conv, p.w, static_cast<Algo>(algo), bytes);
  }
  static cudnnStatus_t heuristics(cudnnHandle_t h, const ConvPlan& p, int* returned, Perf* perf) {
    return cudnnGetConvolutionBackwardFilterAlgorithm_v7(h, p.x, p.y, p.conv, p.w, count, returned, perf);
  }
  // a = x, b = dy, out = dw
  static cudnnStatus_t find(cudnnHandle_t h, const ConvPlan& p, const void* a, const void* b, void* out, int* returned,
                            Perf* perf, void* ws, std::size_t ws_bytes) {
    return cudnnFindConvolutionBackwardFilterAlgorithmEx(h, p.x, a, p.y, b, p.conv, p.w, out, count, returned, perf, ws,
                                                         ws_bytes);
  }
  // Algorithms 0 and 3 accumulate with atomics (cuDNN's documentation).
  static bool known_nondeterministic(int algo) {
    return algo == CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0 || algo == CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3;
  }
  static bool transform(int algo) {
    return algo == CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT || algo == CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT_TILING ||
           algo == CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD_NONFUSED;
  }
  static cudnnStatus_t run(cudnnHandle_t h, const ConvPlan& p, int algo, const void* a, const void* b, void* out,
                           void* ws, std::size_t ws_bytes) {
    const float one = 1, zero = 0;
    return cudnnConvolutionBackwardFilter(h, &one, p.x, a, p.y, b, p.conv, static_cast<Algo>(algo), ws, ws_bytes, &zero,
                                          p.w, out);
  }
};

std::string shape_text(ConvDirection d, const ConvGeometry& g) {
  std::ostringstream s;
  s << "convolution " << cuda::to_string(d) << " (n " << g.n << ", " << g.in_c << "x" << g.in_h << "x" << g.in_w
    << " -> " << g.out_c << "x" << g.out_h << "x" << g.out_w << ", kernel " << g.k << ", stride " << g.stride
    << ", pad " << g.pad << ")";
  return s.str();
}

void check_geometry(const ConvGeometry& g) {
  require(g.n >= 0 && g.in_c > 0 && g.in_h > 0 && g.in_w > 0 && g.out_c > 0 && g.out_h > 0 && g.out_w > 0 && g.k > 0 &&
              g.stride > 0 && g.pad >= 0,
          "cuda: invalid convolution geometry (n ", g.n, ", ", g.in_c, "x", g.in_h, "x", g.in_w, " -> ", g.out_c, "x",
          g.out_h, "x", g.out_w, ", kernel ", g.k, ", stride ", g.stride, ", pad ", g.pad, ")");
  const auto limit = static_cast<std::int64_t>(INT_MAX);
  require(
      std::int64_t{g.n} * g.in_size() <= limit && std::int64_t{g.n} * g.out_size() <= limit && g.weight_size() <= limit,
      "cuda: convolution tensors of more than 2^31 elements are not supported (batch ", g.n, ")");
}

// Two CUDA events, for timing algorithms on the stream.
struct Events {
  cudaEvent_t start = nullptr, stop = nullptr;
  Events() {
    AECLUSTER_CHECK(cudaEventCreate(&start));
    AECLUSTER_CHECK(cudaEventCreate(&stop));
  }
  ~Events() {
    if (start) cudaEventDestroy(start);
    if (stop) cudaEventDestroy(stop);
  }
  Events(const Events&) = delete;
  Events& operator=(const Events&) = delete;
};

template <class Dir>
bool admissible(const typename Dir::Perf& p, const ConvKey& key) {
  if (p.status != CUDNN_STATUS_SUCCESS) return false;
  if (p.memory > key.workspace_limit) return false;
  if (key.deterministic &&
      (p.determinism != CUDNN_DETERMINISTIC || Dir::known_nondeterministic(static_cast<int>(p.algo))))
    return false;
  if (!key.transform_algorithms && Dir::transform(static_cast<int>(p.algo))) return false;
  if (key.allow_tf32 && p.mathType == CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION) return false;
  return true;
}

// The math type a result runs with (see the top of this file).
template <class Perf>
cudnnMathType_t math_for(const Perf& p, const ConvKey& key) {
  return key.allow_tf32 ? p.mathType : CUDNN_FMA_MATH;
}

template <class Dir>
std::string list_candidates(const std::vector<typename Dir::Perf>& perf, int n) {
  std::ostringstream s;
  for (int i = 0; i < n; ++i) {
    const auto& p = perf[static_cast<std::size_t>(i)];
    s << (i ? "; " : "") << "algorithm " << static_cast<int>(p.algo) << ": " << cudnnGetErrorString(p.status)
      << ", workspace " << p.memory << ", "
      << (p.determinism == CUDNN_DETERMINISTIC ? "deterministic" : "non-deterministic") << ", math "
      << static_cast<int>(p.mathType);
  }
  return s.str();
}

// cudnnFind times each algorithm once, and with the math type it reports, which without TF32 is
// not always the one it will run with (the descriptor is forced to FMA math): a result timed
// with tensor-op math can be slower in FMA math (on the H200 an FFT convolution ranked first
// ran at 0.65 of the best). So the admissible results within twice the fastest admissible time
// are timed again here, each with the math type it will run with (a warm-up, then the mean of
// 3 runs), and the fastest of those wins. Returns a pointer into perf, or null.
template <class Dir>
const typename Dir::Perf* retime(cuda::Context::Impl& c, const ConvKey& key, ConvPlan& plan,
                                 const std::vector<typename Dir::Perf>& perf, int returned, const void* a,
                                 const void* b, void* out) {
  struct Candidate {
    const typename Dir::Perf* perf;
    std::size_t workspace;
  };
  std::vector<Candidate> candidates;
  for (int i = 0; i < returned && candidates.size() < 4; ++i) {
    const auto& p = perf[static_cast<std::size_t>(i)];
    if (!admissible<Dir>(p, key)) continue;
    if (!candidates.empty() && p.time > 2 * candidates.front().perf->time) break;
    AECLUSTER_CHECK(cudnnSetConvolutionMathType(plan.conv, math_for(p, key)));
    std::size_t bytes = 0;
    if (Dir::workspace(c.cudnn, plan, static_cast<int>(p.algo), &bytes) != CUDNN_STATUS_SUCCESS) continue;
    bytes = std::max(bytes, p.memory);
    if (bytes > key.workspace_limit) continue;
    candidates.push_back({&p, bytes});
  }
  if (candidates.empty()) return nullptr;
  const Candidate* best = &candidates.front();
  float best_ms = -1;
  if (candidates.size() > 1) {
    Events events;
    for (const auto& cand : candidates) {
      AECLUSTER_CHECK(cudnnSetConvolutionMathType(plan.conv, math_for(*cand.perf, key)));
      void* ws = c.workspace(cand.workspace, "cudnnFind");
      const int algo = static_cast<int>(cand.perf->algo);
      if (Dir::run(c.cudnn, plan, algo, a, b, out, ws, cand.workspace) != CUDNN_STATUS_SUCCESS) continue;
      AECLUSTER_CHECK(cudaEventRecord(events.start, c.stream));
      for (int r = 0; r < 3; ++r) AECLUSTER_CHECK(Dir::run(c.cudnn, plan, algo, a, b, out, ws, cand.workspace));
      AECLUSTER_CHECK(cudaEventRecord(events.stop, c.stream));
      AECLUSTER_CHECK(cudaEventSynchronize(events.stop));
      float ms = 0;
      AECLUSTER_CHECK(cudaEventElapsedTime(&ms, events.start, events.stop));
      ms /= 3;
      if (best_ms < 0 || ms < best_ms) {
        best_ms = ms;
        best = &cand;
      }
    }
  }
  plan.workspace = best->workspace;
  return best->perf;
}

template <class Dir>
void choose_algorithm(cuda::Context::Impl& c, const ConvKey& key, ConvPlan& plan, const void* a, const void* b,
                      void* out) {
  std::vector<typename Dir::Perf> perf(Dir::count);
  int returned = 0;
  // The first admissible result in cuDNN's order (fastest first for Find, best first for the
  // heuristics) whose workspace, asked again for the math type it will run with, still fits.
  const auto pick = [&]() -> const typename Dir::Perf* {
    for (int i = 0; i < returned; ++i) {
      const auto& p = perf[static_cast<std::size_t>(i)];
      if (!admissible<Dir>(p, key)) continue;
      AECLUSTER_CHECK(cudnnSetConvolutionMathType(plan.conv, math_for(p, key)));
      std::size_t bytes = 0;
      if (Dir::workspace(c.cudnn, plan, static_cast<int>(p.algo), &bytes) != CUDNN_STATUS_SUCCESS) continue;
      if (std::max(bytes, p.memory) > key.workspace_limit) continue;
      plan.workspace = std::max(bytes, p.memory);
      return &p;
    }
    return nullptr;
  };
  const typename Dir::Perf* chosen = nullptr;
  if (!key.deterministic) {
    // Workspace for timing: the largest any algorithm asks for, within the limit.
    std::size_t most = 0;
    for (int algo = 0; algo < Dir::count; ++algo) {
      std::size_t bytes = 0;
      if (Dir::workspace(c.cudnn, plan, algo, &bytes) == CUDNN_STATUS_SUCCESS && bytes <= key.workspace_limit)
        most = std::max(most, bytes);
    }
    void* ws = c.workspace(most, "cudnnFind");
    AECLUSTER_CHECK(Dir::find(c.cudnn, plan, a, b, out, &returned, perf.data(), ws, c.workspace_size));
    chosen = retime<Dir>(c, key, plan, perf, returned, a, b, out);
    plan.timed = chosen != nullptr;
  }
  if (!chosen) {
    AECLUSTER_CHECK(cudnnSetConvolutionMathType(plan.conv, key.allow_tf32 ? CUDNN_DEFAULT_MATH : CUDNN_FMA_MATH));
    AECLUSTER_CHECK(Dir::heuristics(c.cudnn, plan, &returned, perf.data()));
    chosen = pick();
    plan.timed = false;
  }
  if (!chosen)
    fail("cuda: no admissible cuDNN algorithm for ", shape_text(key.direction, key.geometry),
         key.deterministic ? " in deterministic mode" : "", key.allow_tf32 ? "" : " without TF32",
         key.transform_algorithms ? "" : " without FFT/Winograd-non-fused algorithms", " within a workspace of ",
         key.workspace_limit, " bytes; candidates: ", list_candidates<Dir>(perf, returned));
  plan.algorithm = static_cast<int>(chosen->algo);
  plan.milliseconds = plan.timed ? chosen->time : -1.0f;
  plan.deterministic = chosen->determinism == CUDNN_DETERMINISTIC;
  plan.transform = Dir::transform(plan.algorithm);
  plan.math = math_for(*chosen, key);
  AECLUSTER_CHECK(cudnnSetConvolutionMathType(plan.conv, plan.math));
}

// The descriptors of one shape, FMA-only math unless TF32 is allowed.
void describe(ConvPlan& plan, ConvDirection direction, const ConvGeometry& g, bool allow_tf32) {
  check_geometry(g);
  AECLUSTER_CHECK(cudnnCreateTensorDescriptor(&plan.x));
  AECLUSTER_CHECK(cudnnCreateTensorDescriptor(&plan.y));
  AECLUSTER_CHECK(cudnnCreateFilterDescriptor(&plan.w));
  AECLUSTER_CHECK(cudnnCreateConvolutionDescriptor(&plan.conv));
  AECLUSTER_CHECK(cudnnSetTensor4dDescriptor(plan.x, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, g.n, g.in_c, g.in_h, g.in_w));
  AECLUSTER_CHECK(
      cudnnSetTensor4dDescriptor(plan.y, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, g.n, g.out_c, g.out_h, g.out_w));
  AECLUSTER_CHECK(cudnnSetFilter4dDescriptor(plan.w, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW, g.out_c, g.in_c, g.k, g.k));
  AECLUSTER_CHECK(cudnnSetConvolution2dDescriptor(plan.conv, g.pad, g.pad, g.stride, g.stride, 1, 1,
                                                  CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT));
  AECLUSTER_CHECK(cudnnSetConvolutionMathType(plan.conv, allow_tf32 ? CUDNN_DEFAULT_MATH : CUDNN_FMA_MATH));
  int on = 0, oc = 0, oh = 0, ow = 0;
  AECLUSTER_CHECK(cudnnGetConvolution2dForwardOutputDim(plan.conv, plan.x, plan.w, &on, &oc, &oh, &ow));
  require(on == g.n && oc == g.out_c && oh == g.out_h && ow == g.out_w, "cuda: ", shape_text(direction, g),
          ": the geometry is inconsistent; cuDNN computes an output of ", on, "x", oc, "x", oh, "x", ow);
}

ConvPlan& plan_for(Context& ctx, ConvDirection direction, const ConvGeometry& g, const void* a, const void* b,
                   void* out) {
  auto& c = ctx.impl();
  const ConvKey key{direction,
                    g,
                    CUDNN_DATA_FLOAT,
                    c.settings.deterministic,
                    c.settings.allow_tf32,
                    c.settings.transform_algorithms,
                    c.settings.workspace_limit};
  if (auto it = c.conv_plans.find(key); it != c.conv_plans.end()) return it->second;
  if (c.capturing)
    fail("cuda: ", shape_text(direction, g),
         " has no cached algorithm while a CUDA graph is being captured; run the same step once before capturing it");
  ConvPlan plan;
  describe(plan, direction, g, key.allow_tf32);
  switch (direction) {
    case ConvDirection::forward: choose_algorithm<Forward>(c, key, plan, a, b, out); break;
    case ConvDirection::backward_data: choose_algorithm<BackwardData>(c, key, plan, a, b, out); break;
    case ConvDirection::backward_filter: choose_algorithm<BackwardFilter>(c, key, plan, a, b, out); break;
  }
  return c.conv_plans.emplace(key, std::move(plan)).first->second;
}

template <class Dir>
void execute(Context& ctx, ConvDirection direction, const ConvGeometry& g, const void* a, const void* b, void* out) {
  const ConvPlan& p = plan_for(ctx, direction, g, a, b, out);
  auto& c = ctx.impl();
  void* ws = c.workspace(p.workspace, "convolution");
  AECLUSTER_CHECK(Dir::run(c.cudnn, p, p.algorithm, a, b, out, ws, p.workspace));
}

template <class Dir>
std::vector<cuda::ConvAlgorithmInfo> time_all(Context& ctx, ConvDirection direction, const ConvGeometry& g,
                                              const void* a, const void* b, void* out, int repeats) {
  auto& c = ctx.impl();
  c.require_not_capturing("time_conv_algorithms");
  ConvPlan plan;
  describe(plan, direction, g, c.settings.allow_tf32);
  Events events;
  const cudaEvent_t start = events.start, stop = events.stop;
  std::vector<cuda::ConvAlgorithmInfo> out_info;
  for (int algo = 0; algo < Dir::count; ++algo) {
    cuda::ConvAlgorithmInfo info;
    info.algorithm = algo;
    info.deterministic = !Dir::known_nondeterministic(algo);
    info.transform = Dir::transform(algo);
    std::size_t bytes = 0;
    cudnnStatus_t status = Dir::workspace(c.cudnn, plan, algo, &bytes);
    info.workspace = bytes;
    if (status != CUDNN_STATUS_SUCCESS) {
      info.note = cudnnGetErrorString(status);
    } else if (bytes > c.settings.workspace_limit) {
      info.note = "workspace of " + std::to_string(bytes) + " bytes exceeds the limit";
    } else {
      void* ws = c.workspace(bytes, "time_conv_algorithms");
      status = Dir::run(c.cudnn, plan, algo, a, b, out, ws, bytes);
      if (status != CUDNN_STATUS_SUCCESS) {
        info.note = cudnnGetErrorString(status);
      } else {
        AECLUSTER_CHECK(cudaEventRecord(start, c.stream));
        for (int r = 0; r < repeats; ++r) AECLUSTER_CHECK(Dir::run(c.cudnn, plan, algo, a, b, out, ws, bytes));
        AECLUSTER_CHECK(cudaEventRecord(stop, c.stream));
        AECLUSTER_CHECK(cudaEventSynchronize(stop));
        float ms = 0;
        AECLUSTER_CHECK(cudaEventElapsedTime(&ms, start, stop));
        info.supported = true;
        info.milliseconds = double(ms) / std::max(repeats, 1);
      }
    }
    out_info.push_back(info);
  }
  return out_info;
}

}  // namespace

void Cuda::conv2d_forward(Context& ctx, const ConvGeometry& g, const float* x, const float* w, float* y) {
  if (g.n == 0) return;
  execute<Forward>(ctx, ConvDirection::forward, g, x, w, y);
}

void Cuda::conv2d_backward_data(Context& ctx, const ConvGeometry& g, const float* dy, const float* w, float* dx) {
  if (g.n == 0) return;
  execute<BackwardData>(ctx, ConvDirection::backward_data, g, dy, w, dx);
}

void Cuda::conv2d_backward_filter(Context& ctx, const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  if (g.n == 0) {
    cuda::fill(ctx, dw, 0.0f, g.weight_size());
    return;
  }
  execute<BackwardFilter>(ctx, ConvDirection::backward_filter, g, x, dy, dw);
}

namespace cuda {

ConvAlgorithmInfo dispatched_conv_algorithm(Context& ctx, ConvDirection direction, const ConvGeometry& g,
                                            const float* a, const float* b, float* out) {
  const ConvPlan& p = plan_for(ctx, direction, g, a, b, out);
  ConvAlgorithmInfo info;
  info.algorithm = p.algorithm;
  info.supported = true;
  info.milliseconds = p.milliseconds;
  info.workspace = p.workspace;
  info.deterministic = p.deterministic;
  info.timed = p.timed;
  info.transform = p.transform;
  return info;
}

std::vector<ConvAlgorithmInfo> time_conv_algorithms(Context& ctx, ConvDirection direction, const ConvGeometry& g,
                                                    const float* a, const float* b, float* out, int repeats) {
  switch (direction) {
    case ConvDirection::forward: return time_all<Forward>(ctx, direction, g, a, b, out, repeats);
    case ConvDirection::backward_data: return time_all<BackwardData>(ctx, direction, g, a, b, out, repeats);
    case ConvDirection::backward_filter: return time_all<BackwardFilter>(ctx, direction, g, a, b, out, repeats);
  }
  return {};
}

}  // namespace cuda

}  // namespace aecluster
