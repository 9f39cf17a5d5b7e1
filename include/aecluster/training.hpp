#pragma once
// Moved to <aecluster/nn/training.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/training.hpp>
