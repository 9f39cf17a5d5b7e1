#pragma once
// Moved to <aecluster/cluster/metrics.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/metrics.hpp>
