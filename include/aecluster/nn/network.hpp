#pragma once
// Network<Device, Input, Layers<...>>: one layer stack with its own parameters, named as
// PyTorch names the tensors of a bare nn.Sequential ("0.weight", "1.running_mean", ...).
// Autoencoder is two such stacks; a Network alone serves single encoders and layer tests.
#include <aecluster/backend.hpp>
#include <aecluster/nn/parameter_store.hpp>
#include <aecluster/nn/sequential.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace aecluster {

template <Backend Device, class In, class List>
class Network : public StoredModel<Device> {
  using Base = StoredModel<Device>;
  using Base::ctx_;
  using Base::store_;

 public:
  using Context = typename Device::Context;
  using T = typename Device::scalar;
  using Stack = SequentialOf<Device, In, List>;
  using Input = In;
  using Output = typename Stack::Output;

  explicit Network(Context& ctx, std::uint64_t seed = 0) : Base(ctx) {
    store_.layout(stack_, "");
    store_.allocate();
    store_.bind(stack_, "");
    store_.initialize(ctx_, seed, std::pair{&stack_, std::string()});
  }
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  [[nodiscard]] Stack& stack() { return stack_; }

  T* forward(const T* x, int n, Mode mode) { return stack_.forward(ctx_, x, n, mode); }
  T* backward(T* dy, int n, bool need_input_grad) { return stack_.backward(ctx_, dy, n, need_input_grad); }

 private:
  Stack stack_;
};

}  // namespace aecluster
