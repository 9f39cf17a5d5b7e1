#pragma once
// ReLU, applied in place (activation.hpp).
#include <aecluster/nn/layers/activation.hpp>

namespace aecluster {

using ReLU = Activation<ActivationKind::relu>;

}  // namespace aecluster
