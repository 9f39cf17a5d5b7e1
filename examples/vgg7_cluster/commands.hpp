#pragma once
// Each subcommand lives in its own file and registers itself on the application here.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace vgg7 {
void add_train_command(CLI::App& app);
void add_encode_command(CLI::App& app);
void add_reconstruct_command(CLI::App& app);
void add_cluster_command(CLI::App& app);
// `run` records the command line it was started with in metrics.json.
void add_run_command(CLI::App& app, std::vector<std::string> command_line);
// vgg7_cluster without a subcommand: `run` with its defaults, resuming an earlier run in place.
void run_main_job(std::vector<std::string> command_line);
}  // namespace vgg7
