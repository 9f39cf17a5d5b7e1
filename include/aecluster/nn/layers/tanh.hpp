#pragma once
// Tanh, applied in place; its backward pass uses its own output (activation.hpp).
#include <aecluster/nn/layers/activation.hpp>

namespace aecluster {

using Tanh = Activation<ActivationKind::tanh>;

}  // namespace aecluster
