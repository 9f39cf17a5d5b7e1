#pragma once
// Moved to <aecluster/nn/lr_schedule.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/lr_schedule.hpp>
