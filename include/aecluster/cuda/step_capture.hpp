#pragma once
// Capturing a training step into a CUDA graph, shared by TrainStepGraph and DeviceTrainer.
// Capturing runs nothing on the device, yet issuing the step moved host-side counts (the
// batch-norm layers' num_batches_tracked, Adam's step): those are put back, and one replay
// advances the counters by the recorded delta, as an eager step would.
#include <aecluster/cuda/graph.hpp>
#include <aecluster/error.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace aecluster::cuda {

// Returns the graph of issue(); on success `delta` receives how far the step moves the counters.
template <class Model, class Optimizer, class Issue>
[[nodiscard]] Graph capture_step(Context& ctx, Model& model, Optimizer& adam, std::vector<std::int64_t>& delta,
                                 Issue&& issue) {
  // A captured adam_step reads one set of scalars from the device: one learning rate for the
  // whole buffer (DeviceTrainer hands a tail factor to Trainer, which does not capture).
  require(adam.tail_factor() == 1.0, "capture_step: Adam with an output-layer learning-rate factor cannot be captured");
  auto counters = model.counters();
  const std::vector<std::int64_t> before(counters.begin(), counters.end());
  const std::int64_t steps = adam.steps();
  const auto restore = [&] {
    std::copy(before.begin(), before.end(), counters.begin());
    adam.set_steps(steps);
  };
  Graph graph;
  try {
    Capture capture(ctx);
    issue();
    graph = capture.finish();
  } catch (...) {
    restore();
    throw;
  }
  delta.resize(before.size());
  for (std::size_t i = 0; i < before.size(); ++i) delta[i] = counters[i] - before[i];
  restore();
  return graph;
}

// What one replay of a captured step does to the host-side counters.
template <class Model>
void advance_counters(Model& model, const std::vector<std::int64_t>& delta) {
  auto counters = model.counters();
  for (std::size_t i = 0; i < counters.size(); ++i) counters[i] += delta[i];
}

}  // namespace aecluster::cuda
