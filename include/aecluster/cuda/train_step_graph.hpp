#pragma once
// Training steps of an Autoencoder<Arch, Cuda> on a data set that stays on the device, replayed
// as one CUDA graph: the batch's indices are copied from page-locked memory, the images are
// gathered and preprocessed by our kernel (cuda/preprocess.hpp), then forward, MSE, backward
// and Adam -- one graph launch and one wait per step, instead of some sixty kernel launches, a
// host-side conversion and a synchronous upload.
//
// The first step of the graph's batch size runs eagerly (it chooses the convolution algorithms
// and sizes every buffer and the workspace) and is then captured; later steps of that size
// replay the graph, and steps of any other size (an epoch's last, partial batch) run eagerly.
// Replays compute exactly what eager steps compute (same kernels, same algorithms, same
// scalars), which gpu_tests checks bit for bit. What the host would do during a step is done
// around the replay: Adam's step count and scalars are refreshed through the context's
// page-locked slot, and BatchNorm's num_batches_tracked counters are advanced by what one
// captured step advanced them.
//
// While a TrainStepGraph lives, do not reserve its model for a larger batch (that would move the
// buffers the graph points into).
#include <aecluster/cuda/backend.hpp>
#include <aecluster/cuda/graph.hpp>
#include <aecluster/cuda/preprocess.hpp>
#include <aecluster/cuda/step_capture.hpp>
#include <aecluster/error.hpp>
#include <aecluster/nn/adam.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

namespace aecluster::cuda {

template <class Model>
class TrainStepGraph {
  static_assert(std::is_same_v<typename Model::Device, Cuda>, "TrainStepGraph: the model must run on the Cuda backend");

 public:
  // images: (N, H, W, C) uint8 in the model's input shape; uploaded once. use_graph = false runs
  // every step eagerly through the same code (for comparison).
  TrainStepGraph(Model& model, Adam<Cuda>& adam, const Tensor<std::uint8_t>& images, int batch, bool use_graph = true)
      : model_(model), adam_(adam), batch_(batch), use_graph_(use_graph) {
    using In = typename Model::Input;
    require(images.rank() == 4 && images.dim(1) == In::h && images.dim(2) == In::w && images.dim(3) == In::c,
            "TrainStepGraph: images of shape ", images.shape().str(), " do not fit architecture '", Model::arch_name,
            "'");
    require(batch > 0, "TrainStepGraph: batch size must be positive, got ", batch);
    require(adam.size() == model.parameter_count(), "TrainStepGraph: the optimiser does not belong to the model");
    image_count_ = images.dim(0);
    auto& ctx = model_.context();
    images_.resize(images.numel());
    Cuda::upload(ctx, images.data(), images_.data(), images.numel());
    indices_host_.resize(batch);
    indices_device_.resize(batch);
    input_.resize(std::int64_t{batch} * Model::input_size);
    model_.reserve(batch);
  }

  // One training step on images[indices] (at most the batch size given at construction).
  // Returns the batch's loss.
  double step(std::span<const std::int64_t> indices) {
    const auto n = static_cast<std::int64_t>(indices.size());
    require(n > 0 && n <= batch_, "TrainStepGraph: a step takes 1..", batch_, " images, got ", n);
    for (const auto i : indices)
      require(i >= 0 && i < image_count_, "TrainStepGraph: image index ", i, " is outside 0..", image_count_ - 1);
    std::copy(indices.begin(), indices.end(), indices_host_.data());
    if (!use_graph_ || n != batch_) return enqueue(static_cast<int>(n));
    if (graph_.empty()) {
      const double loss = enqueue(batch_);  // the warm-up: algorithms, buffers, workspace
      capture();
      return loss;
    }
    auto& ctx = model_.context();
    adam_.set_steps(adam_.steps() + 1);
    set_captured_adam_step(ctx, adam_.settings(), adam_.steps());
    graph_.launch(ctx);
    ctx.synchronize();
    advance_counters(model_, counter_delta_);
    return captured_loss(ctx);
  }

  [[nodiscard]] bool captured() const { return !graph_.empty(); }
  [[nodiscard]] const Graph& graph() const { return graph_; }
  [[nodiscard]] int batch_size() const { return batch_; }

 private:
  // Issues one step on the first n indices of indices_host_; returns the loss (NaN while capturing).
  double enqueue(int n) {
    auto& ctx = model_.context();
    using In = typename Model::Input;
    copy_to_device_async(ctx, indices_device_.data(), indices_host_.data(),
                         sizeof(std::int64_t) * static_cast<std::size_t>(n));
    preprocess_images(ctx, images_.data(), image_count_, indices_device_.data(), 0, n, In::h, In::w, In::c,
                      input_.data());
    const double loss = model_.forward_backward(input_.data(), n);
    adam_.step(model_.parameters(), model_.gradients());
    return loss;
  }

  void capture() {
    graph_ = capture_step(model_.context(), model_, adam_, counter_delta_, [&] { enqueue(batch_); });
  }

  Model& model_;
  Adam<Cuda>& adam_;
  int batch_;
  bool use_graph_;
  std::int64_t image_count_ = 0;
  DeviceBuffer<std::uint8_t> images_;
  PinnedBuffer<std::int64_t> indices_host_;
  DeviceBuffer<std::int64_t> indices_device_;
  DeviceBuffer<float> input_;
  Graph graph_;
  std::vector<std::int64_t> counter_delta_;
};

}  // namespace aecluster::cuda
