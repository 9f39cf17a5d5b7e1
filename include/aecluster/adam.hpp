#pragma once
// Moved to <aecluster/nn/adam.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/adam.hpp>
