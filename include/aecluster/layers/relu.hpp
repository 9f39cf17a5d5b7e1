#pragma once
// Moved to <aecluster/nn/layers/relu.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/layers/relu.hpp>
