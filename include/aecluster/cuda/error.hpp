#pragma once
// Errors of the CUDA backend. Every failed CUDA, cuDNN or cuBLAS call becomes an aecluster::Error
// whose message names the call, the status code and its meaning; NoDevice is the one kind a
// program may want to tell apart (no driver, no GPU, or a driver too old for this toolkit), e.g.
// to fall back to the CPU backend or to skip GPU tests.
#include <aecluster/error.hpp>

namespace aecluster::cuda {

class NoDevice : public Error {
 public:
  using Error::Error;
};

}  // namespace aecluster::cuda
