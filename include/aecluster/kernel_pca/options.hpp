#pragma once
// Moved to <aecluster/cluster/kernel_pca/options.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/kernel_pca/options.hpp>
