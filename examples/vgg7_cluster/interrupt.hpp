#pragma once
// Ctrl-C: the first one asks the program to stop at the next safe point (between two batches
// or iterations, never inside a file write), so every finished checkpoint and file stays
// whole and no temporary file is left behind; a second one ends the program at once.
#include <aecluster/error.hpp>

#include <csignal>

namespace vgg7 {

class Interrupted : public aecluster::Error {
 public:
  Interrupted() : aecluster::Error("interrupted; finished checkpoints are kept (continue with --resume)") {}
};

namespace detail {
inline volatile std::sig_atomic_t interrupt_requested = 0;
extern "C" inline void on_interrupt(int) {
  if (interrupt_requested) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
  interrupt_requested = 1;
}
}  // namespace detail

inline void install_interrupt_handler() {
  std::signal(SIGINT, detail::on_interrupt);
  std::signal(SIGTERM, detail::on_interrupt);
  // Past a file-size limit (ulimit -f) a write then fails with EFBIG and is reported like a full
  // disk, keeping the previous files, instead of SIGXFSZ killing the program mid-write.
  std::signal(SIGXFSZ, SIG_IGN);
}

// Throws Interrupted once Ctrl-C was pressed.
inline void check_interrupt() {
  if (detail::interrupt_requested) throw Interrupted();
}

}  // namespace vgg7
