#include "report/layout.hpp"

#include <aecluster/error.hpp>

#include <doctest/doctest.h>

using namespace vgg7::report;

TEST_SUITE("report") {
  TEST_CASE("layout: grid cells tile the area with gaps, row by row") {
    const auto cells = grid_cells({10, 20, 310, 100}, 2, 3, 5);
    REQUIRE(cells.size() == 6);
    CHECK(cells[0].x == 10);
    CHECK(cells[0].w == doctest::Approx(100));
    CHECK(cells[1].x == doctest::Approx(115));
    CHECK(cells[2].right() == doctest::Approx(320));
    CHECK(cells[3].y == doctest::Approx(72.5));
    CHECK(cells[5].bottom() == doctest::Approx(120));
    CHECK_THROWS_AS(grid_cells({0, 0, 1, 1}, 0, 1), aecluster::Error);
  }

  TEST_CASE("layout: a figure's size follows inches and dpi; the title takes room at the top") {
    Style st;
    st.dpi = 100;
    Figure fig(6.4, 4.8, st);
    CHECK(fig.canvas().width() == 640);
    CHECK(fig.canvas().height() == 480);
    const double top = fig.content().y;
    fig.set_title("Title");
    CHECK(fig.content().y > top + 15);
    CHECK(fig.content().bottom() == doctest::Approx(480 - st.px(4)));
    CHECK(fig.grid(1, 2).size() == 2);
  }
}
