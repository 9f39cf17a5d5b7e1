// The aecluster::clustering library: pipeline.hpp's functions compiled once (its compiled mode,
// AECLUSTER_COMPILED_CLUSTERING, which this target defines for itself and for its users).
#include <aecluster/pipeline.hpp>
#include <aecluster/pipeline_impl.hpp>
