#pragma once
// One writer per output folder: OutputLock takes an exclusive flock() on <dir>/.aecluster.lock
// for as long as it lives, so a second run on the same folder is refused instead of interleaving
// its checkpoints and report with the first's. The kernel drops the lock when the holder exits,
// however it exits (kill -9 included), so a killed run never leaves a stale lock behind; the file
// itself stays (removing it would race with a run that just opened it) and holds the last pid.
#include <aecluster/error.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace aecluster::io {

class OutputLock {
 public:
  explicit OutputLock(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) fail(dir.string(), ": cannot create the output folder: ", ec.message());
    const auto path = dir / ".aecluster.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
      fail(dir.string(), ": cannot write to the output folder (creating ", path.filename().string(), ": ",
           std::strerror(errno), ")");
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      char pid[32] = {};
      [[maybe_unused]] const auto n = ::pread(fd_, pid, sizeof pid - 1, 0);
      ::close(fd_);
      if (error == EWOULDBLOCK)
        fail(dir.string(), ": another run (pid ", std::string(pid).substr(0, std::string(pid).find('\n')),
             ") is writing to this output folder; wait for it to finish or choose another folder");
      fail(dir.string(), ": cannot lock the output folder: ", std::strerror(error));
    }
    remove_stale_temporaries(dir);
    const std::string text = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
      ::close(fd_);
      fail(dir.string(), ": cannot write to the output folder (", path.filename().string(), ": ", std::strerror(errno),
           ")");
    }
  }
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;
  ~OutputLock() { ::close(fd_); }

 private:
  // A run killed in the middle of writing (kill -9, power loss) leaves its temporary file behind
  // (".<name>.tmp.<pid>.<n>", see atomic_file.hpp); the real file was never replaced. With the
  // lock held no one else is writing here, so every such file is debris.
  static void remove_stale_temporaries(const std::filesystem::path& dir) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (name.size() > 1 && name[0] == '.' && name.find(".tmp.") != std::string::npos && it->is_regular_file(ec))
        std::filesystem::remove(it->path(), ec);
    }
  }

  int fd_ = -1;
};

}  // namespace aecluster::io
