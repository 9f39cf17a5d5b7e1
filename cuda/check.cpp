#include "check.hpp"

#include <cstring>

namespace aecluster::cuda::detail {

namespace {
const char* base_name(const char* path) {
  const char* slash = std::strrchr(path, '/');
  return slash ? slash + 1 : path;
}
}  // namespace

void throw_cuda_error(cudaError_t status, const char* call, const char* file, int line) {
  fail(call, " failed (", base_name(file), ":", line, "): ", cudaGetErrorName(status), " (", static_cast<int>(status),
       "): ", cudaGetErrorString(status));
}

void throw_cudnn_error(cudnnStatus_t status, const char* call, const char* file, int line) {
  char detail[512] = "";
  // cuDNN 9 keeps a longer explanation of the last error per thread.
  cudnnGetLastErrorString(detail, sizeof detail);
  fail(call, " failed (", base_name(file), ":", line, "): ", cudnnGetErrorString(status), " (",
       static_cast<int>(status), ")", detail[0] ? ": " : "", detail);
}

void throw_cublas_error(cublasStatus_t status, const char* call, const char* file, int line) {
  fail(call, " failed (", base_name(file), ":", line, "): ", cublasGetStatusName(status), " (",
       static_cast<int>(status), "): ", cublasGetStatusString(status));
}

}  // namespace aecluster::cuda::detail
