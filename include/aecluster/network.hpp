#pragma once
// Moved to <aecluster/nn/network.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/network.hpp>
