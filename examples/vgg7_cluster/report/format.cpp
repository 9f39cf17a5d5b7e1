#include "report/format.hpp"

#include <cmath>
#include <cstdio>

namespace vgg7::report {

std::string format_fixed(double value, int decimals) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  decimals = decimals < 0 ? 0 : (decimals > 12 ? 12 : decimals);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string format_percent(double fraction, int decimals) {
  const std::string s = format_fixed(fraction * 100, decimals);
  return std::isfinite(fraction) ? s + " %" : s;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return format_fixed(seconds, 1) + " s";
  char buf[64];
  if (seconds < 1) {
    std::snprintf(buf, sizeof buf, "%.3f s", seconds);
  } else if (seconds < 60) {
    std::snprintf(buf, sizeof buf, "%.1f s", seconds);
  } else if (seconds < 3600) {
    const long s = std::lround(seconds);
    std::snprintf(buf, sizeof buf, "%ld min %02ld s", s / 60, s % 60);
  } else {
    const long m = std::lround(seconds / 60);
    std::snprintf(buf, sizeof buf, "%ld h %02ld min", m / 60, m % 60);
  }
  return buf;
}

}  // namespace vgg7::report
