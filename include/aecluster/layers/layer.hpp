#pragma once
// Moved to <aecluster/nn/layers/layer.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/layers/layer.hpp>
