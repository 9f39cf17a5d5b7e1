#pragma once
// Numbers as the report's tables show them.
#include <string>

namespace vgg7::report {

// "0.7312" for (0.73123, 4); "nan" / "inf" spelled out; never "-0.0000".
std::string format_fixed(double value, int decimals);
// A fraction as a percentage: (0.7312, 1) -> "73.1 %".
std::string format_percent(double fraction, int decimals = 1);
// Seconds for people: "0.042 s", "12.5 s", "2 min 05 s", "1 h 02 min".
std::string format_duration(double seconds);

}  // namespace vgg7::report
