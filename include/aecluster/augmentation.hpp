#pragma once
// Moved to <aecluster/nn/augmentation.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/augmentation.hpp>
