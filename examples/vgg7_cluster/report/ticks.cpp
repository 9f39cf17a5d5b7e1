#include "report/ticks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vgg7::report {

Ticks nice_ticks(double lo, double hi, int target, bool integer) {
  Ticks t;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return t;
  if (hi < lo) std::swap(lo, hi);
  target = std::max(target, 2);
  const double span = hi - lo;
  if (span <= 0) {
    t.values = {lo};
    t.step = 1;
    return t;
  }
  // Try the candidate steps from fine to coarse and keep the first with at most target+1 ticks.
  const double raw = span / target;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  static constexpr double multiples[] = {1, 2, 2.5, 5, 10};
  double step = 10 * magnitude;
  for (double m : multiples) {
    const double s = m * magnitude;
    if (integer && s < 1) continue;
    if (integer && m == 2.5 && magnitude < 10) continue;  // 2.5 is not whole below 25
    const double count = std::floor(hi / s + 1e-9) - std::ceil(lo / s - 1e-9) + 1;
    if (count <= target + 1) {
      step = s;
      break;
    }
  }
  if (integer) step = std::max(step, 1.0);
  return ticks_with_step(lo, hi, step);
}

Ticks ticks_with_step(double lo, double hi, double step) {
  Ticks t;
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(step > 0)) return t;
  if (hi < lo) std::swap(lo, hi);
  const double first = std::ceil(lo / step - 1e-9), last = std::floor(hi / step + 1e-9);
  if (last - first > 1000) return t;  // not a tick spacing
  for (double k = first; k <= last; ++k) {
    double v = k * step;
    if (std::fabs(v) < step * 1e-9) v = 0;  // no "-0"
    t.values.push_back(v);
  }
  t.step = step;
  return t;
}

std::string format_tick(double value, double step) {
  char buf[64];
  const double a = std::fabs(value);
  if (value == 0) {
    std::snprintf(buf, sizeof buf, "0");
  } else if (a >= 1e6 || (step > 0 && step < 1e-4) || a < 1e-4) {
    std::snprintf(buf, sizeof buf, "%.3g", value);
    std::string s = buf;
    // "1e-05" -> "1e-5": shorter and as clear.
    if (auto e = s.find("e"); e != std::string::npos) {
      std::string mant = s.substr(0, e), exp = s.substr(e + 1);
      const bool neg = !exp.empty() && exp[0] == '-';
      if (!exp.empty() && (exp[0] == '-' || exp[0] == '+')) exp.erase(0, 1);
      while (exp.size() > 1 && exp[0] == '0') exp.erase(0, 1);
      s = mant + "e" + (neg ? "-" : "") + exp;
    }
    std::snprintf(buf, sizeof buf, "%s", s.c_str());
  } else {
    int decimals = 0;
    if (step > 0) {
      // Enough decimals that step multiples print exactly: 0.25 needs 2, 0.5 needs 1, 20 needs 0.
      for (decimals = 0; decimals < 10; ++decimals) {
        const double scaled = step * std::pow(10.0, decimals);
        if (std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) break;
      }
    }
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  }
  std::string s = buf;
  if (!s.empty() && s[0] == '-') s = "\u2212" + s.substr(1);  // typographic minus, as matplotlib
  return s;
}

Range padded_range(std::span<const double> values, double margin) {
  double lo = 0, hi = 0;
  bool any = false;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    if (!any) lo = hi = v, any = true;
    lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (!any) return {0, 1};
  if (hi == lo) {
    const double d = lo == 0 ? 0.5 : std::fabs(lo) * 0.1;
    return {lo - d, hi + d};
  }
  const double pad = (hi - lo) * margin;
  return {lo - pad, hi + pad};
}

}  // namespace vgg7::report
