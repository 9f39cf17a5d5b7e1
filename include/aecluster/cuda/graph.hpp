#pragma once
// CUDA graphs: everything issued on a context's stream between the start and the end of a
// capture is recorded, not run, and can then be replayed with one launch. A warmed-up training
// step qualifies: its buffers are allocated, its algorithms chosen, and it neither synchronises
// nor branches on device data. While a capture is open the backend
//   - refuses anything that would allocate or choose an algorithm (an Error naming it),
//   - makes mse_loss return NaN and leave the loss in a page-locked slot (captured_loss()),
//   - makes adam_step read its scalars (step size, bias correction) from a device slot that the
//     graph refreshes from a page-locked one (set_captured_adam_step()) each time it runs.
// TrainStepGraph (train_step_graph.hpp) puts this together for Autoencoder training.
#include <aecluster/backend.hpp>
#include <aecluster/cuda/context.hpp>

#include <cstdint>

namespace aecluster::cuda {

// An instantiated graph (cudaGraphExec_t).
class Graph {
 public:
  Graph() = default;
  ~Graph();
  Graph(Graph&& o) noexcept;
  Graph& operator=(Graph&& o) noexcept;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  // Enqueues one replay on the context's stream (asynchronous).
  void launch(Context& ctx) const;
  [[nodiscard]] bool empty() const { return exec_ == nullptr; }
  [[nodiscard]] std::int64_t node_count() const { return nodes_; }

 private:
  friend class Capture;
  void* graph_ = nullptr;  // cudaGraph_t
  void* exec_ = nullptr;   // cudaGraphExec_t
  std::int64_t nodes_ = 0;
  void* owner_ = nullptr;  // the Context::Impl it was captured on (a Graph must not outlive its Context)
};

// Records the context's stream from construction until finish(); a Capture destroyed before
// finish() (an exception during capture) abandons the recording and leaves the stream usable.
class Capture {
 public:
  explicit Capture(Context& ctx);
  ~Capture();
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;
  [[nodiscard]] Graph finish();

 private:
  Context& ctx_;
  bool open_ = true;
};

// The loss the last replay (or eager mse_loss) left in the page-locked slot; valid after the
// stream has been synchronised.
[[nodiscard]] double captured_loss(Context& ctx);
// Sets the scalars that a captured adam_step reads on its next replay (step is 1-based, after
// the update). Call only while no replay is pending (after synchronize()).
void set_captured_adam_step(Context& ctx, const AdamSettings& settings, std::int64_t step);

}  // namespace aecluster::cuda
