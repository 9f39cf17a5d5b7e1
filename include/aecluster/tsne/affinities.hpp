#pragma once
// Moved to <aecluster/cluster/tsne/affinities.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/tsne/affinities.hpp>
