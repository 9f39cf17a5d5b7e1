#include "any_model.hpp"

#include <aecluster/cpu/backend.hpp>
#include <aecluster/error.hpp>
#ifdef AECLUSTER_HAVE_CUDA
#include <aecluster/cuda/backend.hpp>
#endif

namespace vgg7 {

template <class Device>
std::unique_ptr<AnyModel> make_model(typename Device::Context& ctx, std::string_view arch, int channels, std::uint64_t seed) {
  if (arch == "baseline") return make_baseline<Device>(ctx, channels, seed);
  if (arch == "baseline_bn") return make_baseline_bn<Device>(ctx, channels, seed);
  if (arch == "vgg7") return make_vgg7<Device>(ctx, channels, seed);
  aecluster::fail("unknown architecture '", arch, "' (expected baseline, baseline_bn or vgg7)");
}

template std::unique_ptr<AnyModel> make_model<aecluster::Cpu>(aecluster::Cpu::Context&, std::string_view, int, std::uint64_t);
#ifdef AECLUSTER_HAVE_CUDA
template std::unique_ptr<AnyModel> make_model<aecluster::Cuda>(aecluster::Cuda::Context&, std::string_view, int, std::uint64_t);
#endif

}  // namespace vgg7
