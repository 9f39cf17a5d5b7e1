#include "report/font.hpp"

#include <aecluster/error.hpp>

#include <doctest/doctest.h>

#include "test_util.hpp"

using namespace vgg7::report;

namespace {
// Bounding box of the non-white pixels: {x0, y0, x1, y1} (half-open), or all zero when blank.
struct Ink {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0, count = 0;
};
Ink ink(const Canvas& c) {
  Ink k{c.width(), c.height(), 0, 0, 0};
  for (int y = 0; y < c.height(); ++y)
    for (int x = 0; x < c.width(); ++x)
      if (c.pixel(x, y).r < 200) {
        k.x0 = std::min(k.x0, x), k.y0 = std::min(k.y0, y), k.x1 = std::max(k.x1, x + 1), k.y1 = std::max(k.y1, y + 1);
        ++k.count;
      }
  return k;
}
}  // namespace

TEST_SUITE("report") {
  TEST_CASE("font: widths grow with the text and the size; kerning tightens AV") {
    const Font& f = Font::sans();
    CHECK(f.width("", 20) == 0);
    CHECK(f.width("accuracy", 20) > f.width("acc", 20));
    CHECK(f.width("accuracy", 40) == doctest::Approx(2 * f.width("accuracy", 20)).epsilon(0.01));
    CHECK(f.width("AV", 40) < f.width("A", 40) + f.width("V", 40));
    CHECK(f.ascent(20) > f.descent(20));
    CHECK(f.descent(20) > 0);
    CHECK(Font::sans_bold().width("epoch", 20) > f.width("epoch", 20));
    CHECK(f.width("\xff\xfe broken utf-8", 20) > 0);  // replaced, not an error
  }

  TEST_CASE("font: text renders anti-aliased ink where its box says") {
    const Font& f = Font::sans();
    Canvas c(300, 80);
    const TextStyle st{.size = 30, .color = colors::black, .halign = HAlign::center, .valign = VAlign::center};
    f.draw(c, "Validation", {150, 40}, st);
    const Ink k = ink(c);
    REQUIRE(k.count > 100);
    const Rect box = f.box("Validation", {150, 40}, st);
    CHECK(k.x0 >= box.x - 2);
    CHECK(k.x1 <= box.right() + 2);
    CHECK(k.y0 >= box.y - 2);
    CHECK(k.y1 <= box.bottom() + 2);
    CHECK((k.x0 + k.x1) / 2.0 == doctest::Approx(150).epsilon(0.03));
    int grey = 0;
    for (int y = 0; y < c.height(); ++y)
      for (int x = 0; x < c.width(); ++x) grey += (c.pixel(x, y).r > 0 && c.pixel(x, y).r < 255) ? 1 : 0;
    CHECK(grey > 50);  // anti-aliased edges
  }

  TEST_CASE("font: rotated by 90 degrees the text runs upwards") {
    const Font& f = Font::sans();
    Canvas c(80, 300);
    const TextStyle st{
        .size = 30, .color = colors::black, .halign = HAlign::center, .valign = VAlign::center, .angle = 90};
    f.draw(c, "accuracy", {40, 150}, st);
    const Ink k = ink(c);
    REQUIRE(k.count > 100);
    CHECK(k.y1 - k.y0 > 2 * (k.x1 - k.x0));
    CHECK(k.y1 - k.y0 == doctest::Approx(f.width("accuracy", 30)).epsilon(0.1));
    const Rect box = f.box("accuracy", {40, 150}, st);
    CHECK(box.h > box.w);
    // The first letter is at the bottom: ink in the lower half starts lower than a mirror would.
    Canvas d(300, 300);
    f.draw(d, "a", {150, 150}, {.size = 30, .color = colors::black, .angle = 45});
    CHECK(ink(d).count > 20);
  }

  TEST_CASE("font: a missing or invalid font file is an error naming it") {
    test::TempDir dir;
    CHECK_THROWS_WITH_AS(Font(dir / "nope.ttf"), doctest::Contains("nope.ttf"), aecluster::Error);
    test::write_bytes(dir / "bad.ttf", "this is not a font at all, just some bytes");
    CHECK_THROWS_WITH_AS(Font(dir / "bad.ttf"), doctest::Contains("bad.ttf"), aecluster::Error);
  }
}
