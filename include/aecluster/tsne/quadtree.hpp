#pragma once
// Moved to <aecluster/cluster/tsne/quadtree.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/tsne/quadtree.hpp>
