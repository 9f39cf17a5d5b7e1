#pragma once
// A one-line progress bar on stderr with rate and time left; silent when stderr is not a
// terminal (logs and pipes get the summary lines only).
#include <unistd.h>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace vgg7 {

class ProgressBar {
 public:
  ProgressBar(std::string label, std::int64_t total, std::string unit)
      : label_(std::move(label)),
        unit_(std::move(unit)),
        total_(total),
        start_(Clock::now()),
        enabled_(::isatty(STDERR_FILENO) != 0) {}
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar() { finish(); }

  void update(std::int64_t done, const std::string& extra = {}) {
    if (!enabled_ || finished_) return;
    const auto now = Clock::now();
    if (done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? double(done) / elapsed : 0;
    const double left = rate > 0 ? double(total_ - done) / rate : 0;
    constexpr int width = 24;
    const int filled = total_ > 0 ? static_cast<int>(width * done / total_) : width;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r\033[K%s [%s] %lld/%lld %s  %.1f %s/s  %s left%s%s", label_.c_str(), bar.c_str(),
                 static_cast<long long>(done), static_cast<long long>(total_), unit_.c_str(), rate, unit_.c_str(),
                 clock(left).c_str(), extra.empty() ? "" : "  ", extra.c_str());
    std::fflush(stderr);
    drawn_ = true;
  }

  void finish() {
    if (enabled_ && drawn_ && !finished_) {
      std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    }
    finished_ = true;
  }

  static std::string clock(double seconds) {
    const auto s = static_cast<long long>(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
      std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
      std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    return buf;
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::string label_, unit_;
  std::int64_t total_;
  Clock::time_point start_, last_draw_{};
  bool enabled_, drawn_ = false, finished_ = false;
};

}  // namespace vgg7
