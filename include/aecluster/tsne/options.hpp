#pragma once
// Moved to <aecluster/cluster/tsne/options.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/tsne/options.hpp>
