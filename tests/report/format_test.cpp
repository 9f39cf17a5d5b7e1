#include "report/format.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace vgg7::report;

TEST_SUITE("report") {
  TEST_CASE("format: fixed decimals, percentages and durations for people") {
    CHECK(format_fixed(0.73123, 4) == "0.7312");
    CHECK(format_fixed(-0.00001, 3) == "0.000");
    CHECK(format_fixed(-1.5, 1) == "-1.5");
    CHECK(format_fixed(std::nan(""), 2) == "nan");
    CHECK(format_percent(0.7312) == "73.1 %");
    CHECK(format_duration(0.0421) == "0.042 s");
    CHECK(format_duration(12.46) == "12.5 s");
    CHECK(format_duration(125.2) == "2 min 05 s");
    CHECK(format_duration(3725) == "1 h 02 min");
  }
}
