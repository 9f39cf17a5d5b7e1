#pragma once
// Lays out the tensors of one or more layer stacks in flat buffers (parameters, their
// gradients, float buffers such as running statistics, and host-side int64 counters), in
// PyTorch's state_dict order, binds every layer to its slices and initialises them.
#include <aecluster/backend.hpp>
#include <aecluster/error.hpp>
#include <aecluster/nn/layers/layer.hpp>
#include <aecluster/random.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace aecluster {

// One named tensor, in PyTorch's state_dict order. `offset` indexes the flat parameter
// buffer, the flat float-buffer buffer, or the counters, according to kind.
struct StateEntry {
  std::string name;
  TensorSpec::Kind kind;
  Shape shape;
  std::int64_t offset;
  std::int64_t numel;
};

// Where the parameters of the last layer that has any begin in the flat parameter buffer (its
// tensors are the buffer's tail: layers are laid out in order). For an autoencoder that is the
// decoder's output layer. Returns 0 when no layer has parameters.
inline std::int64_t last_layer_parameter_offset(const std::vector<StateEntry>& state) {
  auto last = std::find_if(state.rbegin(), state.rend(),
                           [](const StateEntry& e) { return e.kind == TensorSpec::Kind::parameter; });
  if (last == state.rend()) return 0;
  const std::string layer = last->name.substr(0, last->name.rfind('.') + 1);
  std::int64_t first = last->offset;
  for (auto it = last; it != state.rend() && it->name.starts_with(layer); ++it)
    if (it->kind == TensorSpec::Kind::parameter) first = std::min(first, it->offset);
  return first;
}

template <Backend Device>
class ParameterStore {
 public:
  using Context = typename Device::Context;
  using T = typename Device::scalar;

  // Call layout() for every stack, then allocate(), then bind() for every stack.
  template <class Stack>
  void layout(Stack& stack, const std::string& prefix) {
    stack.for_each_layer([&]<std::size_t I>(auto&) {
      using S = typename Stack::template Spec<I>;
      for (const auto& t : S::tensors) {
        Shape shape;
        for (int d = 0; d < t.rank; ++d) shape.push_back(t.dims[d]);
        std::int64_t& next = t.kind == TensorSpec::Kind::parameter ? param_count_
                             : t.kind == TensorSpec::Kind::buffer  ? buffer_count_
                                                                   : counter_count_;
        const std::int64_t numel = t.kind == TensorSpec::Kind::counter ? 1 : t.numel();
        state_.push_back({prefix + std::to_string(I) + "." + t.name, t.kind, shape, next, numel});
        next += numel;
      }
    });
  }

  void allocate() {
    params_.resize(param_count_);
    grads_.resize(param_count_);
    buffers_.resize(buffer_count_);
    counters_.assign(static_cast<std::size_t>(counter_count_), 0);
  }

  template <class Stack>
  void bind(Stack& stack, const std::string& prefix) {
    std::size_t entry = first_entry(prefix);
    stack.for_each_layer([&]<std::size_t I>(auto& layer) {
      using S = typename Stack::template Spec<I>;
      LayerBinding<T> b;
      for (std::size_t t = 0; t < S::tensors.size(); ++t, ++entry) {
        const auto& e = state_[entry];
        if (e.kind == TensorSpec::Kind::parameter) {
          b.tensor[t] = params_.data() + e.offset;
          b.grad[t] = grads_.data() + e.offset;
        } else if (e.kind == TensorSpec::Kind::buffer) {
          b.tensor[t] = buffers_.data() + e.offset;
        } else {
          b.counter[t] = counters_.data() + e.offset;
        }
      }
      layer.bind(b);
    });
  }

  // Draws every layer's initial values on the host, in layer order, and uploads them.
  template <class... Stacks>
  void initialize(Context& ctx, std::uint64_t seed, std::pair<Stacks*, std::string>... stacks) {
    Rng rng(seed);
    std::vector<T> host_params(static_cast<std::size_t>(param_count_));
    std::vector<T> host_buffers(static_cast<std::size_t>(buffer_count_));
    auto init_stack = [&](auto* stack, const std::string& prefix) {
      std::size_t entry = first_entry(prefix);
      stack->for_each_layer([&]<std::size_t I>(auto&) {
        using S = typename std::remove_pointer_t<decltype(stack)>::template Spec<I>;
        std::array<std::span<T>, S::tensors.size()> views{};
        for (std::size_t t = 0; t < S::tensors.size(); ++t, ++entry) {
          const auto& e = state_[entry];
          const auto n = static_cast<std::size_t>(e.numel);
          if (e.kind == TensorSpec::Kind::parameter) views[t] = {host_params.data() + e.offset, n};
          if (e.kind == TensorSpec::Kind::buffer) views[t] = {host_buffers.data() + e.offset, n};
        }
        if constexpr (S::tensors.size() > 0) S::init(rng, views);
      });
    };
    (init_stack(stacks.first, stacks.second), ...);
    Device::upload(ctx, host_params.data(), params_.data(), param_count_);
    Device::upload(ctx, host_buffers.data(), buffers_.data(), buffer_count_);
    std::ranges::fill(counters_, 0);
  }

  [[nodiscard]] const std::vector<StateEntry>& state() const { return state_; }
  [[nodiscard]] std::int64_t parameter_count() const { return param_count_; }
  [[nodiscard]] std::int64_t buffer_count() const { return buffer_count_; }
  [[nodiscard]] T* parameters() { return params_.data(); }
  [[nodiscard]] T* gradients() { return grads_.data(); }
  [[nodiscard]] T* buffers() { return buffers_.data(); }
  [[nodiscard]] std::span<std::int64_t> counters() { return counters_; }

 private:
  std::size_t first_entry(const std::string& prefix) const {
    std::size_t entry = 0;
    while (entry < state_.size() && !state_[entry].name.starts_with(prefix)) ++entry;
    return entry;
  }

  std::vector<StateEntry> state_;
  std::int64_t param_count_ = 0, buffer_count_ = 0, counter_count_ = 0;
  typename Device::template Buffer<T> params_, grads_, buffers_;
  std::vector<std::int64_t> counters_;
};

// What Network and Autoencoder share: the context they run in and the store of their tensors,
// with the accessors over it.
template <Backend Device>
class StoredModel {
 public:
  using Context = typename Device::Context;
  using T = typename Device::scalar;

  // Every tensor, named as in PyTorch's state_dict.
  [[nodiscard]] const std::vector<StateEntry>& state() const { return store_.state(); }
  [[nodiscard]] std::int64_t parameter_count() const { return store_.parameter_count(); }
  [[nodiscard]] std::int64_t buffer_count() const { return store_.buffer_count(); }
  [[nodiscard]] T* parameters() { return store_.parameters(); }
  [[nodiscard]] T* gradients() { return store_.gradients(); }
  [[nodiscard]] T* buffers() { return store_.buffers(); }
  [[nodiscard]] std::span<std::int64_t> counters() { return store_.counters(); }
  [[nodiscard]] Context& context() { return ctx_; }

 protected:
  explicit StoredModel(Context& ctx) : ctx_(ctx) {}

  Context& ctx_;
  ParameterStore<Device> store_;
};

}  // namespace aecluster
