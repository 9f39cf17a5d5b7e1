#pragma once
// Moved to <aecluster/cluster/method.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/method.hpp>
