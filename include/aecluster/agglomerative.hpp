#pragma once
// Moved to <aecluster/cluster/agglomerative.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/agglomerative.hpp>
