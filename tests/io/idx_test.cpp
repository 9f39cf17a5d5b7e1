#include <aecluster/io/idx.hpp>

#include <doctest/doctest.h>

#include <filesystem>

#include "test_util.hpp"

namespace io = aecluster::io;
using aecluster::Error;
using aecluster::Shape;
using aecluster::Tensor;

namespace {
Tensor<std::uint8_t> sample(const Shape& shape) {
  Tensor<std::uint8_t> t(shape);
  for (std::int64_t i = 0; i < t.numel(); ++i) t[i] = static_cast<std::uint8_t>((i * 37 + 11) & 0xff);
  return t;
}
std::string raw_header(unsigned char dtype, std::initializer_list<std::uint32_t> dims) {
  std::string h = {'\0', '\0', static_cast<char>(dtype), static_cast<char>(dims.size())};
  for (auto d : dims)
    for (int s = 24; s >= 0; s -= 8) h += static_cast<char>((d >> s) & 0xff);
  return h;
}
}  // namespace

TEST_CASE("idx: plain and gzip round trips keep shape and bytes") {
  test::TempDir dir;
  for (const Shape& shape : {Shape{7}, Shape{3, 5}, Shape{4, 28, 28}, Shape{2, 3, 4, 5}, Shape{0, 28, 28}}) {
    const auto t = sample(shape);
    for (bool gz : {false, true}) {
      const auto path = dir / (gz ? "t.idx.gz" : "t.idx");
      io::save_idx(path, t, gz);
      CHECK(io::is_gzip(test::read_bytes(path)) == gz);
      const auto back = io::read_idx(path);
      REQUIRE(back.shape() == shape);
      for (std::int64_t i = 0; i < t.numel(); ++i) REQUIRE(back[i] == t[i]);
    }
  }
}

TEST_CASE("idx: the header layout is MNIST's (big-endian dimensions)") {
  const auto bytes = io::idx_bytes(sample({2, 28, 28}));
  CHECK(bytes.substr(0, 16) == raw_header(0x08, {2, 28, 28}));
  CHECK(bytes.size() == 16 + 2 * 28 * 28);
}

TEST_CASE("idx: Debian's Fashion-MNIST files parse, when installed") {
  const std::filesystem::path dir = "/usr/share/datasets/fashion-mnist";
  if (!std::filesystem::exists(dir / "t10k-labels-idx1-ubyte.gz"))
    return test::skip("Fashion-MNIST is not installed in " + dir.string());
  const auto labels = io::read_idx(dir / "t10k-labels-idx1-ubyte.gz");
  CHECK(labels.shape() == Shape{10000});
  const auto images = io::read_idx(dir / "t10k-images-idx3-ubyte.gz");
  CHECK(images.shape() == Shape{10000, 28, 28});
}

TEST_CASE("idx: bad files give errors naming the file and the problem") {
  test::TempDir dir;
  const auto good = io::idx_bytes(sample({3, 4, 4}));
  const auto check = [&](const std::string& bytes, const char* problem) {
    const auto path = dir / "bad-idx.gz";
    test::write_bytes(path, bytes);
    CHECK_THROWS_WITH_AS(io::read_idx(path), doctest::Contains("bad-idx.gz"), Error);
    CHECK_THROWS_WITH_AS(io::read_idx(path), doctest::Contains(problem), Error);
  };
  SUBCASE("empty and tiny files") {
    check("", "too short");
    check(std::string("\0\0", 2), "too short");
    check(io::gzip_compress(""), "too short for an IDX header");
  }
  SUBCASE("wrong magic") { check(std::string("PK\x03\x04") + good.substr(4), "not an IDX file"); }
  SUBCASE("unsupported dtype") {
    check(raw_header(0x0D, {2}) + std::string(8, '\0'), "unsupported IDX data type 0x0D (float32)");
    check(io::gzip_compress(raw_header(0x0B, {2}) + std::string(4, '\0')), "int16");
  }
  SUBCASE("bad rank") {
    check(raw_header(0x08, {}), "0 dimensions");
    check(raw_header(0x08, {1, 1, 1, 1, 1}) + "x", "5 dimensions");
  }
  SUBCASE("truncated plain file") {
    check(good.substr(0, good.size() - 1), "truncated");
    check(good.substr(0, 9), "ends inside the IDX header");
  }
  SUBCASE("oversized plain file") { check(good + "junk", "4 unexpected bytes after the data"); }
  SUBCASE("a header that lies about the size") {
    auto lying = good;
    lying[7] = 9;  // says 9 images, holds 3
    check(lying, "truncated: IDX header declares shape (9, 4, 4)");
    check(io::gzip_compress(lying), "but the data ends after 48 bytes");
    auto fewer = good;
    fewer[7] = 2;  // says 2, holds 3
    check(io::gzip_compress(fewer), "more data than the IDX header declares");
  }
  SUBCASE("a gzip header promising more than gzip can hold") {
    check(io::gzip_compress(raw_header(0x08, {60000, 100, 100})), "more than a gzip file of");
  }
  SUBCASE("a header beyond the size limit") {
    const auto path = dir / "huge-idx";
    test::write_bytes(path, raw_header(0x08, {0xffffffffu, 0xffffffffu, 0xffffffffu}));
    CHECK_THROWS_WITH_AS(io::read_idx(path),
                         doctest::Contains("huge-idx: shape (4294967295, 4294967295, 4294967295) has more than 2^59"),
                         Error);
    test::write_bytes(path,
                      raw_header(0x08, {0x10000u, 0x10000u, 0x10u}));  // 2^36 bytes: a count that fits, past the limit
    CHECK_THROWS_WITH_AS(io::read_idx(path), doctest::Contains("more than the limit"), Error);
  }
  SUBCASE("truncated gzip") {
    const auto gz = io::gzip_compress(good);
    check(gz.substr(0, gz.size() - 12), "truncated gzip data");
    check(gz.substr(0, 12), "truncated gzip data");
  }
  SUBCASE("trailing garbage after the gzip stream") {
    check(io::gzip_compress(good) + "garbage", "7 unexpected bytes after the end of the gzip stream");
    check(io::gzip_compress(good) + io::gzip_compress("more"), "after the end of the gzip stream");
  }
  SUBCASE("corrupt gzip") {
    auto gz = io::gzip_compress(good);
    gz[gz.size() - 6] ^= 0x55;  // inside the CRC32 trailer
    check(gz, "corrupt gzip data");
  }
  SUBCASE("missing file") {
    CHECK_THROWS_WITH_AS(io::read_idx(dir / "absent.idx"), doctest::Contains("absent.idx"), Error);
  }
}
