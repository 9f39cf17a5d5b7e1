#pragma once
// Device time between two points of the context's stream, measured with CUDA events (the
// host's clock would also count launch overhead and waiting).
#include <aecluster/cuda/context.hpp>

namespace aecluster::cuda {

class EventTimer {
 public:
  explicit EventTimer(Context& ctx);
  ~EventTimer();
  EventTimer(const EventTimer&) = delete;
  EventTimer& operator=(const EventTimer&) = delete;

  void start();  // records the start event on the stream
  void stop();   // records the stop event on the stream
  // Seconds between the two events; waits for the stop event.
  [[nodiscard]] double seconds();

 private:
  Context& ctx_;
  void* start_ = nullptr;  // cudaEvent_t
  void* stop_ = nullptr;
};

}  // namespace aecluster::cuda
