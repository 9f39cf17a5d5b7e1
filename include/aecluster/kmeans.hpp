#pragma once
// Moved to <aecluster/cluster/kmeans.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/kmeans.hpp>
