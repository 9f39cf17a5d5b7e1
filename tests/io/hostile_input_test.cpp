// The inputs of issue 11 that fuzzing found, each refused with an aecluster::Error naming the
// file (they are also regression inputs of tests/fuzz). Checkpoint cases are in checkpoint_test.cpp.
#include <aecluster/data/hw9.hpp>
#include <aecluster/io/idx.hpp>
#include <aecluster/io/npy.hpp>
#include <aecluster/io/safetensors.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "test_util.hpp"

namespace io = aecluster::io;
using aecluster::Error;
using aecluster::Shape;

namespace {

// A .npy file (format 1.0) with a hand-written header dictionary.
std::string npy_with_header(const std::string& dict, const std::string& data = "") {
  std::string header = dict;
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + data;
}

std::string safetensors_with_header(std::string json, const std::string& data = "") {
  json.append((8 - json.size() % 8) % 8, ' ');
  std::string out(8, '\0');
  const std::uint64_t n = json.size();
  std::memcpy(out.data(), &n, 8);
  return out + json + data;
}

template <class T>
std::string raw(T v) {
  return std::string(reinterpret_cast<const char*>(&v), sizeof v);
}

}  // namespace

TEST_CASE("checked_mul and Shape refuse element counts past 2^59, whatever the order of the dimensions") {
  using aecluster::checked_mul;
  CHECK(checked_mul(std::int64_t{1} << 30, std::int64_t{1} << 29) == std::int64_t{1} << 59);
  CHECK(!checked_mul(std::int64_t{1} << 30, std::int64_t{1} << 30));
  CHECK(!checked_mul(-1, 5));
  CHECK(checked_mul(0, std::int64_t{1} << 59) == 0);
  CHECK(!checked_mul(std::int64_t{1} << 62, 1, std::numeric_limits<std::int64_t>::max() / 4));
  CHECK_THROWS_AS((Shape{std::int64_t{1} << 32, std::int64_t{1} << 32}), Error);
  CHECK_THROWS_AS((Shape{std::int64_t{1} << 62, 4, 0}), Error);  // empty, but dim(0) * dim(1) would overflow
  CHECK(Shape{std::int64_t{1} << 40, 0}.numel() == 0);
  CHECK_THROWS_WITH_AS((void)aecluster::checked_shape("f.bin", std::vector<std::uint64_t>{std::uint64_t{1} << 63}),
                       doctest::Contains("f.bin: shape (9223372036854775808,) has more than 2^59 elements"), Error);
}

TEST_CASE("npy: a shape whose element count wraps is refused (issue 11, finding 1)") {
  const auto bytes = npy_with_header("{'descr': '|u1', 'fortran_order': False, 'shape': (4294967296, 4294967296), }");
  CHECK_THROWS_WITH_AS(io::parse_npy("wrap.npy", bytes),
                       doctest::Contains("wrap.npy: shape (4294967296, 4294967296) has more than 2^59"), Error);
}

TEST_CASE("hw9: trainX.npy of shape (2^54, 32, 32) and no data is refused before any copy (issue 11, finding 1)") {
  test::TempDir dir;
  test::write_bytes(
      dir / "trainX.npy",
      npy_with_header("{'descr': '|u1', 'fortran_order': False, 'shape': (18014398509481984, 32, 32), }"));
  io::save_npy(dir / "valX.npy", aecluster::Tensor<std::uint8_t>(Shape{1, 32, 32}));
  io::save_npy(dir / "valY.npy", aecluster::Tensor<std::int64_t>(Shape{1}));
  CHECK_THROWS_WITH_AS(aecluster::data::load_hw9(dir.path()),
                       doctest::Contains("trainX.npy: shape (18014398509481984, 32, 32)"), Error);
}

TEST_CASE("float to integer: the first value past the range, 2^63 or 2^31 exactly, is refused (issue 11, finding 2)") {
  const auto f8 =
      npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", raw(9223372036854775808.0));
  CHECK_THROWS_WITH_AS(io::parse_npy("big.npy", f8).to<std::int64_t>(), doctest::Contains("big.npy: element 0"), Error);
  const auto f4 = npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                                  raw(-2147483648.0f) + raw(2147483648.0f));
  CHECK_THROWS_WITH_AS(io::parse_npy("big32.npy", f4).to<std::int32_t>(), doctest::Contains("big32.npy: element 1"),
                       Error);
  // The bounds themselves: INT32_MIN is exact and allowed; 255 fits uint8, 256 does not.
  const auto edge = npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", raw(-2147483648.0f));
  CHECK(io::parse_npy("edge.npy", edge).to<std::int32_t>()[0] == std::numeric_limits<std::int32_t>::min());
  const auto u8 = npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", raw(255.0) + raw(256.0));
  CHECK_THROWS_WITH_AS(io::parse_npy("u8.npy", u8).to<std::uint8_t>(), doctest::Contains("u8.npy: element 1"), Error);
  // The largest float below 2^63 converts exactly.
  const double below = std::nextafter(9223372036854775808.0, 0.0);
  const auto ok = npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", raw(below));
  CHECK(io::parse_npy("ok.npy", ok).to<std::int64_t>()[0] == static_cast<std::int64_t>(below));
}

TEST_CASE("safetensors: a shape with a zero is still checked: [2^62, 4, 0] (issue 11, finding 3)") {
  const auto bytes =
      safetensors_with_header(R"({"x":{"dtype":"F32","shape":[4611686018427387904,4,0],"data_offsets":[0,0]}})");
  CHECK_THROWS_WITH_AS(
      io::parse_safetensors("zero.safetensors", bytes),
      doctest::Contains("zero.safetensors: tensor 'x': shape (4611686018427387904, 4, 0) has more than 2^59"), Error);
  const auto f32 =
      safetensors_with_header(R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", raw(9223372036854775808.0f));
  CHECK_THROWS_WITH_AS(io::parse_safetensors("f.safetensors", f32).get_converted<std::int64_t>("x"),
                       doctest::Contains("f.safetensors: tensor 'x': element 0"), Error);
}

TEST_CASE(
    "npy: the header follows the format's grammar; errors quote at most 80 of its characters (issue 11, finding 5)") {
  const auto refused = [](const std::string& dict, const std::string& data, const char* problem) {
    CHECK_THROWS_WITH_AS(io::parse_npy("h.npy", npy_with_header(dict, data)), doctest::Contains(problem), Error);
  };
  refused("{'descr': '|u1', 'fortran_order': False, 'shape': 12, }", "ab",
          "h.npy: malformed npy header (shape must be a tuple");
  refused("{'descr': '|u1', 'fortran_order': False, 'shape': 7, }", "a",
          "h.npy: malformed npy header (shape must be a tuple");
  refused("{'descr': '|u1', 'fortran_order': False, 'shape': (3), }", "abc", "a one-element shape needs its comma");
  refused("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), 'shape': (3,), }", "abc",
          "key 'shape' appears twice");
  refused("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), 'extra': 1}", "abc", "unknown key 'extra'");
  refused("{'descr': '|u1', 'shape': (3,), }", "abc", "no 'fortran_order' entry");
  refused("{'descr': '|u1', 'fortran_order': Maybe, 'shape': (3,), }", "abc", "fortran_order must be True or False");
  refused("{'descr': '|u1', 'fortran_order': False, 'shape': (-3,), }", "abc", "non-negative integers");
  refused("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1), }", "a", "rank above 4");
  // Python writes these: a trailing comma or none, double quotes, no space.
  CHECK(io::parse_npy("ok.npy", npy_with_header("{\"descr\":\"|u1\",\"fortran_order\":False,\"shape\":(1, 3)}", "abc"))
            .shape == Shape{1, 3});
  CHECK(
      io::parse_npy("ok.npy", npy_with_header("{'descr': '|u1', 'fortran_order': False, 'shape': (), }", "a")).shape ==
      Shape{});
  // A 60000-character header is quoted, not pasted.
  const std::string junk = "{'descr': '" + std::string(59000, 'x') + "'}";
  try {
    (void)io::parse_npy("long.npy", npy_with_header(junk));
    FAIL("a malformed header parsed");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("long.npy: ") == 0);
    CHECK(std::string(e.what()).size() < 300);
  }
}

TEST_CASE("IDX: four dimensions of 2^32-1 overflow no count, plain or gzip") {
  const std::string header("\x00\x00\x08\x04\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 20);
  CHECK_THROWS_WITH_AS(io::parse_idx("d.idx", header),
                       doctest::Contains("d.idx: shape (4294967295, 4294967295, 4294967295, 4294967295)"), Error);
  CHECK_THROWS_WITH_AS(io::parse_idx("d.gz", io::gzip_compress(header)), doctest::Contains("d.gz: shape"), Error);
}
