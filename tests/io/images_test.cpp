#include <aecluster/io/images.hpp>

#include <doctest/doctest.h>

#include <stb_image_write.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>

#include "test_util.hpp"

namespace io = aecluster::io;
using aecluster::Error;
using aecluster::Shape;
using aecluster::Tensor;

namespace {

Tensor<std::uint8_t> pattern(int h, int w, int c, int seed = 1) {
  Tensor<std::uint8_t> t(Shape{h, w, c});
  for (std::int64_t i = 0; i < t.numel(); ++i)
    t[i] = static_cast<std::uint8_t>((i * 131 + seed * 71 + (i / 7) * 13) & 0xff);
  return t;
}

std::string encode_with(int (*writer)(stbi_write_func*, void*, int, int, int, const void*),
                        const Tensor<std::uint8_t>& img) {
  std::string out;
  const auto append = [](void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<char*>(data), size);
  };
  REQUIRE(writer(append, &out, static_cast<int>(img.dim(1)), static_cast<int>(img.dim(0)), static_cast<int>(img.dim(2)),
                 img.data()));
  return out;
}
int bmp_writer(stbi_write_func* f, void* c, int w, int h, int n, const void* d) {
  return stbi_write_bmp_to_func(f, c, w, h, n, d);
}
int tga_writer(stbi_write_func* f, void* c, int w, int h, int n, const void* d) {
  return stbi_write_tga_to_func(f, c, w, h, n, d);
}
int jpg_writer(stbi_write_func* f, void* c, int w, int h, int n, const void* d) {
  return stbi_write_jpg_to_func(f, c, w, h, n, d, 95);
}

// A GIF of `frames` frames, each of w*h palette indices in 0..3, LZW-coded with a clear code
// every two pixels so that every code stays 3 bits wide (valid, if not compressed).
std::string gif(int w, int h, const std::vector<std::vector<int>>& frames, const std::uint8_t palette[4][3]) {
  std::string g = "GIF89a";
  const auto u16 = [&](int v) {
    g += static_cast<char>(v & 0xff);
    g += static_cast<char>(v >> 8);
  };
  u16(w);
  u16(h);
  g += '\x81';  // global colour table of 2^(1+1) = 4 entries
  g += '\0';
  g += '\0';
  for (int i = 0; i < 4; ++i)
    for (int c = 0; c < 3; ++c) g += static_cast<char>(palette[i][c]);
  for (const auto& frame : frames) {
    g += ',';
    u16(0);
    u16(0);
    u16(w);
    u16(h);
    g += '\0';
    g += '\x02';  // minimum code size
    std::vector<int> codes;
    for (std::size_t i = 0; i < frame.size(); ++i) {
      if (i % 2 == 0) codes.push_back(4);  // clear
      codes.push_back(frame[i]);
    }
    codes.push_back(5);  // end of information
    std::string data;
    unsigned bits = 0, nbits = 0;
    for (int code : codes) {
      bits |= static_cast<unsigned>(code) << nbits;
      nbits += 3;
      while (nbits >= 8) {
        data += static_cast<char>(bits & 0xff);
        bits >>= 8;
        nbits -= 8;
      }
    }
    if (nbits) data += static_cast<char>(bits & 0xff);
    for (std::size_t i = 0; i < data.size(); i += 255) {
      const auto n = std::min<std::size_t>(255, data.size() - i);
      g += static_cast<char>(n);
      g += data.substr(i, n);
    }
    g += '\0';
  }
  g += ';';
  return g;
}

// The definition of area averaging, computed differently: replicate every source pixel dh x dw
// times, then average the (sh x sw) blocks of that grid.
std::uint8_t area_reference(const Tensor<std::uint8_t>& src, int dh, int dw, int y, int x, int ch) {
  const int sh = static_cast<int>(src.dim(0)), sw = static_cast<int>(src.dim(1)), c = static_cast<int>(src.dim(2));
  std::uint64_t sum = 0;
  for (int gy = y * sh; gy < (y + 1) * sh; ++gy)
    for (int gx = x * sw; gx < (x + 1) * sw; ++gx) sum += src[((gy / dh) * sw + gx / dw) * c + ch];
  const std::uint64_t n = static_cast<std::uint64_t>(sh) * sw;
  return static_cast<std::uint8_t>((sum + n / 2) / n);
}

}  // namespace

TEST_CASE("images: PNG round trips, grey and RGB, through the atomic writer") {
  test::TempDir dir;
  for (int c : {1, 3}) {
    const auto img = pattern(13, 17, c);
    io::write_png(dir / "a.png", img);
    const auto back = io::read_image(dir / "a.png", c);
    REQUIRE(back.shape() == img.shape());
    for (std::int64_t i = 0; i < img.numel(); ++i) REQUIRE(back[i] == img[i]);
  }
  Tensor<std::uint8_t> grey2d(Shape{4, 6});
  grey2d.fill(77);
  io::write_png(dir / "g.png", grey2d);
  CHECK(io::read_image(dir / "g.png", 3).shape() == Shape{4, 6, 3});
  CHECK(io::read_image(dir / "g.png", 3)[5] == 77);
  const auto info = io::image_info("g.png", test::read_bytes(dir / "g.png"));
  CHECK(info.width == 6);
  CHECK(info.height == 4);
  CHECK(info.channels == 1);
}

TEST_CASE("images: RGB decodes to grey with stb's luma, and alpha is composited over the background") {
  Tensor<std::uint8_t> rgba(Shape{1, 3, 4});
  const std::uint8_t px[] = {200, 100, 50, 255, 200, 100, 50, 0, 0, 0, 0, 128};
  std::memcpy(rgba.data(), px, sizeof px);
  const auto png = io::png_bytes(rgba.data(), 1, 3, 4);
  const auto rgb = io::decode_image("t.png", png, 3);
  CHECK(rgb[0] == 200);
  CHECK(rgb[3] == 255);  // fully transparent -> background (white by default)
  CHECK(rgb[6] == 127);  // black at alpha 128 over white: 255 * 127 / 255
  io::ImageOptions black;
  black.background = 0;
  CHECK(io::decode_image("t.png", png, 3, black)[3] == 0);
  const auto grey = io::decode_image("t.png", png, 1, black);
  CHECK(grey.shape() == Shape{1, 3, 1});
  CHECK(grey[0] == (200 * 77 + 100 * 150 + 50 * 29) >> 8);
}

TEST_CASE("images: JPEG decodes with libjpeg-turbo, grey and colour") {
  Tensor<std::uint8_t> smooth(Shape{16, 16, 3});
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x)
      for (int c = 0; c < 3; ++c) smooth[(y * 16 + x) * 3 + c] = static_cast<std::uint8_t>(40 + 8 * x + 4 * y + 20 * c);
  const auto bytes = encode_with(jpg_writer, smooth);
  const auto jpg = io::decode_image("x.jpg", bytes, 3);
  REQUIRE(jpg.shape() == smooth.shape());
  int worst = 0;
  double total = 0;
  for (std::int64_t i = 0; i < smooth.numel(); ++i) {
    const int e = std::abs(int(jpg[i]) - int(smooth[i]));
    worst = std::max(worst, e);
    total += e;
  }
  CHECK(worst <= 20);  // lossy, but close
  CHECK(total / static_cast<double>(smooth.numel()) < 3);
  const auto grey = io::decode_image("x.jpg", bytes, 1);
  REQUIRE(grey.shape() == Shape{16, 16, 1});
  for (std::int64_t p = 0; p < 256; ++p)
    REQUIRE(grey[p] == ((jpg[3 * p] * 77 + jpg[3 * p + 1] * 150 + jpg[3 * p + 2] * 29) >> 8));
  const auto info = io::image_info("x.jpg", bytes);
  CHECK(info.width == 16);
  CHECK(info.height == 16);
  CHECK(info.channels == 3);
}

TEST_CASE("images: formats other than PNG and JPEG are refused, whatever the file is called") {
  const auto img = pattern(9, 11, 3);
  for (auto* writer : {bmp_writer, tga_writer})
    CHECK_THROWS_WITH_AS(io::decode_image("x.png", encode_with(writer, img), 3),
                         doctest::Contains("x.png: not a PNG or JPEG file"), Error);
  const std::uint8_t palette[4][3] = {{0, 0, 0}, {255, 0, 0}, {0, 255, 0}, {0, 0, 255}};
  CHECK_THROWS_WITH_AS(io::decode_image("anim.gif", gif(3, 2, {{1, 2, 3, 0, 1, 2}}, palette), 3),
                       doctest::Contains("not a PNG or JPEG"), Error);
  // Issue 11's hostile inputs for stb_image: an 18-byte TGA header declaring 8192x8191 (stb decoded
  // 67 M black pixels from it) and a PNM whose width overflowed stb's parser.
  std::string tga(18, '\0');
  tga[2] = 2;
  tga[12] = 0x00, tga[13] = 0x20, tga[14] = static_cast<char>(0xff), tga[15] = 0x1f, tga[16] = 24;
  CHECK_THROWS_WITH_AS(io::decode_image("big.tga", tga, 3), doctest::Contains("big.tga: not a PNG or JPEG"), Error);
  CHECK_THROWS_WITH_AS(io::decode_image("w.ppm", "P6\n99999999999999999999 1\n255\n", 3),
                       doctest::Contains("w.ppm: not a PNG or JPEG"), Error);
}

TEST_CASE("images: hostile PNG and JPEG headers are refused before any pixel is decoded") {
  // The 10-byte JPEG whose Huffman table counts sum past 256 (an out-of-bounds write in stb 2.27).
  const std::string dht("\xFF\xD8\xFF\xC4\x00\x13\x00\xFF\xFF\xFF", 10);
  CHECK_THROWS_WITH_AS(io::decode_image("dht.jpg", dht, 3), doctest::Contains("dht.jpg: cannot decode the JPEG image"),
                       Error);
  // A PNG whose header (with a correct CRC) declares 16384 x 16384 pixels: refused by the budget.
  auto png = io::png_bytes(pattern(2, 2, 3).data(), 2, 2, 3);
  auto huge = png;
  huge.replace(16, 8, std::string("\x00\x00\x40\x00\x00\x00\x40\x00", 8));
  const auto crc = crc32(0, reinterpret_cast<const Bytef*>(huge.data() + 12), 17);
  for (int i = 0; i < 4; ++i) huge[29 + i] = static_cast<char>((crc >> (24 - 8 * i)) & 0xff);
  CHECK_THROWS_WITH_AS(io::decode_image("huge.png", huge, 3),
                       doctest::Contains("huge.png: image of 16384x16384 pixels is larger than the limit"), Error);
  io::ImageOptions small;
  small.max_pixels = 3;
  CHECK_THROWS_WITH_AS(io::decode_image("four.png", png, 3, small),
                       doctest::Contains("four.png: image of 2x2 pixels is larger than the limit of 3"), Error);
}

TEST_CASE("images: area resize is exact") {
  SUBCASE("same size is the identity") {
    const auto img = pattern(8, 5, 3);
    const auto r = io::resize_area(img, 8, 5);
    for (std::int64_t i = 0; i < img.numel(); ++i) REQUIRE(r[i] == img[i]);
  }
  SUBCASE("halving averages 2x2 blocks, rounding half up") {
    Tensor<std::uint8_t> img(Shape{2, 2, 1});
    const std::uint8_t v[] = {0, 1, 1, 0};
    std::memcpy(img.data(), v, 4);
    CHECK(io::resize_area(img, 1, 1)[0] == 1);  // 0.5 -> 1
    img[3] = 255;
    CHECK(io::resize_area(img, 1, 1)[0] == 64);  // 257 / 4 = 64.25
  }
  SUBCASE("a constant image stays constant at any size") {
    Tensor<std::uint8_t> img(Shape{37, 53, 3});
    img.fill(201);
    for (auto [h, w] : {std::pair{32, 32}, {5, 70}, {100, 3}}) {
      const auto r = io::resize_area(img, h, w);
      for (std::int64_t i = 0; i < r.numel(); ++i) REQUIRE(r[i] == 201);
    }
  }
  SUBCASE("matches the definition for non-integer ratios, both ways") {
    for (auto [sh, sw, dh, dw] : {std::array{7, 5, 3, 4}, {9, 13, 4, 6}, {3, 2, 7, 5}, {45, 61, 32, 32}}) {
      const auto img = pattern(sh, sw, 3, sh * sw);
      const auto r = io::resize_area(img, dh, dw);
      for (int y = 0; y < dh; ++y)
        for (int x = 0; x < dw; ++x)
          for (int c = 0; c < 3; ++c)
            REQUIRE(int(r[(y * dw + x) * 3 + c]) == int(area_reference(img, dh, dw, y, x, c)));
    }
  }
  SUBCASE("enlarging replicates pixels") {
    Tensor<std::uint8_t> img(Shape{1, 2, 1});
    img[0] = 10;
    img[1] = 250;
    const auto r = io::resize_area(img, 1, 4);
    CHECK(r[0] == 10);
    CHECK(r[1] == 10);
    CHECK(r[2] == 250);
    CHECK(r[3] == 250);
  }
  SUBCASE("center crop keeps the middle square") {
    const auto img = pattern(4, 8, 1);
    const auto sq = io::center_crop_square(img);
    REQUIRE(sq.shape() == Shape{4, 4, 1});
    CHECK(sq[0] == img[2]);
    CHECK(sq[15] == img[3 * 8 + 5]);
  }
}

TEST_CASE("images: bad files give errors naming the file and the problem") {
  test::TempDir dir;
  const auto png = io::png_bytes(pattern(20, 20, 3).data(), 20, 20, 3);
  const auto check = [&](const std::string& bytes, const char* problem, const io::ImageOptions& options = {}) {
    const auto path = dir / "bad-image.png";
    test::write_bytes(path, bytes);
    CHECK_THROWS_WITH_AS(io::read_image(path, 3, options), doctest::Contains("bad-image.png: "), Error);
    CHECK_THROWS_WITH_AS(io::read_image(path, 3, options), doctest::Contains(problem), Error);
  };
  check("", "not a PNG or JPEG file");
  check("this is a text file, not a picture\n", "not a PNG or JPEG file");
  check(png.substr(0, png.size() / 2), "cannot decode");
  check(png.substr(0, 20), "cannot");
  auto corrupt = png;
  for (std::size_t i = 60; i < 90; ++i) corrupt[i] ^= 0x5a;  // inside the compressed pixel data
  check(corrupt, "cannot decode");
  const auto jpg = encode_with(jpg_writer, pattern(16, 16, 3));
  check(jpg.substr(0, jpg.size() - 40), "corrupt or truncated JPEG data");
  io::ImageOptions small;
  small.max_pixels = 100;
  check(png, "larger than the limit of 100 pixels", small);
  CHECK_THROWS_WITH_AS(io::read_image(dir / "absent.png", 3), doctest::Contains("absent.png"), Error);
  CHECK_THROWS_WITH_AS(io::decode_image("x.png", png, 2), doctest::Contains("1 or 3 channels"), Error);
  CHECK_THROWS_WITH_AS(io::write_png(dir / "v.png", Tensor<std::uint8_t>(Shape{5})), doctest::Contains("v.png"), Error);
  CHECK_THROWS_WITH_AS(io::write_png(dir / "w.png", Tensor<std::uint8_t>(Shape{2, 2, 5})), doctest::Contains("w.png: "),
                       Error);
  CHECK_THROWS_AS(io::write_png(dir / "missing-dir" / "x.png", pattern(2, 2, 3)), Error);
  CHECK(!std::filesystem::exists(dir / "w.png"));
}
