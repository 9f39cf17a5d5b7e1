#pragma once
// Moved to <aecluster/cluster/spectral_clustering.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/spectral_clustering.hpp>
