#pragma once
// Long-running routines report progress through a callback instead of printing: the host
// program decides what to draw. `stage` names the step ("kernel", "tsne", ...), `done` of
// `total` units are finished. Callbacks are made from the calling thread only.
#include <cstdint>
#include <functional>
#include <string_view>

namespace aecluster {

using Progress = std::function<void(std::string_view stage, std::int64_t done, std::int64_t total)>;

inline void report(const Progress& progress, std::string_view stage, std::int64_t done, std::int64_t total) {
  if (progress) progress(stage, done, total);
}

}  // namespace aecluster
