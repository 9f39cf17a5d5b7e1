#pragma once
// The --device option of train, encode and reconstruct: cpu, cuda, or auto (the GPU when one
// is present, else the CPU). The CUDA branch is compiled only when the program links the CUDA
// backend (aecluster::cuda defines AECLUSTER_HAVE_CUDA); asking for cuda on a build or machine
// without it is an error (the program reports it and exits with 1).
#include <aecluster/cpu/backend.hpp>
#include <aecluster/error.hpp>
#ifdef AECLUSTER_HAVE_CUDA
#include <aecluster/cuda/backend.hpp>
#include <aecluster/cuda/device.hpp>
#endif

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

namespace vgg7 {

#ifdef AECLUSTER_HAVE_CUDA
inline constexpr bool built_with_cuda = true;
#else
inline constexpr bool built_with_cuda = false;
#endif

inline void add_device_option(CLI::App* cmd, std::string& device) {
  cmd->add_option("--device", device,
                  built_with_cuda ? "cpu, cuda, or auto (the GPU when one is present)" : "cpu (this build has no CUDA backend), cuda or auto")
      ->check(CLI::IsMember({"cpu", "cuda", "auto"}))
      ->capture_default_str();
}

// Calls f.template operator()<Backend>(ctx) with the backend named `device` and a context of
// `threads` host threads (the CUDA context also keeps a host pool, for loading and preprocessing).
template <class F>
void with_device(const std::string& device, int threads, F&& f) {
  aecluster::require(device == "cpu" || device == "cuda" || device == "auto", "--device must be cpu, cuda or auto, got '", device, "'");
#ifdef AECLUSTER_HAVE_CUDA
  if (device != "cpu") {
    std::string reason;
    if (aecluster::cuda::device_available(&reason)) {
      aecluster::Cuda::Context ctx(threads);
      std::fprintf(stderr, "device: %s\n", aecluster::cuda::device_info().summary().c_str());
      f.template operator()<aecluster::Cuda>(ctx);
      return;
    }
    if (device == "cuda") aecluster::fail("--device cuda: no usable CUDA device (", reason, ")");
    std::fprintf(stderr, "device: cpu (no usable CUDA device: %s)\n", reason.c_str());
  }
#else
  if (device == "cuda")
    aecluster::fail("--device cuda: this build has no CUDA backend (configure with -DAECLUSTER_CUDA=ON on a machine with the CUDA "
                    "toolkit and cuDNN)");
#endif
  aecluster::Cpu::Context ctx(threads);
  f.template operator()<aecluster::Cpu>(ctx);
}

}  // namespace vgg7
