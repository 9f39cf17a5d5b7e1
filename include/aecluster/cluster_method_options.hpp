#pragma once
// Moved to <aecluster/cluster/method_options.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/method_options.hpp>
