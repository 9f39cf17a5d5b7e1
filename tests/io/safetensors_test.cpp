#include <aecluster/io/safetensors.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "test_util.hpp"

namespace io = aecluster::io;
using aecluster::Error;
using aecluster::Shape;
using aecluster::Tensor;

namespace {
std::string file_with(const std::string& header, const std::string& data = "") {
  std::string out(8, '\0');
  const std::uint64_t n = header.size();
  std::memcpy(out.data(), &n, 8);
  return out + header + data;
}
template <class T>
Tensor<T> iota(const Shape& shape, double scale = 1) {
  Tensor<T> t(shape);
  for (std::int64_t i = 0; i < t.numel(); ++i)
    t[i] = static_cast<T>(scale * static_cast<double>(i) - (std::is_signed_v<T> ? 3 : 0));
  return t;
}
}  // namespace

TEST_CASE("safetensors: round trip keeps every dtype, shape, value and the metadata") {
  test::TempDir dir;
  io::SafeTensors st;
  st.metadata = {{"format", "pt"}, {"epoch", "7"}, {"note", "quote \" backslash \\ tab \t é"}};
  st.add("encoder.0.weight", iota<float>({4, 3, 3, 3}, 0.25));
  st.add("encoder.0.bias", iota<double>({4}, 1e-3));
  st.add("encoder.1.num_batches_tracked", iota<std::int64_t>(Shape{}));  // a 0-d tensor, as PyTorch saves it
  st.add("ids", iota<std::int32_t>({2, 5}));
  st.add("pixels", iota<std::uint8_t>({2, 2, 2, 3}));
  st.add("mask", iota<bool>({3}));
  st.add("small", iota<std::int16_t>({2}));
  st.add("empty", Tensor<float>({0, 3}));
  io::SafeTensor half{"half", io::DType::f16, Shape{2}, std::string("\x00\x3c\x00\xc0", 4)};  // 1.0, -2.0
  st.add(half);
  io::write_safetensors(dir / "m.safetensors", st);

  const auto back = io::read_safetensors(dir / "m.safetensors");
  CHECK(back.metadata == st.metadata);
  REQUIRE(back.tensors.size() == st.tensors.size());
  for (const auto& [name, t] : st.tensors) {
    const auto& b = back.at(name);
    CHECK(b.name == name);
    CHECK(b.dtype == t.dtype);
    CHECK(b.shape == t.shape);
    CHECK(b.bytes == t.bytes);
  }
  const auto w = back.get<float>("encoder.0.weight", {4, 3, 3, 3});
  CHECK(w[5] == 0.25f * 5 - 3);
  CHECK(back.get<std::int64_t>("encoder.1.num_batches_tracked", Shape{})[0] == -3);
  const auto h = back.get_converted<float>("half");
  CHECK(h[0] == 1.0f);
  CHECK(h[1] == -2.0f);
  std::vector<double> buffer(4);
  back.copy_to<double>("encoder.0.bias", {4}, buffer.data());
  CHECK(buffer[3] == doctest::Approx(0.003 - 3));
  // Rewriting what was read gives the same bytes: the writer is deterministic.
  CHECK(io::safetensors_bytes(back) == test::read_bytes(dir / "m.safetensors"));
}

TEST_CASE("safetensors: the header is laid out as the reference writes it") {
  io::SafeTensors st;
  st.add("test", iota<std::int32_t>({2, 2}));
  const auto bytes = io::safetensors_bytes(st);
  const std::string json = R"({"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}})";
  REQUIRE(bytes.size() == 8 + 64 + 16);
  CHECK(bytes[0] == 64);  // 60 bytes of JSON padded with spaces to a multiple of 8
  CHECK(bytes.substr(8, 64) == json + "    ");

  // Descending dtype (U64 > I64 > F64 > F32 > ... > U8 > BOOL), then by name.
  io::SafeTensors order;
  order.add("a", iota<std::uint8_t>({1}));
  order.add("b", iota<float>({1}));
  order.add("c", iota<std::int64_t>({1}));
  order.add("d", iota<float>({1}));
  order.add("e", iota<bool>({1}));
  order.metadata = {{"z", "1"}, {"a", "2"}};
  const auto h = io::safetensors_bytes(order);
  const std::string expected =
      R"({"__metadata__":{"a":"2","z":"1"},"c":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},)"
      R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"d":{"dtype":"F32","shape":[1],"data_offsets":[12,16]},)"
      R"("a":{"dtype":"U8","shape":[1],"data_offsets":[16,17]},"e":{"dtype":"BOOL","shape":[1],"data_offsets":[17,18]}})";
  CHECK(h.substr(8, expected.size()) == expected);
  CHECK((h.size() - 18) % 8 == 0);
}

TEST_CASE("safetensors: typed getters check dtype and shape, naming file, tensor, expected and actual") {
  io::SafeTensors st;
  st.source = "model.safetensors";
  st.add("w", iota<float>({2, 3}));
  CHECK_THROWS_WITH_AS(st.get<double>("w"), "model.safetensors: tensor 'w' has dtype F32, expected F64", Error);
  CHECK_THROWS_WITH_AS(st.get<float>("w", {3, 2}), "model.safetensors: tensor 'w' has shape (2, 3), expected (3, 2)",
                       Error);
  CHECK_THROWS_WITH_AS(st.get<float>("v"), "model.safetensors: no tensor named 'v' (the file has 1 tensors: w)", Error);
  float buffer[6];
  CHECK_THROWS_WITH_AS(st.copy_to<float>("w", {6}, buffer), doctest::Contains("expected (6,)"), Error);
  CHECK_THROWS_WITH_AS(st.add("w", iota<float>({1})), doctest::Contains("'w' added twice"), Error);
  CHECK_THROWS_WITH_AS(st.add(io::SafeTensor{"x", io::DType::f32, Shape{3}, "abc"}),
                       doctest::Contains("needs 12 bytes, has 3"), Error);
  CHECK_THROWS_WITH_AS(st.add("__metadata__", iota<float>({1})), doctest::Contains("reserved"), Error);
  io::SafeTensors labels;
  labels.add("l", iota<float>({2}, 0.5));
  CHECK_THROWS_WITH_AS(labels.get_converted<std::int64_t>("l"), doctest::Contains("is not an integer"), Error);
}

TEST_CASE("safetensors: writes are atomic") {
  test::TempDir dir;
  io::SafeTensors st;
  st.add("w", iota<float>({2}));
  io::write_safetensors(dir / "a.safetensors", st);
  const auto before = test::read_bytes(dir / "a.safetensors");
  io::SafeTensors bad = st;
  bad.tensors.at("w").bytes.pop_back();  // inconsistent: refused before anything is written
  CHECK_THROWS_WITH_AS(io::write_safetensors(dir / "a.safetensors", bad), doctest::Contains("needs 8 bytes, has 7"),
                       Error);
  CHECK(test::read_bytes(dir / "a.safetensors") == before);
  CHECK_THROWS_AS(io::write_safetensors(dir / "no-such-dir" / "b.safetensors", st), Error);
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  CHECK(files == 1);  // no temporary left behind
}

TEST_CASE("safetensors: bad files give errors naming the file and the problem") {
  test::TempDir dir;
  const auto path = dir / "bad.safetensors";
  const auto check = [&](const std::string& bytes, const char* problem) {
    test::write_bytes(path, bytes);
    CHECK_THROWS_WITH_AS(io::read_safetensors(path), doctest::Contains((path.string() + ": ").c_str()), Error);
    CHECK_THROWS_WITH_AS(io::read_safetensors(path), doctest::Contains(problem), Error);
  };
  const std::string f32x2 = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  const std::string eight(8, '\1');
  SUBCASE("a valid minimal file passes (the base of the cases below)") {
    test::write_bytes(path, file_with(f32x2, eight));
    CHECK(io::read_safetensors(path).at("a").shape == Shape{2});
    test::write_bytes(path, file_with("{}   "));
    CHECK(io::read_safetensors(path).tensors.empty());
  }
  SUBCASE("truncated and oversized files") {
    check("", "too short");
    check("\x10\0\0", "too short");
    check(file_with(f32x2, eight).substr(0, 30), "runs past the end of the file");
    check(file_with(f32x2, eight.substr(0, 5)), "beyond the data section of 5 bytes");
    check(file_with(f32x2, eight + "xx"), "the data section has 10 bytes but the tensors cover only 8");
  }
  SUBCASE("a header length that is not sane") {
    std::string huge(8, '\0');
    huge[4] = 1;  // 2^32
    check(huge + "{}", "exceeds the format's limit");
    check(file_with("[1, 2]"), "does not start with '{'");
    check(file_with(""), "does not start with '{'");
  }
  SUBCASE("bad JSON") {
    check(file_with("{\"a\": "), "not valid JSON");
    check(file_with("{} x"), "not valid JSON");
    check(file_with("{\"a\":\"\xff\"}"), "not valid JSON");  // not UTF-8
    check(file_with(R"({"a":{"dtype":"F32","shape":[[[1]]],"data_offsets":[0,4]}})"), "nests deeper");
  }
  SUBCASE("duplicate keys") {
    check(
        file_with(
            R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
            eight),
        "the key 'a' twice");
    check(file_with(R"({"a":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,4]}})", "1234"),
          "the key 'dtype' twice");
  }
  SUBCASE("metadata that is not a map of strings") {
    check(file_with(R"({"__metadata__":{"epoch":3}})"), "__metadata__ entry 'epoch' must be a string");
    check(file_with(R"({"__metadata__":["x"]})"), "__metadata__ must be an object");
  }
  SUBCASE("unsupported or malformed dtype") {
    check(file_with(R"({"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}})", "x"),
          "tensor 'a' has unsupported dtype 'F8_E4M3' (supported: BOOL, U8");
    check(file_with(R"({"a":{"dtype":"float32","shape":[1],"data_offsets":[0,4]}})", "1234"),
          "unsupported dtype 'float32'");
    check(file_with(R"({"a":{"dtype":5,"shape":[1],"data_offsets":[0,4]}})", "1234"), "dtype that is not a string");
  }
  SUBCASE("malformed tensor entries") {
    check(file_with(R"({"a":[1]})"), "tensor 'a' must be described by an object");
    check(file_with(R"({"a":{"dtype":"F32","shape":[1]}})"), "has no 'data_offsets'");
    check(file_with(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":1}})", "1234"),
          "unknown field 'extra'");
    check(file_with(R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", "1234"),
          "must be a non-negative integer");
    check(file_with(R"({"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", "1234"),
          "must be a non-negative integer");
    check(file_with(R"({"a":{"dtype":"F32","shape":1,"data_offsets":[0,4]}})", "1234"), "shape that is not a list");
    check(file_with(R"({"a":{"dtype":"F32","shape":[1,1,1,1,1],"data_offsets":[0,4]}})", "1234"), "rank 5");
    check(file_with(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", "1234"), "not a [begin, end] pair");
    check(file_with(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", "1234"), "end before they begin");
  }
  SUBCASE("offsets that disagree with the shape (a header that lies about the size)") {
    check(file_with(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", eight),
          "tensor 'a' of dtype F32 and shape (3,) needs 12 bytes but its data_offsets [0, 8] span 8");
    check(file_with(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})", eight),
          "tensor 'a': shape (4294967296, 4294967296) has more than 2^59 elements");
    check(file_with(R"({"a":{"dtype":"F32","shape":[65536,65536],"data_offsets":[0,8]}})", eight),
          "larger than the file's data section");
  }
  SUBCASE("overlaps and gaps") {
    check(
        file_with(
            R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
            eight),
        "overlaps tensor 'a'");
    check(
        file_with(
            R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[2],"data_offsets":[6,8]}})",
            eight),
        "bytes 4 to 6 of the data section belong to no tensor");
    check(file_with(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", eight), "bytes 0 to 4");
  }
  SUBCASE("missing file") {
    CHECK_THROWS_WITH_AS(io::read_safetensors(dir / "absent.safetensors"), doctest::Contains("absent.safetensors"),
                         Error);
  }
}

TEST_CASE("safetensors: zero-size tensors may share an offset") {
  const auto bytes = file_with(
      R"({"e":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"f":{"dtype":"F32","shape":[2,0],"data_offsets":[0,0]},)"
      R"("a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}})",
      "x");
  const auto st = io::parse_safetensors("mem", bytes);
  CHECK(st.at("f").shape == Shape{2, 0});
  CHECK(st.at("a").bytes == "x");
}

TEST_CASE("half and bfloat16 conversion is exact") {
  CHECK(io::half_to_float(0x3c00) == 1.0f);
  CHECK(io::half_to_float(0xc000) == -2.0f);
  CHECK(io::half_to_float(0x7bff) == 65504.0f);
  CHECK(io::half_to_float(0x0001) == std::ldexp(1.0f, -24));  // smallest subnormal
  CHECK(io::half_to_float(0x03ff) == std::ldexp(1023.0f, -24));
  CHECK(std::isinf(io::half_to_float(0x7c00)));
  CHECK(std::isnan(io::half_to_float(0x7e00)));
  CHECK(std::signbit(io::half_to_float(0x8000)));
  CHECK(io::bfloat16_to_float(0x3f80) == 1.0f);
  CHECK(io::bfloat16_to_float(0xc0a0) == -5.0f);
}
