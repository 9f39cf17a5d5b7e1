#pragma once
// Moved to <aecluster/cluster/result.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/result.hpp>
