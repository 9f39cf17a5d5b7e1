#pragma once
// Axis ticks at "nice" values (1, 2, 2.5 or 5 times a power of ten) and their labels.
#include <span>
#include <string>
#include <vector>

namespace vgg7::report {

struct Ticks {
  std::vector<double> values;  // ascending, all within [lo, hi]
  double step = 0;
};

// About `target` ticks (never fewer than two when the range allows) inside [lo, hi].
// `integer` keeps the step a whole number (epochs, counts).
Ticks nice_ticks(double lo, double hi, int target = 6, bool integer = false);

// The multiples of `step` inside [lo, hi] (equal-aspect maps use one step on both axes).
Ticks ticks_with_step(double lo, double hi, double step);

// Labels with the number of decimals the step needs, so all labels of an axis agree
// ("0.00 0.25 0.50"); a true minus sign; scientific notation for very large or small values.
std::string format_tick(double value, double step);

struct Range {
  double lo = 0, hi = 1;
};

// The range of the finite values, grown by `margin` of its span on each side (matplotlib's 5 %);
// a single value or an empty input still gives a usable range.
Range padded_range(std::span<const double> values, double margin = 0.05);

}  // namespace vgg7::report
