#pragma once
// Moved to <aecluster/nn/checkpoint_summary.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/checkpoint_summary.hpp>
