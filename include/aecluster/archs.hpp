#pragma once
// Moved to <aecluster/nn/archs.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/archs.hpp>
