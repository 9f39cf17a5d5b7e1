// cuda::EpochState (cuda/device_epoch.hpp): step-indexed gather, Adam scalars and losses.
#include "../context_impl.hpp"
#include "launch.hpp"
#include "pixel_conversion.hpp"

#include <aecluster/cuda/device_buffer.hpp>
#include <aecluster/cuda/device_epoch.hpp>
#include <aecluster/cuda/memory.hpp>
#include <aecluster/cuda/preprocess.hpp>

#include <algorithm>

namespace aecluster::cuda {

namespace {

using detail::AdamScalars;

struct Listed {
  const std::int64_t* indices;
  __device__ std::int64_t operator()(std::int64_t k) const { return indices[k]; }
};

// The batch of the step counter's step, read on the device so that a captured graph replays it.
__global__ void gather_kernel(const std::uint8_t* images, std::int64_t image_count, const std::int64_t* order,
                              const std::int64_t* step, std::int64_t batch, std::int64_t total, int channels,
                              std::int64_t plane, float* out) {
  __shared__ float table[256];
  kernels::fill_pixel_table(table);
  const std::int64_t* indices = order + *step * batch;
  kernels::convert_pixels(table, images, image_count, Listed{indices}, total, channels, plane, out);
}

__global__ void select_kernel(const AdamScalars* table, const std::int64_t* step, AdamScalars* slot) {
  *slot = table[*step];
}

__global__ void finish_kernel(const double* loss, double* losses, std::int64_t* step) {
  losses[*step] = *loss;
  *step += 1;
}

}  // namespace

struct EpochState::Impl {
  DeviceBuffer<std::int64_t> order, step;
  DeviceBuffer<AdamScalars> scalars;
  DeviceBuffer<double> losses;
  PinnedBuffer<std::int64_t> order_host;
  PinnedBuffer<AdamScalars> scalars_host;
  PinnedBuffer<double> losses_host;
  std::int64_t steps = 0;
  std::int64_t batch = 0;
};

EpochState::EpochState() : impl_(std::make_unique<Impl>()) { impl_->step.resize(1); }
EpochState::~EpochState() = default;

void EpochState::start(Context& ctx, std::span<const std::int64_t> order, std::int64_t steps, int batch,
                       const AdamSettings& adam, std::int64_t first_adam_step) {
  auto& s = *impl_;
  require(steps > 0 && batch > 0, "cuda::EpochState: an epoch needs at least one step and a positive batch size");
  const auto n = static_cast<std::int64_t>(order.size());
  // Grow-only buffers keep their addresses while the sizes stay, as a captured graph needs.
  s.order_host.resize(n);
  s.order.resize(n);
  s.scalars_host.resize(steps);
  s.scalars.resize(steps);
  s.losses.resize(steps);
  s.losses_host.resize(steps);
  std::copy(order.begin(), order.end(), s.order_host.data());
  for (std::int64_t k = 0; k < steps; ++k)
    s.scalars_host.data()[k] = detail::adam_scalars(adam, first_adam_step + k + 1);
  copy_to_device_async(ctx, s.order.data(), s.order_host.data(), sizeof(std::int64_t) * static_cast<std::size_t>(n));
  copy_to_device_async(ctx, s.scalars.data(), s.scalars_host.data(),
                       sizeof(AdamScalars) * static_cast<std::size_t>(steps));
  AECLUSTER_CHECK(cudaMemsetAsync(s.step.data(), 0, sizeof(std::int64_t), ctx.impl().stream));
  s.steps = steps;
  s.batch = batch;
}

void EpochState::gather(Context& ctx, const std::uint8_t* images, std::int64_t image_count, int n, int h, int w, int c,
                        float* out) {
  const std::int64_t total = std::int64_t{n} * h * w * c;
  if (total == 0) return;
  gather_kernel<<<kernels::grid_for(total, 4), kernels::block_threads, 0, ctx.impl().stream>>>(
      images, image_count, impl_->order.data(), impl_->step.data(), impl_->batch, total, c, std::int64_t{h} * w, out);
  AECLUSTER_CHECK_LAUNCH("gather_kernel");
}

void EpochState::select_adam_scalars(Context& ctx) {
  select_kernel<<<1, 1, 0, ctx.impl().stream>>>(impl_->scalars.data(), impl_->step.data(), ctx.impl().adam_device);
  AECLUSTER_CHECK_LAUNCH("select_kernel");
}

void EpochState::finish_step(Context& ctx) {
  finish_kernel<<<1, 1, 0, ctx.impl().stream>>>(ctx.impl().loss_device, impl_->losses.data(), impl_->step.data());
  AECLUSTER_CHECK_LAUNCH("finish_kernel");
}

std::vector<double> EpochState::losses(Context& ctx) {
  auto& s = *impl_;
  copy_to_host_async(ctx, s.losses_host.data(), s.losses.data(), sizeof(double) * static_cast<std::size_t>(s.steps));
  ctx.synchronize();
  return std::vector<double>(s.losses_host.data(), s.losses_host.data() + s.steps);
}

void set_adam_scalars_from_device(Context& ctx, bool on) { ctx.impl().adam_scalars_from_device = on; }

}  // namespace aecluster::cuda
