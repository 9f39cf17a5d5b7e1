#pragma once
// Moved to <aecluster/cluster/consensus.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/consensus.hpp>
