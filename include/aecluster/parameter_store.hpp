#pragma once
// Moved to <aecluster/nn/parameter_store.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/parameter_store.hpp>
