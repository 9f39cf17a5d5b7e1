#include "report/png.hpp"

#include <doctest/doctest.h>

#include <stb_image.h>

#include <filesystem>

#include "test_util.hpp"

using namespace vgg7::report;

TEST_SUITE("report") {
  TEST_CASE("png: encodes in memory, decodes with stb_image to the same pixels") {
    Canvas c(37, 19, rgb(0x102030));
    c.fill_rect({0, 0, 5, 5}, rgb(0xff8000));
    const std::string png = encode_png(c);
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                                              static_cast<int>(png.size()), &w, &h, &n, 3);
    REQUIRE(px != nullptr);
    CHECK(w == 37);
    CHECK(h == 19);
    CHECK(n == 3);
    CHECK(px[0] == 0xff);
    CHECK(px[1] == 0x80);
    CHECK(px[2] == 0x00);
    const std::size_t last = (18 * 37 + 36) * 3;
    CHECK(px[last] == 0x10);
    CHECK(px[last + 1] == 0x20);
    CHECK(px[last + 2] == 0x30);
    stbi_image_free(px);
  }

  TEST_CASE("png: written atomically, no temporary left, replaces the old file") {
    test::TempDir dir;
    test::write_bytes(dir / "f.png", "old");
    write_png(dir / "f.png", Canvas(4, 3));
    int w = 0, h = 0, n = 0;
    REQUIRE(stbi_info((dir / "f.png").c_str(), &w, &h, &n) == 1);
    CHECK(w == 4);
    CHECK(h == 3);
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) files += e.is_regular_file() ? 1 : 0;
    CHECK(files == 1);
    CHECK_THROWS(write_png(dir / "no-such-folder" / "f.png", Canvas(4, 3)));
  }
}
