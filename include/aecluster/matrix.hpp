#pragma once
// Moved to <aecluster/cluster/matrix.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/matrix.hpp>
