#pragma once
// Moved to <aecluster/nn/layers/activation.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/layers/activation.hpp>
