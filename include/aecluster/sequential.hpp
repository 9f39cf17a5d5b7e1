#pragma once
// Moved to <aecluster/nn/sequential.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/sequential.hpp>
