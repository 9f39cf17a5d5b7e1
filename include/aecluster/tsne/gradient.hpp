#pragma once
// Moved to <aecluster/cluster/tsne/gradient.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/tsne/gradient.hpp>
