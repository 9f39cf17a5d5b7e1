#pragma once
// Moved to <aecluster/nn/layers/conv2d.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/layers/conv2d.hpp>
