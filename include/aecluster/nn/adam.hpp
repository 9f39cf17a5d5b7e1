#pragma once
// The Adam optimiser over one flat parameter buffer, with PyTorch's semantics (see
// AdamSettings and the backends' adam_step). Its state (exp_avg, exp_avg_sq, step) can be
// saved and restored so that training resumes exactly.
#include <aecluster/backend.hpp>
#include <aecluster/error.hpp>

#include <cmath>
#include <cstdint>

namespace aecluster {

template <Backend Device>
class Adam {
 public:
  using Context = typename Device::Context;
  using T = typename Device::scalar;

  Adam(Context& ctx, std::int64_t count, const AdamSettings& settings) : ctx_(ctx), count_(count), settings_(settings) {
    require(count >= 0, "Adam: negative parameter count");
    require(settings.lr >= 0, "Adam: learning rate must be >= 0, got ", settings.lr);
    require(settings.beta1 >= 0 && settings.beta1 < 1 && settings.beta2 >= 0 && settings.beta2 < 1,
            "Adam: betas must be in [0, 1), got ", settings.beta1, ", ", settings.beta2);
    require(settings.eps >= 0 && settings.weight_decay >= 0, "Adam: eps and weight_decay must be >= 0");
    exp_avg_.resize(count);
    exp_avg_sq_.resize(count);
    reset();
  }

  void reset() {
    Device::fill(ctx_, exp_avg_.data(), T(0), count_);
    Device::fill(ctx_, exp_avg_sq_.data(), T(0), count_);
    steps_ = 0;
  }

  // The parameters from index `first` on (a model's output layer: last_layer_parameter_offset)
  // step at `factor` times the learning rate; 1 (the default) is plain Adam.
  void set_tail(std::int64_t first, double factor) {
    require(first >= 0 && first <= count_, "Adam: tail start ", first, " outside [0, ", count_, "]");
    require(factor > 0 && std::isfinite(factor), "Adam: tail learning-rate factor must be > 0, got ", factor);
    tail_first_ = first;
    tail_factor_ = factor;
  }
  [[nodiscard]] double tail_factor() const { return tail_factor_; }

  void step(T* params, const T* grads) {
    ++steps_;
    // Elementwise, so splitting the buffer in two calls gives each element the update one call
    // would: a factor of 1 and no tail are the same bits.
    const std::int64_t head = tail_factor_ == 1.0 ? count_ : tail_first_;
    Device::adam_step(ctx_, settings_, steps_, params, grads, exp_avg_.data(), exp_avg_sq_.data(), head);
    if (head < count_) {
      AdamSettings tail = settings_;
      tail.lr *= tail_factor_;
      Device::adam_step(ctx_, tail, steps_, params + head, grads + head, exp_avg_.data() + head,
                        exp_avg_sq_.data() + head, count_ - head);
    }
  }

  [[nodiscard]] std::int64_t steps() const { return steps_; }
  void set_steps(std::int64_t s) { steps_ = s; }
  [[nodiscard]] std::int64_t size() const { return count_; }
  [[nodiscard]] const AdamSettings& settings() const { return settings_; }
  void set_learning_rate(double lr) { settings_.lr = lr; }
  [[nodiscard]] T* exp_avg() { return exp_avg_.data(); }
  [[nodiscard]] T* exp_avg_sq() { return exp_avg_sq_.data(); }

 private:
  Context& ctx_;
  std::int64_t count_;
  AdamSettings settings_;
  typename Device::template Buffer<T> exp_avg_, exp_avg_sq_;
  std::int64_t steps_ = 0;
  std::int64_t tail_first_ = 0;
  double tail_factor_ = 1.0;
};

}  // namespace aecluster
