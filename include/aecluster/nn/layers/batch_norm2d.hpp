#pragma once
// BatchNorm2d(channels, eps 1e-5, momentum 0.1, affine, track_running_stats), as
// torch.nn.BatchNorm2d: batch statistics in training (running statistics updated with the
// unbiased variance), running statistics in evaluation.
#include <aecluster/backend.hpp>
#include <aecluster/nn/layers/layer.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>

namespace aecluster {

template <int C>
struct BatchNorm2d {
  static_assert(C > 0, "BatchNorm2d: channel count must be positive");

  static constexpr const char* type_name = "BatchNorm2d";
  static constexpr bool in_place = false;
  static constexpr BatchNormSettings settings{};
  static constexpr std::array tensors{
      TensorSpec{"weight", TensorSpec::Kind::parameter, 1, {C}},
      TensorSpec{"bias", TensorSpec::Kind::parameter, 1, {C}},
      TensorSpec{"running_mean", TensorSpec::Kind::buffer, 1, {C}},
      TensorSpec{"running_var", TensorSpec::Kind::buffer, 1, {C}},
      TensorSpec{"num_batches_tracked", TensorSpec::Kind::counter, 0, {}},
  };

  template <class In>
  struct output {
    static_assert(In::c == C, "BatchNorm2d: the input's channel count differs from num_features");
    using type = In;
  };

  template <class Rng, class Tensors>
  static void init(Rng&, const Tensors& t) {
    std::ranges::fill(t[0], 1.0f);  // weight
    std::ranges::fill(t[1], 0.0f);  // bias
    std::ranges::fill(t[2], 0.0f);  // running_mean
    std::ranges::fill(t[3], 1.0f);  // running_var
  }

  template <class Device, class In>
  class Impl {
   public:
    using T = typename Device::scalar;
    using Out = In;
    void bind(const LayerBinding<T>& b) { b_ = b; }
    void reserve(typename Device::Context&, int) {
      saved_mean_.resize(C);
      saved_invstd_.resize(C);
    }

    void forward(typename Device::Context& ctx, const T* x, T* y, int n, Mode mode) {
      const PlaneGeometry p{n, C, std::int64_t{In::h} * In::w};
      if (mode == Mode::train) {
        require(n * p.hw > 1, "BatchNorm2d: training needs more than one value per channel (batch of ", n, ")");
        Device::batch_norm_forward_train(ctx, p, settings, x, b_.tensor[0], b_.tensor[1], y, saved_mean_.data(),
                                         saved_invstd_.data(), b_.tensor[2], b_.tensor[3]);
        ++*b_.counter[4];
      } else {
        Device::batch_norm_forward_eval(ctx, p, settings, x, b_.tensor[0], b_.tensor[1], b_.tensor[2], b_.tensor[3], y);
      }
    }
    // Backward always differentiates the training-mode forward (batch statistics).
    void backward(typename Device::Context& ctx, const T* x, const T*, const T* dy, T* dx, int n) {
      const PlaneGeometry p{n, C, std::int64_t{In::h} * In::w};
      require(dx != nullptr, "BatchNorm2d: cannot be the first layer of a trained network");
      Device::batch_norm_backward(ctx, p, x, dy, b_.tensor[0], saved_mean_.data(), saved_invstd_.data(), dx, b_.grad[0],
                                  b_.grad[1]);
    }

   private:
    LayerBinding<T> b_;
    typename Device::template Buffer<T> saved_mean_, saved_invstd_;
  };
};

}  // namespace aecluster
