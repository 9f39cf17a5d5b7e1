#pragma once
// The device-side state of one training epoch for cuda::DeviceTrainer (device_trainer.hpp):
// the epoch's image order, Adam's scalars for each of its steps, a step counter and each step's
// loss, all in device memory. Every value that changes from step to step is read on the device
// at the counter, so one captured CUDA graph serves every full batch of every epoch, and the
// host queues the whole epoch without waiting: it reads the losses back once, at the end.
#include <aecluster/backend.hpp>
#include <aecluster/cuda/context.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace aecluster::cuda {

class EpochState {
 public:
  EpochState();
  ~EpochState();
  EpochState(const EpochState&) = delete;
  EpochState& operator=(const EpochState&) = delete;

  // Uploads the epoch's order (the batches' image indices, one after the other) and Adam's
  // scalars for steps first_adam_step + 1 .. first_adam_step + steps, and resets the counter
  // and the losses. Asynchronous; the previous epoch must have been read back (losses()).
  void start(Context& ctx, std::span<const std::int64_t> order, std::int64_t steps, int batch, const AdamSettings& adam,
             std::int64_t first_adam_step);
  // Gathers and preprocesses the current step's n images, order[step * batch ..), into out
  // (n, c, h, w). Recordable in a graph.
  void gather(Context& ctx, const std::uint8_t* images, std::int64_t image_count, int n, int h, int w, int c,
              float* out);
  // Copies the current step's Adam scalars into the slot that a captured adam_step reads.
  void select_adam_scalars(Context& ctx);
  // Stores the loss of the last mse_loss as this step's and advances the counter.
  void finish_step(Context& ctx);
  // Waits for the epoch and returns its steps' losses, in order.
  std::vector<double> losses(Context& ctx);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// While on, adam_step during a capture reads its scalars from the device slot as
// select_adam_scalars left them, instead of recording a copy from the page-locked slot (which
// the host would have to refresh before every replay, waiting for the previous one).
void set_adam_scalars_from_device(Context& ctx, bool on);

}  // namespace aecluster::cuda
