// AnyModel for the vgg7 architecture (see any_model.hpp): its templates, compiled once.
#include "model_impl.hpp"

namespace vgg7 {

template <class Device>
std::unique_ptr<AnyModel> make_vgg7(typename Device::Context& ctx, int channels, std::uint64_t seed) {
  return make_arch<aecluster::archs::vgg7, Device>(ctx, channels, seed);
}

VGG7_INSTANTIATE_MAKER(make_vgg7)

}  // namespace vgg7
