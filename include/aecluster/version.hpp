#pragma once
// The library's version; CMakeLists.txt reads it from here, so it is stated once.
#define AECLUSTER_VERSION_MAJOR 0
#define AECLUSTER_VERSION_MINOR 1
#define AECLUSTER_VERSION_PATCH 0

namespace aecluster {
inline constexpr const char* version = "0.1.0";
}
