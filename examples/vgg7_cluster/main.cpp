// vgg7_cluster: trains convolutional autoencoders and clusters what they learn.
// The library throws aecluster::Error; this program owns the terminal and the exit code.
#include "commands.hpp"
#include "interrupt.hpp"

#include <aecluster/error.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  CLI::App app{"vgg7_cluster: convolutional autoencoders and clustering of what they learn"};
  app.require_subcommand(0, 1);
  const std::vector<std::string> command_line(argv, argv + argc);
  // one line per subcommand (see commands.hpp)
  vgg7::add_train_command(app);
  vgg7::add_encode_command(app);
  vgg7::add_reconstruct_command(app);
  vgg7::add_run_command(app, command_line);
  vgg7::add_cluster_command(app);
  vgg7::install_interrupt_handler();
  try {
    app.parse(argc, argv);
    if (app.get_subcommands().empty()) vgg7::run_main_job(command_line);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const vgg7::Interrupted& e) {
    std::fprintf(stderr, "\n%s\n", e.what());
    return 130;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
