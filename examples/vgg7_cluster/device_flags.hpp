#pragma once

namespace vgg7 {

// The CUDA backend's numerics flags of train and run (--deterministic, --tf32; cuda/README.md).
// The CPU ignores them: it is deterministic, and has no TF32.
struct DeviceFlags {
  bool deterministic = false;  // deterministic cuDNN algorithms, chosen by heuristics
  bool tf32 = false;           // TF32 tensor cores in convolutions and cuBLAS
};

}  // namespace vgg7
