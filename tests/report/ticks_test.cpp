#include "report/ticks.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

using namespace vgg7::report;

namespace {
bool is_nice(double step) {
  const double m = step / std::pow(10.0, std::floor(std::log10(step)));
  for (double n : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (std::fabs(m - n) < 1e-9) return true;
  return false;
}
}  // namespace

TEST_SUITE("report") {
  TEST_CASE("nice_ticks picks 1, 2, 2.5 or 5 times a power of ten, inside the range") {
    const Ticks t = nice_ticks(0, 1, 6);
    CHECK(t.step == doctest::Approx(0.2));
    REQUIRE(t.values.size() == 6);
    CHECK(t.values.front() == 0);
    CHECK(t.values.back() == doctest::Approx(1));

    for (auto [lo, hi] : std::vector<std::pair<double, double>>{
             {-3.2, 47.9}, {0.0123, 0.0871}, {-61.5, 63.2}, {5.5, 104.5}, {0.48, 0.76}, {1e-7, 3e-7}, {-2e6, 9e6}}) {
      CAPTURE(lo);
      CAPTURE(hi);
      for (int target : {3, 5, 8}) {
        const Ticks k = nice_ticks(lo, hi, target);
        REQUIRE(k.values.size() >= 2);
        CHECK(k.values.size() <= static_cast<std::size_t>(target) + 1);
        CHECK(is_nice(k.step));
        for (std::size_t i = 0; i < k.values.size(); ++i) {
          CHECK(k.values[i] >= lo - 1e-12);
          CHECK(k.values[i] <= hi + 1e-12);
          CHECK(std::fabs(k.values[i] / k.step - std::round(k.values[i] / k.step)) < 1e-6);
          if (i) CHECK(k.values[i] - k.values[i - 1] == doctest::Approx(k.step));
        }
      }
    }
  }

  TEST_CASE("nice_ticks: integer steps for epochs, degenerate ranges") {
    const Ticks e = nice_ticks(0.5, 3.5, 8, true);
    CHECK(e.step == 1);
    CHECK(e.values == std::vector<double>{1, 2, 3});
    CHECK(nice_ticks(5.5, 104.5, 6, true).step == 20);
    CHECK(nice_ticks(0, 12, 5, true).step == 5);  // 2.5 is skipped for whole numbers
    CHECK(nice_ticks(2, 2).values == std::vector<double>{2});
    CHECK(nice_ticks(0, std::numeric_limits<double>::infinity()).values.empty());
    CHECK(nice_ticks(1, 0).values.size() >= 2);                                          // reversed bounds are swapped
    for (double v : nice_ticks(-1, 1).values) CHECK_FALSE((v == 0 && std::signbit(v)));  // never "-0"
  }

  TEST_CASE("format_tick uses the decimals of the step, a true minus and short exponents") {
    CHECK(format_tick(0, 0.25) == "0");
    CHECK(format_tick(0.5, 0.25) == "0.50");
    CHECK(format_tick(0.25, 0.25) == "0.25");
    CHECK(format_tick(0.6, 0.1) == "0.6");
    CHECK(format_tick(40, 20) == "40");
    CHECK(format_tick(-20, 20) == "\u221220");
    CHECK(format_tick(0.02, 0.02) == "0.02");
    CHECK(format_tick(2e-5, 1e-5) == "2e-5");
    CHECK(format_tick(3e6, 1e6) == "3e6");
  }

  TEST_CASE("padded_range adds 5 % each side and copes with constant or empty data") {
    const std::vector<double> v{0, 10, std::nan("")};
    const Range r = padded_range(v);
    CHECK(r.lo == doctest::Approx(-0.5));
    CHECK(r.hi == doctest::Approx(10.5));
    const std::vector<double> c{3, 3};
    CHECK(padded_range(c).lo < 3);
    CHECK(padded_range(c).hi > 3);
    CHECK(padded_range(std::vector<double>{}).hi > padded_range(std::vector<double>{}).lo);
  }
}

TEST_SUITE("report") {
  TEST_CASE("ticks_with_step: multiples of the step inside the range") {
    const Ticks t = ticks_with_step(-61.5, 63.2, 25);
    CHECK(t.values == std::vector<double>{-50, -25, 0, 25, 50});
    CHECK(ticks_with_step(0, 1, 0).values.empty());
    CHECK(ticks_with_step(0, 1e9, 1).values.empty());  // far too many to be ticks
  }
}
