#pragma once
// Moved to <aecluster/cluster/clustering_device.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/clustering_device.hpp>
