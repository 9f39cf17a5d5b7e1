#pragma once
// Whether a usable CUDA device is present, and what it is. Nothing here throws for a missing
// device except device_info(), which throws NoDevice.
#include <aecluster/cuda/error.hpp>

#include <cstddef>
#include <string>

namespace aecluster::cuda {

struct DeviceInfo {
  int index = 0;
  std::string name;
  int compute_major = 0, compute_minor = 0;
  int multiprocessors = 0;
  std::size_t memory_bytes = 0;
  std::size_t l2_bytes = 0;
  int driver_version = 0;         // e.g. 13000 for CUDA 13.0
  int runtime_version = 0;        // the CUDA runtime this library was built with
  std::size_t cudnn_version = 0;  // e.g. 91900 for cuDNN 9.19.0 (the loaded library)
  int cublas_version = 0;

  // "NVIDIA H200 (sm_90, 132 SMs, 140.4 GiB), driver 13.0, runtime 13.0, cuDNN 9.19.0, cuBLAS 13.0.0"
  [[nodiscard]] std::string summary() const;
};

// The number of usable CUDA devices; 0 when there is no driver, no GPU or the driver is too
// old. When it is 0 and `reason` is given, *reason says why (the failing call and its error).
int device_count(std::string* reason = nullptr);

inline bool device_available(std::string* reason = nullptr) { return device_count(reason) > 0; }

// Throws NoDevice when the device does not exist.
DeviceInfo device_info(int device = 0);

}  // namespace aecluster::cuda
