// AnyModel for the baseline_bn architecture (see any_model.hpp): its templates, compiled once.
#include "model_impl.hpp"

namespace vgg7 {

template <class Device>
std::unique_ptr<AnyModel> make_baseline_bn(typename Device::Context& ctx, int channels, std::uint64_t seed) {
  return make_arch<aecluster::archs::baseline_bn, Device>(ctx, channels, seed);
}

VGG7_INSTANTIATE_MAKER(make_baseline_bn)

}  // namespace vgg7
