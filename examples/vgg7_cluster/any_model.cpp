#include "any_model.hpp"

#include <aecluster/cpu/backend.hpp>
#include <aecluster/nn/archs.hpp>
#ifdef AECLUSTER_HAVE_CUDA
#include <aecluster/cuda/backend.hpp>
#endif

namespace vgg7 {

std::vector<std::string> architecture_names() {
  return {aecluster::archs::names.begin(), aecluster::archs::names.end()};
}
std::string architecture_list() { return aecluster::archs::name_list(); }

template <class Device>
std::unique_ptr<AnyModel> make_model(typename Device::Context& ctx, std::string_view arch, int channels,
                                     std::uint64_t seed) {
  return aecluster::archs::dispatch_template(
      arch, [&]<template <int> class A>() { return ArchModels<A>::make(ctx, channels, seed); });
}

template std::unique_ptr<AnyModel> make_model<aecluster::Cpu>(aecluster::Cpu::Context&, std::string_view, int,
                                                              std::uint64_t);
#ifdef AECLUSTER_HAVE_CUDA
template std::unique_ptr<AnyModel> make_model<aecluster::Cuda>(aecluster::Cuda::Context&, std::string_view, int,
                                                               std::uint64_t);
#endif

}  // namespace vgg7
