#pragma once
// Moved to <aecluster/cluster/kmeans/options.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/kmeans/options.hpp>
