#pragma once
// Training of an Autoencoder<Arch, Cuda> with the data set on the device, as `vgg7_cluster
// train/run --device cuda` runs it. Trainer (training.hpp) preprocesses every batch on the host,
// uploads it from pageable memory and waits for each step's loss; here:
//   - the uint8 images are uploaded once and converted on the device (our preprocessing kernel,
//     bit-identical to the host's), each batch gathered there by its indices;
//   - the batches are those of Trainer (data::Batches, same seed and epoch: the same shuffle),
//     their indices uploaded once per epoch with Adam's scalars for each step (EpochState);
//   - every full batch after the first replays one captured CUDA graph (gather, forward, MSE,
//     backward, Adam, loss record), which reads what changes per step at a device step counter,
//     so the host queues the whole epoch without waiting; an epoch's last, smaller batch runs
//     eagerly through the same kernels;
//   - the losses are read back once per epoch, and their mean is Trainer's (the same sum in the
//     same order), so the progress callback gets NaN for the running mean.
// The steps compute what Trainer's steps compute on the same device (same kernels, algorithms
// and scalars; gpu_tests checks it bit for bit in deterministic mode).
// Options that this loop does not implement (augmentation, a learning-rate schedule or warm-up,
// an output-layer rate factor: each changes the batch or Adam's scalars per step on the host)
// are trained by Trainer on the same device instead, so that they are honoured, not ignored.
#include <aecluster/cuda/backend.hpp>
#include <aecluster/cuda/device_buffer.hpp>
#include <aecluster/cuda/device_epoch.hpp>
#include <aecluster/cuda/graph.hpp>
#include <aecluster/cuda/step_capture.hpp>
#include <aecluster/data/batches.hpp>
#include <aecluster/error.hpp>
#include <aecluster/nn/adam.hpp>
#include <aecluster/nn/training.hpp>
#include <aecluster/tensor.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

namespace aecluster {
namespace cuda {

template <class Model>
class DeviceTrainer {
  static_assert(std::is_same_v<typename Model::Device, Cuda>, "DeviceTrainer: the model must run on the Cuda backend");

 public:
  using Device = Cuda;

  // use_graph = false runs every step eagerly through the same code (for comparison).
  DeviceTrainer(Model& model, const TrainOptions& options, bool use_graph = true)
      : model_(model),
        options_(options),
        adam_(model.context(), model.parameter_count(), options.adam),
        use_graph_(use_graph) {
    require(options.batch_size > 0, "training: batch size must be positive, got ", options.batch_size);
    if (!runs_on_device(options)) host_loop_ = std::make_unique<Trainer<Model>>(model, options);
  }

  // Whether the device-resident loop implements these options (otherwise Trainer runs them).
  static bool runs_on_device(const TrainOptions& o) {
    return !o.augment.active() && o.schedule.kind == LrSchedule::Kind::constant && o.schedule.warmup_epochs == 0 &&
           o.output_lr_factor == 1.0;
  }

  [[nodiscard]] Adam<Cuda>& optimizer() { return host_loop_ ? host_loop_->optimizer() : adam_; }
  [[nodiscard]] const TrainOptions& options() const { return options_; }
  [[nodiscard]] bool captured() const { return !graph_.empty(); }

  // As Trainer::train_epoch. `images` is uploaded on the first call and again whenever another
  // tensor (address or size) is passed.
  double train_epoch(const Tensor<std::uint8_t>& images, std::int64_t epoch, const StepProgress& progress = {}) {
    if (host_loop_) return host_loop_->train_epoch(images, epoch, progress);
    aecluster::detail::check_images_fit<Model>(images);
    auto& ctx = model_.context();
    upload(images);
    data::Batches batches(images.dim(0), {.batch_size = options_.batch_size,
                                          .shuffle = options_.shuffle,
                                          .seed = options_.seed,
                                          .limit = options_.limit});
    batches.start_epoch(epoch);
    const int batch = static_cast<int>(batches.batch_size());
    reserve(batch);
    model_.train();
    const std::int64_t count = batches.batch_count();
    order_.clear();
    sizes_.clear();
    for (std::int64_t b = 0; b < count; ++b) {
      const auto idx = batches.batch(b);
      require(b + 1 == count || static_cast<int>(idx.size()) == batch,
              "DeviceTrainer: only an epoch's last batch may be smaller");
      order_.insert(order_.end(), idx.begin(), idx.end());
      sizes_.push_back(static_cast<int>(idx.size()));
    }
    // A graph reads the epoch's buffers at fixed addresses: they keep them while the sizes stay.
    if (static_cast<std::int64_t>(order_.size()) != order_size_ || count != steps_) graph_ = Graph();
    order_size_ = static_cast<std::int64_t>(order_.size());
    steps_ = count;
    epoch_.start(ctx, order_, count, batch, adam_.settings(), adam_.steps());
    for (std::int64_t b = 0; b < count; ++b) {
      const int n = sizes_[static_cast<std::size_t>(b)];
      if (use_graph_ && n == batch && !graph_.empty()) {
        replay();
      } else {
        eager(n);
        if (use_graph_ && n == batch && graph_.empty()) capture();
      }
      if (progress) progress(b + 1, count, std::numeric_limits<double>::quiet_NaN());
    }
    const auto losses = epoch_.losses(ctx);
    double sum = 0;
    for (std::int64_t b = 0; b < count; ++b) {
      const double loss = losses[static_cast<std::size_t>(b)];
      require(std::isfinite(loss), "training diverged: the loss of epoch ", epoch + 1, ", batch ", b + 1, " is ", loss,
              " (try a lower learning rate)");
      sum += loss;
    }
    return sum / double(count);
  }

 private:
  void upload(const Tensor<std::uint8_t>& images) {
    if (images.data() == uploaded_from_ && images.numel() == images_.size()) return;
    graph_ = Graph();
    images_.resize(images.numel());
    Cuda::upload(model_.context(), images.data(), images_.data(), images.numel());
    uploaded_from_ = images.data();
    image_count_ = images.dim(0);
  }

  void reserve(int batch) {
    if (batch == reserved_) return;
    graph_ = Graph();
    input_.resize(std::int64_t{batch} * Model::input_size);
    model_.reserve(batch);
    reserved_ = batch;
  }

  // One step on the current step's n images, recorded into a capture when one is open.
  void issue(int n) {
    using In = typename Model::Input;
    auto& ctx = model_.context();
    epoch_.gather(ctx, images_.data(), image_count_, n, In::h, In::w, In::c, input_.data());
    if (ctx.capturing()) epoch_.select_adam_scalars(ctx);
    model_.forward_backward(input_.data(), n);
    adam_.step(model_.parameters(), model_.gradients());
    epoch_.finish_step(ctx);
  }

  void eager(int n) { issue(n); }

  void replay() {
    adam_.set_steps(adam_.steps() + 1);
    graph_.launch(model_.context());
    advance_counters(model_, counter_delta_);
  }

  // Captures one full step (the eager step before it chose the algorithms and sized every
  // buffer); the host-side counts it advanced are restored, and replays advance them.
  void capture() {
    auto& ctx = model_.context();
    set_adam_scalars_from_device(ctx, true);
    try {
      graph_ = capture_step(ctx, model_, adam_, counter_delta_, [&] { issue(reserved_); });
    } catch (...) {
      set_adam_scalars_from_device(ctx, false);
      throw;
    }
    set_adam_scalars_from_device(ctx, false);
  }

  Model& model_;
  TrainOptions options_;
  Adam<Cuda> adam_;
  bool use_graph_;
  const std::uint8_t* uploaded_from_ = nullptr;
  std::int64_t image_count_ = 0;
  int reserved_ = 0;
  std::int64_t order_size_ = -1, steps_ = -1;
  std::vector<std::int64_t> order_;
  std::vector<int> sizes_;
  DeviceBuffer<std::uint8_t> images_;
  DeviceBuffer<float> input_;
  EpochState epoch_;
  Graph graph_;  // declared after the buffers it points into: destroyed first
  std::vector<std::int64_t> counter_delta_;
  std::unique_ptr<Trainer<Model>> host_loop_;
};

}  // namespace cuda

// Models on the CUDA backend train with the data set on the device.
template <class Model>
struct TrainerFor<Model, std::enable_if_t<std::is_same_v<typename Model::Device, Cuda>>> {
  using type = cuda::DeviceTrainer<Model>;
};

}  // namespace aecluster
