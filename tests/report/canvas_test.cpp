#include "report/canvas.hpp"
#include "report/marker.hpp"

#include <aecluster/error.hpp>

#include <doctest/doctest.h>

#include <vector>

using namespace vgg7::report;

namespace {
int count_non_white(const Canvas& c) {
  int n = 0;
  for (int y = 0; y < c.height(); ++y)
    for (int x = 0; x < c.width(); ++x) n += c.pixel(x, y) == colors::white ? 0 : 1;
  return n;
}
}  // namespace

TEST_SUITE("report") {
  TEST_CASE("canvas: fractional rectangles cover pixels by area, alpha blends") {
    Canvas c(10, 10);
    c.fill_rect({2, 2, 3, 3}, colors::black);
    CHECK(c.pixel(2, 2) == colors::black);
    CHECK(c.pixel(4, 4) == colors::black);
    CHECK(c.pixel(5, 5) == colors::white);
    c.fill_rect({6.5, 0, 1, 1}, colors::black);  // half of pixels 6 and 7
    CHECK(c.pixel(6, 0).r == doctest::Approx(127.5).epsilon(0.01));
    CHECK(c.pixel(7, 0).r == doctest::Approx(127.5).epsilon(0.01));
    Canvas d(2, 2, colors::black);
    d.fill_rect({0, 0, 2, 2}, rgb(0xff0000), 0.25);
    CHECK(d.pixel(1, 1) == Color{64, 0, 0});
    CHECK_THROWS_AS(Canvas(0, 5), aecluster::Error);
    CHECK_THROWS_AS((void)d.pixel(2, 0), aecluster::Error);
  }

  TEST_CASE("canvas: anti-aliased circle is filled inside, soft at the edge, symmetric") {
    Canvas c(21, 21);
    c.fill_circle({10.5, 10.5}, 6, colors::black);
    CHECK(c.pixel(10, 10) == colors::black);
    CHECK(c.pixel(0, 0) == colors::white);
    int partial = 0;
    for (int y = 0; y < 21; ++y)
      for (int x = 0; x < 21; ++x) {
        const Color p = c.pixel(x, y);
        partial += (p.r > 0 && p.r < 255) ? 1 : 0;
        CHECK(p == c.pixel(20 - x, y));
        CHECK(p == c.pixel(x, 20 - y));
      }
    CHECK(partial > 8);  // an edge, not a staircase
    Canvas tiny(5, 5);
    tiny.fill_circle({2.5, 2.5}, 0.3, colors::black);  // below a pixel: fades, does not vanish
    CHECK(tiny.pixel(2, 2).r < 255);
  }

  TEST_CASE("canvas: a translucent polyline is blended once, also where its segments meet") {
    Canvas c(40, 40);
    const Point pts[] = {{5, 20}, {20, 20}, {35, 20}};
    c.stroke_polyline(pts, colors::black, 3, 0.5);
    CHECK(c.pixel(20, 19).r == doctest::Approx(c.pixel(12, 19).r).epsilon(0.02));
    CHECK(c.pixel(12, 19).r == doctest::Approx(127.5).epsilon(0.02));
    CHECK(c.pixel(20, 30) == colors::white);
    Canvas d(40, 40);
    d.stroke_line({5, 5}, {35, 35}, colors::black, 2);
    CHECK(d.pixel(20, 20).r < 40);
    CHECK(d.pixel(30, 5) == colors::white);
  }

  TEST_CASE("canvas: clipping, polygons, markers and nearest-neighbour images") {
    Canvas c(20, 20);
    c.set_clip({0, 0, 10, 20});
    c.fill_rect({0, 0, 20, 20}, colors::black);
    CHECK(c.pixel(9, 5) == colors::black);
    CHECK(c.pixel(10, 5) == colors::white);
    c.clear_clip();

    Canvas p(20, 20);
    const Point tri[] = {{2, 18}, {18, 18}, {10, 2}};
    p.fill_polygon(tri, colors::black);
    CHECK(p.pixel(10, 14) == colors::black);
    CHECK(p.pixel(2, 3) == colors::white);

    for (std::size_t i = 0; i < 7; ++i) {
      Canvas m(20, 20);
      draw_marker(m, marker_cycle(i), {10, 10}, 8, colors::black);
      CHECK(m.pixel(9, 9).r < 60);
      CHECK(count_non_white(m) > 20);
      CHECK(count_non_white(m) < 120);
    }

    Canvas img(8, 8);
    const std::vector<std::uint8_t> grey{0, 255, 255, 0};  // 2x2 checkerboard
    img.draw_image(grey, 2, 2, 1, 1, 1, 3);
    CHECK(img.pixel(1, 1) == colors::black);
    CHECK(img.pixel(3, 3) == colors::black);
    CHECK(img.pixel(4, 1) == colors::white);
    CHECK(img.pixel(4, 4) == colors::black);
    const std::vector<std::uint8_t> rgb1{10, 20, 30};
    img.draw_image(rgb1, 1, 1, 3, 7, 7, 4);  // clipped at the edge
    CHECK(img.pixel(7, 7) == Color{10, 20, 30});
    CHECK_THROWS_AS(img.draw_image(rgb1, 1, 1, 2, 0, 0, 1), aecluster::Error);
    CHECK_THROWS_AS(img.draw_image(grey, 3, 3, 1, 0, 0, 1), aecluster::Error);
  }
}
