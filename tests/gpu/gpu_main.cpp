// The GPU tests' entry point: without a usable CUDA device it prints one line saying why and
// exits with 77, which ctest counts as skipped (SKIP_RETURN_CODE); listing the test cases works
// without a device. With AECLUSTER_REQUIRE_GPU=1 a missing device is a failure instead.
// `gpu_tests --device-info` prints the device (scripts/gpu-check's table).
#define DOCTEST_CONFIG_IMPLEMENT
#include <aecluster/cuda/device.hpp>

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {
bool only_listing(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a.find("list") != std::string_view::npos || a == "-ltc" || a == "-lts" || a == "-lr" || a == "-h" ||
        a == "--help" || a == "-?" || a == "-v" || a == "--version" || a.find("-count") != std::string_view::npos)
      return true;
  }
  return false;
}
}  // namespace

int main(int argc, char** argv) {
  // --device-info: one line describing the device (exit 0), or why there is none (exit 77).
  if (argc == 2 && std::string_view(argv[1]) == "--device-info") {
    std::string reason;
    if (!aecluster::cuda::device_available(&reason)) {
      std::printf("none (%s)\n", reason.c_str());
      return 77;
    }
    std::printf("%s\n", aecluster::cuda::device_info().summary().c_str());
    return 0;
  }
  doctest::Context context(argc, argv);
  if (!only_listing(argc, argv)) {
    std::string reason;
    if (!aecluster::cuda::device_available(&reason)) {
      const char* require = std::getenv("AECLUSTER_REQUIRE_GPU");
      const bool required = require != nullptr && std::string_view(require) == "1";
      std::printf("no CUDA device (%s): %s\n", reason.c_str(),
                  required ? "failing (AECLUSTER_REQUIRE_GPU=1)" : "skipping GPU tests");
      return required ? 1 : 77;
    }
    std::printf("GPU tests on %s\n", aecluster::cuda::device_info().summary().c_str());
  }
  return context.run();
}
