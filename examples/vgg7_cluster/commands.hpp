#pragma once
// Each subcommand lives in its own file and registers itself on the application here.
#include <CLI/CLI.hpp>

namespace vgg7 {
}  // namespace vgg7
