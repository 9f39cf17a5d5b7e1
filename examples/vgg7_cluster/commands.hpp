#pragma once
// Each subcommand lives in its own file and registers itself on the application here.
#include <CLI/CLI.hpp>

namespace vgg7 {
void add_train_command(CLI::App& app);
void add_encode_command(CLI::App& app);
void add_reconstruct_command(CLI::App& app);
void add_cluster_command(CLI::App& app);
}  // namespace vgg7
