#pragma once
// Moved to <aecluster/nn/layers/batch_norm2d.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/layers/batch_norm2d.hpp>
