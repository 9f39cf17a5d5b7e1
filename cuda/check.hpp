#pragma once
// Every CUDA, cuDNN and cuBLAS return code goes through one of these checks; a failure becomes
// an aecluster::Error naming the call as written, where it was made, the status code's name and
// number, and its description:
//   "cudaMalloc(&p, bytes) failed (memory.cpp:21): cudaErrorMemoryAllocation (2): out of memory"
#include <aecluster/error.hpp>

#include <cublas_v2.h>
#include <cuda_runtime_api.h>
#include <cudnn.h>

namespace aecluster::cuda::detail {

[[noreturn]] void throw_cuda_error(cudaError_t status, const char* call, const char* file, int line);
[[noreturn]] void throw_cudnn_error(cudnnStatus_t status, const char* call, const char* file, int line);
[[noreturn]] void throw_cublas_error(cublasStatus_t status, const char* call, const char* file, int line);

inline void check(cudaError_t status, const char* call, const char* file, int line) {
  if (status != cudaSuccess) [[unlikely]]
    throw_cuda_error(status, call, file, line);
}
inline void check(cudnnStatus_t status, const char* call, const char* file, int line) {
  if (status != CUDNN_STATUS_SUCCESS) [[unlikely]]
    throw_cudnn_error(status, call, file, line);
}
inline void check(cublasStatus_t status, const char* call, const char* file, int line) {
  if (status != CUBLAS_STATUS_SUCCESS) [[unlikely]]
    throw_cublas_error(status, call, file, line);
}

}  // namespace aecluster::cuda::detail

#define AECLUSTER_CHECK(call) ::aecluster::cuda::detail::check((call), #call, __FILE__, __LINE__)
// After a kernel launch: catches bad launch configurations at once (faults inside the kernel
// surface at the next call that waits for the device, e.g. mse_loss or download).
#define AECLUSTER_CHECK_LAUNCH(kernel) \
  ::aecluster::cuda::detail::check(cudaGetLastError(), "launch of " kernel, __FILE__, __LINE__)
