#pragma once
// The --device option of train, encode and reconstruct: cpu, cuda, or auto (the GPU when one
// is present, else the CPU). The CUDA branch is compiled only when the program links the CUDA
// backend (aecluster::cuda defines AECLUSTER_HAVE_CUDA); asking for cuda on a build or machine
// without it is an error (the program reports it and exits with 1).
#include "device_flags.hpp"

#include <aecluster/cluster/clustering_device.hpp>
#include <aecluster/cpu/backend.hpp>
#include <aecluster/error.hpp>
#ifdef AECLUSTER_HAVE_CUDA
#include <aecluster/cuda/backend.hpp>
#include <aecluster/cuda/clustering_device.hpp>
#include <aecluster/cuda/device.hpp>
#endif

#include <CLI/CLI.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <type_traits>

namespace vgg7 {

#ifdef AECLUSTER_HAVE_CUDA
inline constexpr bool built_with_cuda = true;
#else
inline constexpr bool built_with_cuda = false;
#endif

inline void add_device_option(CLI::App* cmd, std::string& device, DeviceFlags* flags = nullptr) {
  cmd->add_option("--device", device,
                  built_with_cuda ? "cpu, cuda, or auto (the GPU when one is present)"
                                  : "cpu (this build has no CUDA backend), cuda or auto")
      ->check(CLI::IsMember({"cpu", "cuda", "auto"}))
      ->capture_default_str();
  if (!flags) return;
  cmd->add_flag(
      "--deterministic", flags->deterministic,
      "On the GPU: deterministic cuDNN algorithms only, so two runs give the same files (slower); the CPU always is");
  cmd->add_flag("--tf32", flags->tf32, "On the GPU: allow TF32 tensor cores (faster, 10-bit products; off by default)");
}

// How the run's device computes, for the report: "cpu (N threads)" or "cuda (...)" naming the flags.
inline std::string describe_device(bool on_gpu, int threads, const DeviceFlags& flags) {
  if (!on_gpu) return "cpu (" + std::to_string(threads) + " threads)";
  return std::string("cuda (") + (flags.deterministic ? "deterministic algorithms" : "fastest algorithms") +
         (flags.tf32 ? ", TF32 on" : ", TF32 off") + ")";
}

// Calls f.template operator()<Backend>(ctx) with the backend named `device` and a context of
// `threads` host threads (the CUDA context also keeps a host pool, for loading and preprocessing).
template <class F>
void with_device(const std::string& device, int threads, F&& f, const DeviceFlags& flags = {}) {
  aecluster::require(device == "cpu" || device == "cuda" || device == "auto",
                     "--device must be cpu, cuda or auto, got '", device, "'");
#ifdef AECLUSTER_HAVE_CUDA
  if (device != "cpu") {
    std::string reason;
    if (aecluster::cuda::device_available(&reason)) {
      aecluster::Cuda::Context ctx(threads, {.deterministic = flags.deterministic, .allow_tf32 = flags.tf32});
      std::fprintf(stderr, "device: %s\n", aecluster::cuda::device_info().summary().c_str());
      f.template operator()<aecluster::Cuda>(ctx);
      return;
    }
    if (device == "cuda") aecluster::fail("--device cuda: no usable CUDA device (", reason, ")");
    std::fprintf(stderr, "device: cpu (no usable CUDA device: %s)\n", reason.c_str());
  }
#else
  if (device == "cuda")
    aecluster::fail(
        "--device cuda: this build has no CUDA backend (configure with -DAECLUSTER_CUDA=ON on a machine with the CUDA "
        "toolkit and cuDNN)");
#endif
  (void)flags;
  aecluster::Cpu::Context ctx(threads);
  f.template operator()<aecluster::Cpu>(ctx);
}

// While it lives, the clustering stages of this thread compute their dense kernel matrix on the
// GPU when Device is the CUDA backend (clustering_device.hpp); on the CPU it does nothing.
template <class Device>
class ClusteringOn {
 public:
  explicit ClusteringOn([[maybe_unused]] typename Device::Context& ctx) {
#ifdef AECLUSTER_HAVE_CUDA
    if constexpr (std::is_same_v<Device, aecluster::Cuda>) {
      device_.emplace(aecluster::cuda::clustering_device(ctx));
      scope_.emplace(*device_);
    }
#endif
  }

 private:
  std::optional<aecluster::ClusteringDevice> device_;
  std::optional<aecluster::ScopedClusteringDevice> scope_;  // after device_: ends first
};

}  // namespace vgg7
