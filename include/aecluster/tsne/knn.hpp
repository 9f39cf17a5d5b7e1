#pragma once
// Moved to <aecluster/cluster/tsne/knn.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/tsne/knn.hpp>
