#include "check.hpp"

#include <aecluster/cuda/device.hpp>

#include <cstdio>

namespace aecluster::cuda {

int device_count(std::string* reason) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    // Clear the error so that a later, unrelated call does not report it.
    cudaGetLastError();
    if (reason)
      *reason = std::string("cudaGetDeviceCount: ") + cudaGetErrorName(status) + ": " + cudaGetErrorString(status);
    return 0;
  }
  if (count == 0 && reason) *reason = "cudaGetDeviceCount found no device";
  return count;
}

DeviceInfo device_info(int device) {
  std::string reason;
  const int count = device_count(&reason);
  if (count == 0) throw NoDevice("no CUDA device (" + reason + ")");
  if (device < 0 || device >= count)
    throw NoDevice(
        aecluster::detail::concat("CUDA device ", device, " does not exist (", count, " device(s) present)"));
  cudaDeviceProp p{};
  AECLUSTER_CHECK(cudaGetDeviceProperties(&p, device));
  DeviceInfo info;
  info.index = device;
  info.name = p.name;
  info.compute_major = p.major;
  info.compute_minor = p.minor;
  info.multiprocessors = p.multiProcessorCount;
  info.memory_bytes = p.totalGlobalMem;
  info.l2_bytes = static_cast<std::size_t>(p.l2CacheSize);
  AECLUSTER_CHECK(cudaDriverGetVersion(&info.driver_version));
  AECLUSTER_CHECK(cudaRuntimeGetVersion(&info.runtime_version));
  info.cudnn_version = cudnnGetVersion();
  int major = 0, minor = 0, patch = 0;
  if (cublasGetProperty(MAJOR_VERSION, &major) == CUBLAS_STATUS_SUCCESS &&
      cublasGetProperty(MINOR_VERSION, &minor) == CUBLAS_STATUS_SUCCESS &&
      cublasGetProperty(PATCH_LEVEL, &patch) == CUBLAS_STATUS_SUCCESS)
    info.cublas_version = major * 10000 + minor * 100 + patch;
  return info;
}

std::string DeviceInfo::summary() const {
  char buf[512];
  const auto cudnn_major = cudnn_version / 10000, cudnn_minor = cudnn_version / 100 % 100,
             cudnn_patch = cudnn_version % 100;
  std::snprintf(buf, sizeof buf,
                "%s (sm_%d%d, %d SMs, %.1f GiB), driver %d.%d, runtime %d.%d, cuDNN %zu.%zu.%zu, cuBLAS %d.%d.%d",
                name.c_str(), compute_major, compute_minor, multiprocessors, double(memory_bytes) / double(1ull << 30),
                driver_version / 1000, driver_version % 1000 / 10, runtime_version / 1000, runtime_version % 1000 / 10,
                cudnn_major, cudnn_minor, cudnn_patch, cublas_version / 10000, cublas_version / 100 % 100,
                cublas_version % 100);
  return buf;
}

}  // namespace aecluster::cuda
