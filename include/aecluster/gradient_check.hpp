#pragma once
// Moved to <aecluster/nn/gradient_check.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/gradient_check.hpp>
