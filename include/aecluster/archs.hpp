#pragma once
// The three architectures of the assignment (MISSION.md), for C = 1 or 3 input channels and
// 32x32 images. Layer indices are those of PyTorch's nn.Sequential, hence the checkpoint keys
// (encoder.0.weight, encoder.1.running_mean, decoder.4.bias, ...).
#include <aecluster/layers/batch_norm2d.hpp>
#include <aecluster/layers/conv2d.hpp>
#include <aecluster/layers/conv_transpose2d.hpp>
#include <aecluster/layers/max_pool2d.hpp>
#include <aecluster/layers/relu.hpp>
#include <aecluster/layers/tanh.hpp>
#include <aecluster/sequential.hpp>

#include <array>
#include <string_view>

namespace aecluster::archs {

// The course's decoder, shared by all three: 256x4x4 -> 128x8x8 -> 64x16x16 -> Cx32x32.
template <int C>
using Decoder = Layers<ConvTranspose2d<256, 128, 5>, ReLU, ConvTranspose2d<128, 64, 9>, ReLU, ConvTranspose2d<64, C, 17>, Tanh>;

// The course's sample autoencoder.
template <int C>
struct baseline {
  static constexpr std::string_view name = "baseline";
  using input = Shape3<C, 32, 32>;
  using encoder = Layers<Conv2d<C, 64, 3, 1, 1>, ReLU, MaxPool2d<2>,      //
                         Conv2d<64, 128, 3, 1, 1>, ReLU, MaxPool2d<2>,    //
                         Conv2d<128, 256, 3, 1, 1>, ReLU, MaxPool2d<2>>;
  using decoder = Decoder<C>;
};

// The report's second step: BatchNorm2d after every encoder convolution.
template <int C>
struct baseline_bn {
  static constexpr std::string_view name = "baseline_bn";
  using input = Shape3<C, 32, 32>;
  using encoder = Layers<Conv2d<C, 64, 3, 1, 1>, BatchNorm2d<64>, ReLU, MaxPool2d<2>,      //
                         Conv2d<64, 128, 3, 1, 1>, BatchNorm2d<128>, ReLU, MaxPool2d<2>,   //
                         Conv2d<128, 256, 3, 1, 1>, BatchNorm2d<256>, ReLU, MaxPool2d<2>>;
  using decoder = Decoder<C>;
};

// The report's "VGG-7" encoder: Conv-BN-ReLU throughout (the report's listing drops one ReLU
// by a typo; see MISSION.md).
template <int C>
struct vgg7 {
  static constexpr std::string_view name = "vgg7";
  using input = Shape3<C, 32, 32>;
  using encoder = Layers<Conv2d<C, 64, 3, 1, 1>, BatchNorm2d<64>, ReLU,              //
                         Conv2d<64, 64, 3, 1, 1>, BatchNorm2d<64>, ReLU, MaxPool2d<2>,    //
                         Conv2d<64, 128, 3, 1, 1>, BatchNorm2d<128>, ReLU,           //
                         Conv2d<128, 128, 3, 1, 1>, BatchNorm2d<128>, ReLU, MaxPool2d<2>,  //
                         Conv2d<128, 256, 3, 1, 1>, BatchNorm2d<256>, ReLU,          //
                         Conv2d<256, 256, 3, 1, 1>, BatchNorm2d<256>, ReLU,          //
                         Conv2d<256, 256, 3, 1, 1>, BatchNorm2d<256>, ReLU, MaxPool2d<2>>;
  using decoder = Decoder<C>;
};

inline constexpr std::array<std::string_view, 3> names{"baseline", "baseline_bn", "vgg7"};

// Calls f.template operator()<Arch>() for the architecture named `name` with `channels` input
// channels: the run-time choice of a compile-time type.
template <class F>
decltype(auto) dispatch(std::string_view name, int channels, F&& f) {
  auto with = [&]<template <int> class A>() -> decltype(auto) {
    if (channels == 1) return f.template operator()<A<1>>();
    if (channels == 3) return f.template operator()<A<3>>();
    fail("architecture ", name, ": input channels must be 1 or 3, got ", channels);
  };
  if (name == "baseline") return with.template operator()<baseline>();
  if (name == "baseline_bn") return with.template operator()<baseline_bn>();
  if (name == "vgg7") return with.template operator()<vgg7>();
  fail("unknown architecture '", name, "' (expected baseline, baseline_bn or vgg7)");
}

}  // namespace aecluster::archs
