// CUDA graph capture of the context's stream (include/aecluster/cuda/graph.hpp).
#include "context_impl.hpp"

#include <aecluster/cuda/graph.hpp>

#include <utility>

namespace aecluster::cuda {

Graph::~Graph() {
  if (exec_) cudaGraphExecDestroy(static_cast<cudaGraphExec_t>(exec_));
  if (graph_) cudaGraphDestroy(static_cast<cudaGraph_t>(graph_));
  if (owner_) static_cast<Context::Impl*>(owner_)->graph_released();
}

Graph::Graph(Graph&& o) noexcept
    : graph_(std::exchange(o.graph_, nullptr)),
      exec_(std::exchange(o.exec_, nullptr)),
      nodes_(std::exchange(o.nodes_, 0)),
      owner_(std::exchange(o.owner_, nullptr)) {}

Graph& Graph::operator=(Graph&& o) noexcept {
  if (this != &o) {
    Graph old(std::move(*this));
    graph_ = std::exchange(o.graph_, nullptr);
    exec_ = std::exchange(o.exec_, nullptr);
    nodes_ = std::exchange(o.nodes_, 0);
    owner_ = std::exchange(o.owner_, nullptr);
  }
  return *this;
}

void Graph::launch(Context& ctx) const {
  require(exec_ != nullptr, "cuda::Graph: launch of an empty graph");
  ctx.impl().require_not_capturing("Graph::launch");
  AECLUSTER_CHECK(cudaGraphLaunch(static_cast<cudaGraphExec_t>(exec_), ctx.impl().stream));
}

Capture::Capture(Context& ctx) : ctx_(ctx) {
  auto& c = ctx.impl();
  require(!c.capturing, "cuda::Capture: a capture is already open on this context");
  // Thread-local mode: a call from this thread that is unsafe during capture (a synchronising
  // copy, cudaMalloc) fails at once instead of corrupting the graph.
  AECLUSTER_CHECK(cudaStreamBeginCapture(c.stream, cudaStreamCaptureModeThreadLocal));
  c.capturing = true;
}

Capture::~Capture() {
  if (!open_) return;
  auto& c = ctx_.impl();
  cudaGraph_t graph = nullptr;
  cudaStreamEndCapture(c.stream, &graph);
  if (graph) cudaGraphDestroy(graph);
  cudaGetLastError();
  c.capturing = false;
}

Graph Capture::finish() {
  require(open_, "cuda::Capture: finish() called twice");
  auto& c = ctx_.impl();
  open_ = false;
  c.capturing = false;
  cudaGraph_t graph = nullptr;
  AECLUSTER_CHECK(cudaStreamEndCapture(c.stream, &graph));
  Graph g;
  g.graph_ = graph;
  std::size_t nodes = 0;
  AECLUSTER_CHECK(cudaGraphGetNodes(graph, nullptr, &nodes));
  g.nodes_ = static_cast<std::int64_t>(nodes);
  cudaGraphExec_t exec = nullptr;
  AECLUSTER_CHECK(cudaGraphInstantiate(&exec, graph, 0));
  g.exec_ = exec;
  g.owner_ = &c;
  ++c.graphs_captured;
  return g;
}

double captured_loss(Context& ctx) { return *ctx.impl().loss_host; }

void set_captured_adam_step(Context& ctx, const AdamSettings& settings, std::int64_t step) {
  auto& c = ctx.impl();
  c.require_not_capturing("set_captured_adam_step");
  *c.adam_host = detail::adam_scalars(settings, step);
}

}  // namespace aecluster::cuda
