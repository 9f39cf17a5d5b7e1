#pragma once
// Moved to <aecluster/nn/layers/max_pool2d.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/layers/max_pool2d.hpp>
