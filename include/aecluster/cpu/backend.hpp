#pragma once
// The CPU backend: convolutions as products of lowered images by our own AVX-512 matrix kernel
// (gemm.hpp; Eigen's product where it does not apply), Winograd 3x3 and frequency-domain
// transposed convolutions, multi-threaded by aecluster::ThreadPool.
#include <aecluster/backend.hpp>
#include <aecluster/cpu/adam.hpp>
#include <aecluster/cpu/batch_norm.hpp>
#include <aecluster/cpu/context.hpp>
#include <aecluster/cpu/conv.hpp>
#include <aecluster/cpu/elementwise.hpp>
#include <aecluster/cpu/pooling.hpp>

#include <cstring>

namespace aecluster {

// T is float in normal use; double serves the finite-difference gradient checks.
template <class T>
struct BasicCpu {
  using scalar = T;
  using Context = cpu::Context;
  template <class U>
  using Buffer = cpu::HostBuffer<U>;
  static constexpr const char* name = "cpu";
  static constexpr bool is_cpu = true;

  template <class U>
  static void upload(Context&, const U* host, U* device, std::int64_t count) {
    if (count > 0) std::memcpy(device, host, sizeof(U) * static_cast<std::size_t>(count));
  }
  template <class U>
  static void download(Context&, const U* device, U* host, std::int64_t count) {
    if (count > 0) std::memcpy(host, device, sizeof(U) * static_cast<std::size_t>(count));
  }
  template <class U>
  static void fill(Context&, U* device, U value, std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) device[i] = value;
  }

  static constexpr auto conv2d_forward = cpu::conv2d_forward<T>;
  static constexpr auto conv2d_backward_data = cpu::conv2d_backward_data<T>;
  static constexpr auto conv2d_backward_filter = cpu::conv2d_backward_filter<T>;
  static constexpr auto bias_forward = cpu::bias_forward<T>;
  static constexpr auto bias_backward = cpu::bias_backward<T>;
  static constexpr auto relu_forward = cpu::relu_forward<T>;
  static constexpr auto relu_backward = cpu::relu_backward<T>;
  static constexpr auto tanh_forward = cpu::tanh_forward<T>;
  static constexpr auto tanh_backward = cpu::tanh_backward<T>;
  static constexpr auto max_pool2x2_forward = cpu::max_pool2x2_forward<T>;
  static constexpr auto max_pool2x2_backward = cpu::max_pool2x2_backward<T>;
  static constexpr auto batch_norm_forward_train = cpu::batch_norm_forward_train<T>;
  static constexpr auto batch_norm_forward_eval = cpu::batch_norm_forward_eval<T>;
  static constexpr auto batch_norm_backward = cpu::batch_norm_backward<T>;
  static constexpr auto mse_loss = cpu::mse_loss<T>;
  static constexpr auto adam_step = cpu::adam_step<T>;
};

using Cpu = BasicCpu<float>;
using CpuF64 = BasicCpu<double>;

static_assert(Backend<Cpu>);
static_assert(Backend<CpuF64>);

}  // namespace aecluster
