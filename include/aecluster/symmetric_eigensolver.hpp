#pragma once
// Moved to <aecluster/cluster/symmetric_eigensolver.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/cluster/symmetric_eigensolver.hpp>
