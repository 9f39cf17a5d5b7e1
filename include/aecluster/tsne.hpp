#pragma once
// Moved to <aecluster/cluster/tsne.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/tsne.hpp>
