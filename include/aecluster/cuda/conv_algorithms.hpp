#pragma once
// Looking inside the convolution dispatch: which cuDNN algorithm the backend uses for a shape,
// and how fast every algorithm cuDNN offers for it is, measured directly (bench/conv_bench.cpp
// compares the two).
#include <aecluster/backend.hpp>
#include <aecluster/cuda/context.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace aecluster::cuda {

enum class ConvDirection { forward, backward_data, backward_filter };
[[nodiscard]] const char* to_string(ConvDirection d);

struct ConvAlgorithmInfo {
  int algorithm = -1;       // a cudnnConvolution{Fwd,BwdData,BwdFilter}Algo_t
  bool supported = false;   // ran, within the context's workspace limit
  double milliseconds = 0;  // mean time of one run (time_conv_algorithms only)
  std::size_t workspace = 0;
  bool deterministic = false;
  bool timed = false;      // dispatched: chosen by timing (cudnnFind) rather than by heuristics
  bool transform = false;  // FFT, FFT tiling or Winograd non-fused: coarser rounding (context.hpp)
  std::string note;        // why it is not supported
};

// The buffers a, b, out are the operation's own: forward (x, w, y), backward_data (dy, w, dx),
// backward_filter (x, dy, dw); out is overwritten.

// The algorithm the backend dispatches for this direction and shape under the context's
// settings, chosen and cached now if it was not yet.
ConvAlgorithmInfo dispatched_conv_algorithm(Context& ctx, ConvDirection direction, const ConvGeometry& g,
                                            const float* a, const float* b, float* out);

// Times every cuDNN algorithm for this direction and shape: one warm-up run, then `repeats` runs
// back to back between two CUDA events; FMA math only unless the context allows TF32.
std::vector<ConvAlgorithmInfo> time_conv_algorithms(Context& ctx, ConvDirection direction, const ConvGeometry& g,
                                                    const float* a, const float* b, float* out, int repeats = 10);

}  // namespace aecluster::cuda
