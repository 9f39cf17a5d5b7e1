#pragma once
// Compile-time composition of layers. Layers<Conv2d<3,64,3,1,1>, ReLU, ...> is a list of layer
// types; Sequential<Device, Input, Layers...> threads the input shape through them, so every
// stage's shape is a compile-time constant and a channel mismatch is a compile error.
// It owns the activations (one buffer per out-of-place stage, sized once by reserve()) and two
// gradient buffers it alternates between in the backward pass.
#include <aecluster/backend.hpp>
#include <aecluster/error.hpp>
#include <aecluster/nn/layers/layer.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace aecluster {

// Receives the wall time of every layer's forward and backward pass when set on a Sequential
// (for profiling; a null profiler costs one branch per layer).
class LayerProfiler {
 public:
  virtual ~LayerProfiler() = default;
  virtual void record(std::size_t layer, bool backward, double seconds) = 0;
};

template <class... L>
struct Layers {
  static constexpr std::size_t size = sizeof...(L);
};

namespace detail {

template <class In, class... Specs>
struct Chain;
template <class In>
struct Chain<In> {
  using out = In;
  using shapes = std::tuple<>;  // the input shape of each layer
};
template <class In, class S, class... Rest>
struct Chain<In, S, Rest...> {
  using mid = typename S::template output<In>::type;
  using out = typename Chain<mid, Rest...>::out;
  using shapes =
      decltype(std::tuple_cat(std::declval<std::tuple<In>>(), std::declval<typename Chain<mid, Rest...>::shapes>()));
};

template <class... Specs>
constexpr bool no_adjacent_in_place() {
  constexpr std::array<bool, sizeof...(Specs)> ip{Specs::in_place...};
  for (std::size_t i = 1; i < ip.size(); ++i)
    if (ip[i] && ip[i - 1]) return false;
  return true;
}

}  // namespace detail

template <class Device, class In, class... Specs>
class Sequential {
  static_assert(sizeof...(Specs) > 0, "Sequential: needs at least one layer");
  using Chain = detail::Chain<In, Specs...>;
  using InputShapes = typename Chain::shapes;
  using SpecTuple = std::tuple<Specs...>;
  static constexpr std::size_t count = sizeof...(Specs);

  template <std::size_t... I>
  static auto make_impls(std::index_sequence<I...>) -> std::tuple<
      typename std::tuple_element_t<I, SpecTuple>::template Impl<Device, std::tuple_element_t<I, InputShapes>>...>;
  using Impls = decltype(make_impls(std::make_index_sequence<count>{}));

  static_assert(!std::tuple_element_t<0, SpecTuple>::in_place,
                "Sequential: the first layer cannot work in place (it would overwrite the caller's input)");
  // An in-place layer overwrites its input, which is the output of the layer before it; in-place
  // layers (ReLU, Tanh) need their own output in backward, so two of them cannot be adjacent.
  static_assert(detail::no_adjacent_in_place<Specs...>(), "Sequential: two in-place layers cannot follow each other");

 public:
  using Context = typename Device::Context;
  using T = typename Device::scalar;
  using Input = In;
  using Output = typename Chain::out;
  template <std::size_t I>
  using Spec = std::tuple_element_t<I, SpecTuple>;
  template <std::size_t I>
  using StageInput = std::tuple_element_t<I, InputShapes>;
  static constexpr std::size_t size() { return count; }

  template <std::size_t I>
  auto& layer() {
    return std::get<I>(impls_);
  }

  // Sizes every activation for batches of up to n images; allocates only when n grows.
  void reserve(Context& ctx, int n) {
    require(n > 0, "Sequential: batch size must be positive, got ", n);
    if (n <= reserved_) return;
    std::int64_t largest = In::size;
    for_each_layer([&]<std::size_t I>(auto& layer) {
      using Out = typename std::remove_reference_t<decltype(layer)>::Out;
      largest = std::max(largest, Out::size);
      if constexpr (!Spec<I>::in_place) activations_[I].resize(std::int64_t{n} * Out::size);
      layer.reserve(ctx, n);
    });
    for (auto& g : grads_) g.resize(std::int64_t{n} * largest);
    reserved_ = n;
  }

  // Runs the layers on x (n images of shape Input). x must stay unchanged until backward().
  // Returns the output, valid until the next forward().
  T* forward(Context& ctx, const T* x, int n, Mode mode) {
    reserve(ctx, n);
    const T* cur = x;
    T* out = nullptr;
    for_each_layer([&]<std::size_t I>(auto& layer) {
      const auto start = profiler_ ? Clock::now() : Clock::time_point{};
      inputs_[I] = cur;
      if constexpr (Spec<I>::in_place) {
        out = const_cast<T*>(cur);  // the previous stage's own buffer (never the caller's input)
        layer.forward(ctx, out, n, mode);
      } else {
        out = activations_[I].data();
        layer.forward(ctx, cur, out, n, mode);
      }
      outputs_[I] = out;
      cur = out;
      if (profiler_) profiler_->record(I, false, std::chrono::duration<double>(Clock::now() - start).count());
    });
    return out;
  }

  // Back-propagates dy (n images of shape Output; may be overwritten) through the layers of the
  // last forward(). Writes every parameter gradient; returns the input gradient, or nullptr
  // when need_input_grad is false.
  T* backward(Context& ctx, T* dy, int n, bool need_input_grad) {
    require(n <= reserved_, "Sequential: backward with more images than the forward pass");
    T* cur = dy;
    int next = 0;
    for_each_layer_reversed([&]<std::size_t I>(auto& layer) {
      const auto start = profiler_ ? Clock::now() : Clock::time_point{};
      if constexpr (Spec<I>::in_place) {
        layer.backward(ctx, outputs_[I], cur, n);
      } else {
        T* dx = (I > 0 || need_input_grad) ? grads_[next].data() : nullptr;
        layer.backward(ctx, inputs_[I], outputs_[I], cur, dx, n);
        cur = dx;
        next ^= 1;
      }
      if (profiler_) profiler_->record(I, true, std::chrono::duration<double>(Clock::now() - start).count());
    });
    return cur;
  }

  // Times every layer into `profiler` (null to stop). The caller keeps it alive.
  void set_profiler(LayerProfiler* profiler) { profiler_ = profiler; }

  // Fills the gradient buffers with `value`: gradient checks poison them with NaN so that an
  // input gradient a layer fails to write cannot pass for a computed one.
  void fill_gradient_buffers(Context& ctx, T value) {
    for (auto& g : grads_) Device::fill(ctx, g.data(), value, g.size());
  }

  // Calls f.template operator()<I>(layer) for every layer in order.
  template <class F>
  void for_each_layer(F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) { (f.template operator()<I>(std::get<I>(impls_)), ...); }
    (std::make_index_sequence<count>{});
  }
  template <class F>
  void for_each_layer_reversed(F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (f.template operator()<count - 1 - I>(std::get<count - 1 - I>(impls_)), ...);
    }
    (std::make_index_sequence<count>{});
  }

 private:
  using Clock = std::chrono::steady_clock;
  Impls impls_;
  LayerProfiler* profiler_ = nullptr;
  std::array<typename Device::template Buffer<T>, count> activations_;
  std::array<typename Device::template Buffer<T>, 2> grads_;
  std::array<const T*, count> inputs_{};
  std::array<T*, count> outputs_{};
  int reserved_ = 0;
};

namespace detail {
template <class Device, class In, class List>
struct MakeSequential;
template <class Device, class In, class... L>
struct MakeSequential<Device, In, Layers<L...>> {
  using type = Sequential<Device, In, L...>;
};
}  // namespace detail

// Sequential<Device, In, L...> for a Layers<L...> list.
template <class Device, class In, class List>
using SequentialOf = typename detail::MakeSequential<Device, In, List>::type;

}  // namespace aecluster
