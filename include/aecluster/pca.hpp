#pragma once
// Moved to <aecluster/cluster/pca.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/pca.hpp>
