#pragma once
// Moved to <aecluster/nn/checkpoint.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/checkpoint.hpp>
