#pragma once
// Moved to <aecluster/nn/layers/tanh.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/layers/tanh.hpp>
