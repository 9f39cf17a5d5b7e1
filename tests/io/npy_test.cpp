#include <aecluster/io/npy.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "test_util.hpp"

namespace io = aecluster::io;
using aecluster::Shape;
using aecluster::Tensor;

TEST_CASE("npy round trip for every supported dtype") {
  test::TempDir dir;
  Tensor<float> f({2, 3, 4});
  for (int i = 0; i < f.numel(); ++i) f[i] = 0.5f * i - 3;
  io::save_npy(dir / "f.npy", f);
  auto g = io::load_npy<float>(dir / "f.npy");
  REQUIRE(g.shape() == f.shape());
  for (int i = 0; i < f.numel(); ++i) CHECK(g[i] == f[i]);

  Tensor<std::int64_t> l({5});
  for (int i = 0; i < 5; ++i) l[i] = i * 1000000000000LL;
  io::save_npy(dir / "l.npy", l);
  auto a = io::read_npy(dir / "l.npy");
  CHECK(a.dtype == io::DType::i64);
  CHECK(a.shape == Shape{5});
  auto m = a.to<std::int64_t>();
  CHECK(m[4] == 4000000000000LL);

  Tensor<std::uint8_t> u({2, 2});
  u.fill(255);
  io::save_npy(dir / "u.npy", u);
  CHECK(io::load_npy<float>(dir / "u.npy")[3] == 255.0f);
  // An int64 label too large for uint8 is refused rather than wrapped.
  CHECK_THROWS_WITH_AS(io::load_npy<std::uint8_t>(dir / "l.npy"), doctest::Contains("does not fit"), aecluster::Error);
}

TEST_CASE("npy header layout matches NumPy's") {
  Tensor<float> f({3});
  const auto bytes = io::npy_bytes(f.data(), f.shape());
  CHECK((10 + static_cast<unsigned char>(bytes[8])) % 64 == 0);
  CHECK(bytes.find("'shape': (3,)") != std::string::npos);
  Tensor<float> s({0, 7});
  CHECK(io::npy_bytes(s.data(), s.shape()).find("'shape': (0, 7)") != std::string::npos);
}

TEST_CASE("npy: bad files give errors that name the file and the problem") {
  test::TempDir dir;
  Tensor<float> f({4, 4});
  f.fill(1);
  io::save_npy(dir / "good.npy", f);
  const auto good = test::read_bytes(dir / "good.npy");

  test::write_bytes(dir / "trunc.npy", good.substr(0, good.size() - 3));
  CHECK_THROWS_WITH_AS(io::read_npy(dir / "trunc.npy"), doctest::Contains("trunc.npy: truncated"), aecluster::Error);

  test::write_bytes(dir / "long.npy", good + "xyz");
  CHECK_THROWS_WITH_AS(io::read_npy(dir / "long.npy"), doctest::Contains("unexpected bytes"), aecluster::Error);

  std::string lying = good;
  lying.replace(lying.find("(4, 4)"), 6, "(4, 9)");
  test::write_bytes(dir / "lying.npy", lying);
  CHECK_THROWS_WITH_AS(io::read_npy(dir / "lying.npy"), doctest::Contains("truncated"), aecluster::Error);

  std::string big_endian = good;
  big_endian.replace(big_endian.find("<f4"), 3, ">f4");
  test::write_bytes(dir / "be.npy", big_endian);
  CHECK_THROWS_WITH_AS(io::read_npy(dir / "be.npy"), doctest::Contains("big-endian"), aecluster::Error);

  std::string complex = good;
  complex.replace(complex.find("<f4"), 3, "<c8");
  test::write_bytes(dir / "c.npy", complex);
  CHECK_THROWS_WITH_AS(io::read_npy(dir / "c.npy"), doctest::Contains("unsupported npy dtype"), aecluster::Error);

  std::string fortran = good;
  fortran.replace(fortran.find("False"), 5, "True ");
  test::write_bytes(dir / "fo.npy", fortran);
  CHECK_THROWS_WITH_AS(io::read_npy(dir / "fo.npy"), doctest::Contains("Fortran"), aecluster::Error);

  test::write_bytes(dir / "junk.npy", "hello world, not an array");
  CHECK_THROWS_WITH_AS(io::read_npy(dir / "junk.npy"), doctest::Contains("not a .npy file"), aecluster::Error);
  test::write_bytes(dir / "tiny.npy", "\x93NUMPY\x01");
  CHECK_THROWS_WITH_AS(io::read_npy(dir / "tiny.npy"), doctest::Contains("tiny.npy"), aecluster::Error);
  std::string huge_header = good.substr(0, 8) + "\xff\xff" + good.substr(10, 20);
  test::write_bytes(dir / "hdr.npy", huge_header);
  CHECK_THROWS_WITH_AS(io::read_npy(dir / "hdr.npy"), doctest::Contains("truncated .npy header"), aecluster::Error);
  CHECK_THROWS_WITH_AS(io::read_npy(dir / "missing.npy"), doctest::Contains("missing.npy"), aecluster::Error);
}

TEST_CASE("save_npy leaves no temporary file behind and keeps the old file on failure") {
  test::TempDir dir;
  Tensor<float> f({2});
  f.fill(3);
  io::save_npy(dir / "a.npy", f);
  int files = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  CHECK(files == 1);
  CHECK_THROWS_AS(io::save_npy(dir / "no-such-dir" / "b.npy", f), aecluster::Error);
  CHECK(std::filesystem::exists(dir / "a.npy"));
}

TEST_CASE("npy: the narrower integer, bool and float16 dtypes read and convert") {
  test::TempDir dir;
  Tensor<std::uint16_t> u16({3});
  u16[0] = 0;
  u16[1] = 65535;
  u16[2] = 7;
  io::save_npy(dir / "u16.npy", u16);
  const auto a = io::read_npy(dir / "u16.npy");
  CHECK(a.dtype == io::DType::u16);
  CHECK(a.to<std::int64_t>()[1] == 65535);
  CHECK_THROWS_WITH_AS(a.to<std::int8_t>(), doctest::Contains("does not fit"), aecluster::Error);

  Tensor<bool> b({2});
  b[0] = true;
  b[1] = false;
  io::save_npy(dir / "b.npy", b);
  CHECK(test::read_bytes(dir / "b.npy").find("'descr': '|b1'") != std::string::npos);
  CHECK(io::load_npy<std::uint8_t>(dir / "b.npy")[0] == 1);

  const std::uint16_t halves[] = {0x3c00, 0xc100};  // 1.0, -2.5
  io::write_text_atomically(dir / "h.npy", io::npy_bytes(io::DType::f16, halves, Shape{2}));
  CHECK(test::read_bytes(dir / "h.npy").find("'descr': '<f2'") != std::string::npos);
  const auto h = io::load_npy<float>(dir / "h.npy");
  CHECK(h[0] == 1.0f);
  CHECK(h[1] == -2.5f);
  CHECK_THROWS_WITH_AS(io::npy_bytes(io::DType::bf16, halves, Shape{2}),
                       doctest::Contains("bfloat16 has no .npy equivalent"), aecluster::Error);
}
