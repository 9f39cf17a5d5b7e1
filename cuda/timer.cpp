#include "context_impl.hpp"

#include <aecluster/cuda/timer.hpp>

namespace aecluster::cuda {

EventTimer::EventTimer(Context& ctx) : ctx_(ctx) {
  cudaEvent_t a = nullptr, b = nullptr;
  AECLUSTER_CHECK(cudaEventCreate(&a));
  const cudaError_t status = cudaEventCreate(&b);
  if (status != cudaSuccess) cudaEventDestroy(a);
  AECLUSTER_CHECK(status);
  start_ = a;
  stop_ = b;
}

EventTimer::~EventTimer() {
  cudaEventDestroy(static_cast<cudaEvent_t>(start_));
  cudaEventDestroy(static_cast<cudaEvent_t>(stop_));
}

void EventTimer::start() { AECLUSTER_CHECK(cudaEventRecord(static_cast<cudaEvent_t>(start_), ctx_.impl().stream)); }
void EventTimer::stop() { AECLUSTER_CHECK(cudaEventRecord(static_cast<cudaEvent_t>(stop_), ctx_.impl().stream)); }

double EventTimer::seconds() {
  AECLUSTER_CHECK(cudaEventSynchronize(static_cast<cudaEvent_t>(stop_)));
  float ms = 0;
  AECLUSTER_CHECK(cudaEventElapsedTime(&ms, static_cast<cudaEvent_t>(start_), static_cast<cudaEvent_t>(stop_)));
  return ms * 1e-3;
}

}  // namespace aecluster::cuda
