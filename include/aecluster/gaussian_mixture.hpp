#pragma once
// Moved to <aecluster/cluster/gaussian_mixture.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/gaussian_mixture.hpp>
