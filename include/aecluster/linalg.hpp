#pragma once
// Moved to <aecluster/cluster/linalg.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/linalg.hpp>
