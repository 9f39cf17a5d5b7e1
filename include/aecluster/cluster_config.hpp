#pragma once
// Moved to <aecluster/cluster/config.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/config.hpp>
