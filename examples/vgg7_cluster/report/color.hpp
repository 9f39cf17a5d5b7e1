#pragma once
// Colours of the figures: 8-bit sRGB, and the categorical palette classes are drawn with.
#include <cmath>
#include <cstdint>

namespace vgg7::report {

struct Color {
  std::uint8_t r = 0, g = 0, b = 0;
  friend constexpr bool operator==(Color, Color) = default;
};

constexpr Color rgb(std::uint32_t hex) {
  return {static_cast<std::uint8_t>(hex >> 16), static_cast<std::uint8_t>(hex >> 8), static_cast<std::uint8_t>(hex)};
}

namespace colors {
inline constexpr Color white = rgb(0xffffff);
inline constexpr Color black = rgb(0x000000);
inline constexpr Color text = rgb(0x1a1a1a);
inline constexpr Color spine = rgb(0x333333);
inline constexpr Color grid = rgb(0xe3e3e3);
inline constexpr Color legend_edge = rgb(0xcccccc);
inline constexpr Color unlabelled = rgb(0x7f7f7f);
}  // namespace colors

// Tableau 10 (matplotlib's default cycle) first: its ten hues stay apart on screen and in
// print; then the lighter halves of Tableau 20, then hues spread by the golden angle.
inline Color category_color(long long k) {
  static constexpr Color tab20[20] = {rgb(0x1f77b4), rgb(0xff7f0e), rgb(0x2ca02c), rgb(0xd62728), rgb(0x9467bd),
                                      rgb(0x8c564b), rgb(0xe377c2), rgb(0x7f7f7f), rgb(0xbcbd22), rgb(0x17becf),
                                      rgb(0xaec7e8), rgb(0xffbb78), rgb(0x98df8a), rgb(0xff9896), rgb(0xc5b0d5),
                                      rgb(0xc49c94), rgb(0xf7b6d2), rgb(0xc7c7c7), rgb(0xdbdb8d), rgb(0x9edae5)};
  if (k < 0) return colors::unlabelled;
  if (k < 20) return tab20[k];
  // HSV with s = 0.65, v = 0.80 and hue stepped by the golden ratio of a turn.
  const double h = std::fmod(static_cast<double>(k) * 0.6180339887498949, 1.0) * 6.0;
  const double s = 0.65, v = 0.80, c = v * s, x = c * (1 - std::fabs(std::fmod(h, 2.0) - 1)), m = v - c;
  double r = 0, g = 0, b = 0;
  switch (static_cast<int>(h)) {
    case 0: r = c, g = x; break;
    case 1: r = x, g = c; break;
    case 2: g = c, b = x; break;
    case 3: g = x, b = c; break;
    case 4: r = x, b = c; break;
    default: r = c, b = x; break;
  }
  auto byte = [&](double u) { return static_cast<std::uint8_t>(std::lround((u + m) * 255)); };
  return {byte(r), byte(g), byte(b)};
}

}  // namespace vgg7::report
