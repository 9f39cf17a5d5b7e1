#include "context_impl.hpp"

#include <aecluster/cuda/device.hpp>

#include <cmath>
#include <sstream>
#include <utility>

namespace aecluster::cuda {

namespace detail {

ConvPlan::ConvPlan(ConvPlan&& o) noexcept
    : x(std::exchange(o.x, nullptr)),
      y(std::exchange(o.y, nullptr)),
      w(std::exchange(o.w, nullptr)),
      conv(std::exchange(o.conv, nullptr)),
      algorithm(o.algorithm),
      workspace(o.workspace),
      math(o.math),
      timed(o.timed),
      milliseconds(o.milliseconds),
      deterministic(o.deterministic),
      transform(o.transform) {}

ConvPlan::~ConvPlan() {
  // Destructors do not throw: a failure to free a descriptor leaks it at worst.
  if (x) cudnnDestroyTensorDescriptor(x);
  if (y) cudnnDestroyTensorDescriptor(y);
  if (w) cudnnDestroyFilterDescriptor(w);
  if (conv) cudnnDestroyConvolutionDescriptor(conv);
}

BatchNormDescriptors::BatchNormDescriptors(BatchNormDescriptors&& o) noexcept
    : x(std::exchange(o.x, nullptr)), stats(std::exchange(o.stats, nullptr)) {}

BatchNormDescriptors::~BatchNormDescriptors() {
  if (x) cudnnDestroyTensorDescriptor(x);
  if (stats) cudnnDestroyTensorDescriptor(stats);
}

AdamScalars adam_scalars(const AdamSettings& a, std::int64_t step) {
  // As the CPU backend computes them (cpu/adam.hpp): corrections in double, rounded once.
  const double bc1 = 1.0 - std::pow(a.beta1, double(step));
  const double bc2 = 1.0 - std::pow(a.beta2, double(step));
  AdamScalars s;
  s.step_size = static_cast<float>(a.lr / bc1);
  s.bc2_sqrt = static_cast<float>(std::sqrt(bc2));
  s.beta1 = static_cast<float>(a.beta1);
  s.beta2 = static_cast<float>(a.beta2);
  s.weight_decay = static_cast<float>(a.weight_decay);
  s.eps = static_cast<float>(a.eps);
  return s;
}

}  // namespace detail

const char* to_string(ConvDirection d) {
  switch (d) {
    case ConvDirection::forward: return "forward";
    case ConvDirection::backward_data: return "backward-data";
    case ConvDirection::backward_filter: return "backward-filter";
  }
  return "?";
}

Context::Impl::Impl(const Settings& s) : settings(s) {
  std::string reason;
  const int count = device_count(&reason);
  if (count == 0) throw NoDevice("no CUDA device (" + reason + ")");
  if (s.device < 0 || s.device >= count)
    throw NoDevice(
        aecluster::detail::concat("CUDA device ", s.device, " does not exist (", count, " device(s) present)"));
  try {
    AECLUSTER_CHECK(cudaSetDevice(s.device));
    AECLUSTER_CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
    AECLUSTER_CHECK(cudnnCreate(&cudnn));
    AECLUSTER_CHECK(cudnnSetStream(cudnn, stream));
    AECLUSTER_CHECK(cublasCreate(&cublas));
    AECLUSTER_CHECK(cublasSetStream(cublas, stream));
    AECLUSTER_CHECK(cublasSetMathMode(cublas, s.allow_tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
    AECLUSTER_CHECK(cudnnCreateActivationDescriptor(&relu));
    AECLUSTER_CHECK(cudnnSetActivationDescriptor(relu, CUDNN_ACTIVATION_RELU, CUDNN_NOT_PROPAGATE_NAN, 0.0));
    AECLUSTER_CHECK(cudnnCreateActivationDescriptor(&tanh));
    AECLUSTER_CHECK(cudnnSetActivationDescriptor(tanh, CUDNN_ACTIVATION_TANH, CUDNN_PROPAGATE_NAN, 0.0));
    AECLUSTER_CHECK(cudnnCreateTensorDescriptor(&activation_tensor));
    AECLUSTER_CHECK(cudaHostAlloc(reinterpret_cast<void**>(&loss_host), sizeof(double), cudaHostAllocPortable));
    AECLUSTER_CHECK(
        cudaHostAlloc(reinterpret_cast<void**>(&adam_host), sizeof(detail::AdamScalars), cudaHostAllocPortable));
    AECLUSTER_CHECK(cudaMalloc(reinterpret_cast<void**>(&loss_device), sizeof(double)));
    AECLUSTER_CHECK(cudaMalloc(reinterpret_cast<void**>(&adam_device), sizeof(detail::AdamScalars)));
    *loss_host = 0;
    *adam_host = {};
  } catch (...) {
    release();  // whatever was created before the failure
    throw;
  }
}

Context::Impl::~Impl() { release(); }

void Context::Impl::release() noexcept {
  if (stream) cudaStreamSynchronize(stream);
  conv_plans.clear();
  batch_norm_descriptors.clear();
  if (relu) cudnnDestroyActivationDescriptor(relu);
  if (tanh) cudnnDestroyActivationDescriptor(tanh);
  if (activation_tensor) cudnnDestroyTensorDescriptor(activation_tensor);
  if (cublas) cublasDestroy(cublas);
  if (cudnn) cudnnDestroy(cudnn);
  if (workspace_ptr) cudaFree(workspace_ptr);
  for (void* p : retired_workspaces) cudaFree(p);
  if (loss_device) cudaFree(loss_device);
  if (adam_device) cudaFree(adam_device);
  if (loss_host) cudaFreeHost(loss_host);
  if (adam_host) cudaFreeHost(adam_host);
  if (stream) cudaStreamDestroy(stream);
  relu = tanh = nullptr;
  activation_tensor = nullptr;
  cublas = nullptr;
  cudnn = nullptr;
  workspace_ptr = nullptr;
  retired_workspaces.clear();
  loss_device = nullptr;
  adam_device = nullptr;
  loss_host = nullptr;
  adam_host = nullptr;
  stream = nullptr;
}

void* Context::Impl::workspace(std::size_t bytes, const char* what) {
  if (bytes <= workspace_size) return workspace_ptr;
  if (capturing)
    fail("cuda: ", what, " needs ", bytes, " bytes of workspace (", workspace_size,
         " allocated) while a CUDA graph is being captured; run the same work once before capturing it");
  // Round up, so that a sequence of slightly growing requests does not reallocate each time.
  const std::size_t granule = std::size_t{1} << 20;
  const std::size_t rounded = (bytes + granule - 1) / granule * granule;
  if (workspace_ptr) {
    if (graphs_captured > 0) {
      retired_workspaces.push_back(workspace_ptr);
    } else {
      AECLUSTER_CHECK(cudaStreamSynchronize(stream));
      AECLUSTER_CHECK(cudaFree(workspace_ptr));
    }
    workspace_ptr = nullptr;
    workspace_size = 0;
  }
  AECLUSTER_CHECK(cudaMalloc(&workspace_ptr, rounded));
  workspace_size = rounded;
  return workspace_ptr;
}

void Context::Impl::graph_released() noexcept {
  if (graphs_captured > 0) --graphs_captured;
  if (graphs_captured > 0 || retired_workspaces.empty()) return;
  if (stream) cudaStreamSynchronize(stream);  // a replay still in flight may use them
  for (void* p : retired_workspaces) cudaFree(p);
  retired_workspaces.clear();
}

void Context::Impl::require_not_capturing(const char* what) const {
  if (capturing)
    fail("cuda: ", what, " cannot run while a CUDA graph is being captured (it would synchronise or allocate)");
}

Context::Context(int threads, const Settings& settings) : impl_(std::make_unique<Impl>(settings)), pool_(threads) {}
Context::~Context() = default;

const Settings& Context::settings() const { return impl_->settings; }

void Context::set_deterministic(bool on) { impl_->settings.deterministic = on; }

void Context::set_allow_tf32(bool on) {
  impl_->require_not_capturing("set_allow_tf32");
  AECLUSTER_CHECK(cublasSetMathMode(impl_->cublas, on ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
  impl_->settings.allow_tf32 = on;
}

void Context::synchronize() {
  impl_->require_not_capturing("synchronize");
  AECLUSTER_CHECK(cudaStreamSynchronize(impl_->stream));
}

void* Context::stream() const { return impl_->stream; }
std::size_t Context::workspace_bytes() const { return impl_->workspace_size; }
std::size_t Context::cached_algorithms() const { return impl_->conv_plans.size(); }
bool Context::capturing() const { return impl_->capturing; }

std::string Context::describe_algorithms() const {
  std::ostringstream s;
  for (const auto& [key, plan] : impl_->conv_plans) {
    const auto& g = key.geometry;
    s << to_string(key.direction) << " n" << g.n << " " << g.in_c << "x" << g.in_h << "x" << g.in_w << " -> " << g.out_c
      << "x" << g.out_h << "x" << g.out_w << " k" << g.k << " s" << g.stride << " p" << g.pad << ": algorithm "
      << plan.algorithm << (plan.timed ? " (fastest measured" : " (heuristic")
      << (key.deterministic ? ", deterministic only" : "") << (key.allow_tf32 ? ", TF32 allowed" : ", FP32")
      << (plan.transform ? ", FFT/Winograd" : "") << "), workspace " << plan.workspace << " bytes";
    if (plan.timed) s << ", " << plan.milliseconds << " ms";
    s << "\n";
  }
  return s.str();
}

}  // namespace aecluster::cuda
