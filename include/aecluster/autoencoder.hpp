#pragma once
// Moved to <aecluster/nn/autoencoder.hpp>; kept for existing includes (aecluster-forwarding-header).
#include <aecluster/nn/autoencoder.hpp>
