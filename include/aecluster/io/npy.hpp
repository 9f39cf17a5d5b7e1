#pragma once
// NumPy .npy files (format versions 1.0 to 3.0): little-endian, C order, dtypes bool, (u)int8 to
// (u)int64, float16, float32, float64. Every size is checked against the file before anything is read.
#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>
#include <aecluster/io/dtype.hpp>
#include <aecluster/tensor.hpp>

#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace aecluster::io {

// An array as read from disk: its dtype, shape and raw little-endian bytes.
struct NpyArray {
  std::filesystem::path path;
  DType dtype = DType::u8;
  Shape shape;
  std::string bytes;

  // The data as T, converting between numeric types; integers must fit T exactly.
  template <class T>
  [[nodiscard]] Tensor<T> to() const;
};

namespace detail {

// The header dictionary, parsed by its grammar (what numpy.lib.format writes, with either quote
// and optional trailing commas): {'descr': STRING, 'fortran_order': True|False, 'shape': TUPLE},
// each key exactly once, nothing else, then spaces up to the closing newline.
struct NpyHeader {
  std::string descr;
  bool fortran_order = false;
  std::vector<std::int64_t> shape;
};

class NpyHeaderParser {
 public:
  NpyHeaderParser(const std::filesystem::path& path, std::string_view text) : path_(path), text_(text) {}

  NpyHeader parse() {
    NpyHeader h;
    bool seen[3] = {false, false, false};
    expect('{');
    while (skip_space(), peek() != '}') {
      const std::string key = string_literal();
      expect(':');
      skip_space();
      int index = key == "descr" ? 0 : key == "fortran_order" ? 1 : key == "shape" ? 2 : -1;
      if (index < 0) error("unknown key '" + excerpt(key, 20) + "'");
      if (seen[index]) error("key '" + key + "' appears twice");
      seen[index] = true;
      if (index == 0)
        h.descr = string_literal();
      else if (index == 1)
        h.fortran_order = boolean();
      else
        h.shape = tuple();
      skip_space();
      if (peek() == ',')
        ++pos_;
      else if (peek() != '}')
        error("expected ',' or '}'");
    }
    ++pos_;
    for (int i = 0; i < 3; ++i)
      if (!seen[i]) error(std::string("no '") + (i == 0 ? "descr" : i == 1 ? "fortran_order" : "shape") + "' entry");
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\0')) ++pos_;  // NumPy pads with spaces
    if (pos_ + 1 != text_.size() || text_[pos_] != '\n') error("unexpected text after the dictionary");
    return h;
  }

 private:
  [[noreturn]] void error(const std::string& what) const {
    fail(path_.string(), ": malformed npy header (", what, " at offset ", pos_, "): ", excerpt(text_));
  }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n')) ++pos_;
  }
  void expect(char c) {
    skip_space();
    if (peek() != c) error(std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string string_literal() {
    skip_space();
    const char quote = peek();
    if (quote != '\'' && quote != '"') error("expected a quoted string");
    const auto end = text_.find(quote, pos_ + 1);
    if (end == std::string_view::npos || end - pos_ > 64) error("unterminated string");
    std::string s(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return s;
  }
  bool boolean() {
    for (const auto& [word, value] : {std::pair{std::string_view("True"), true}, {std::string_view("False"), false}})
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return value;
      }
    error("fortran_order must be True or False");
  }
  // '(' [INT (',' INT)* [',']] ')', where a single element needs its comma, as in Python.
  std::vector<std::int64_t> tuple() {
    if (peek() != '(') error("shape must be a tuple such as (3,) or (2, 3)");
    ++pos_;
    std::vector<std::int64_t> dims;
    bool comma_after_last = false;
    while (skip_space(), peek() != ')') {
      if (!std::isdigit(static_cast<unsigned char>(peek()))) error("shape entries must be non-negative integers");
      std::int64_t d = 0;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        if (d > (std::numeric_limits<std::int64_t>::max() - 9) / 10) error("shape entry overflows int64");
        d = d * 10 + (text_[pos_++] - '0');
      }
      if (dims.size() == static_cast<std::size_t>(Shape::max_rank))
        error("rank above " + std::to_string(Shape::max_rank) + " is not supported");
      dims.push_back(d);
      skip_space();
      comma_after_last = peek() == ',';
      if (comma_after_last)
        ++pos_;
      else if (peek() != ')')
        error("expected ',' or ')' in the shape");
    }
    if (dims.size() == 1 && !comma_after_last) error("a one-element shape needs its comma, as in (3,)");
    ++pos_;
    return dims;
  }

  const std::filesystem::path& path_;
  std::string_view text_;
  std::size_t pos_ = 0;
};

inline DType parse_descr(const std::filesystem::path& path, const std::string& descr) {
  const char order = descr.empty() ? '?' : descr[0];
  std::string code = descr;
  if (order == '<' || order == '|' || order == '=')
    code = descr.substr(1);
  else if (order == '>') {
    if (descr == ">u1" || descr == ">i1" || descr == ">b1")
      code = descr.substr(1);
    else
      fail(path.string(), ": big-endian npy data ('", descr, "') is not supported; save it little-endian");
  }
  static constexpr std::pair<std::string_view, DType> codes[] = {
      {"u1", DType::u8},  {"i1", DType::i8},  {"b1", DType::boolean}, {"i2", DType::i16},
      {"u2", DType::u16}, {"i4", DType::i32}, {"u4", DType::u32},     {"i8", DType::i64},
      {"u8", DType::u64}, {"f2", DType::f16}, {"f4", DType::f32},     {"f8", DType::f64}};
  for (const auto& [c, t] : codes)
    if (code == c) return t;
  fail(path.string(), ": unsupported npy dtype '", descr,
       "' (supported: bool, int8/16/32/64, uint8/16/32/64, float16, float32, float64)");
}

}  // namespace detail

template <class T>
Tensor<T> NpyArray::to() const {
  Tensor<T> out(shape);
  convert_elements(path.string(), dtype, bytes.data(), out.data(), shape.numel());
  return out;
}

// Parses .npy bytes already in memory; `path` only names the source in messages.
inline NpyArray parse_npy(const std::filesystem::path& path, std::string bytes) {
  static constexpr char magic[] = "\x93NUMPY";
  if (bytes.size() < 10 || std::memcmp(bytes.data(), magic, 6) != 0)
    fail(path.string(), ": not a .npy file (missing the \\x93NUMPY magic)");
  const auto major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_len, header_start;
  if (major == 1) {
    header_len =
        static_cast<unsigned char>(bytes[8]) | (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) fail(path.string(), ": truncated .npy header");
    std::uint32_t len;
    std::memcpy(&len, bytes.data() + 8, 4);
    header_len = len;
    header_start = 12;
  } else {
    fail(path.string(), ": unsupported .npy format version ", int(major));
  }
  if (header_len > bytes.size() - header_start)
    fail(path.string(), ": truncated .npy header (needs ", header_start + header_len, " bytes, file has ", bytes.size(),
         ")");
  const std::string_view header(bytes.data() + header_start, header_len);

  const auto header_fields = detail::NpyHeaderParser(path, header).parse();
  NpyArray a;
  a.path = path;
  a.dtype = detail::parse_descr(path, header_fields.descr);
  if (header_fields.fortran_order)
    fail(path.string(), ": Fortran-ordered .npy arrays are not supported (fortran_order=True)");
  a.shape = checked_shape(path.string(), header_fields.shape);

  const std::size_t data_start = header_start + header_len;
  const auto expected = static_cast<std::uint64_t>(byte_size(a.shape, dtype_size(a.dtype)));
  const std::uint64_t actual = bytes.size() - data_start;
  if (actual < expected)
    fail(path.string(), ": truncated: shape ", a.shape.str(), " of ", dtype_name(a.dtype), " needs ", expected,
         " data bytes, file has ", actual);
  if (actual > expected)
    fail(path.string(), ": ", actual - expected, " unexpected bytes after the data of shape ", a.shape.str(),
         " (header and size disagree)");
  bytes.erase(0, data_start);
  a.bytes = std::move(bytes);
  return a;
}

inline NpyArray read_npy(const std::filesystem::path& path) { return parse_npy(path, read_file(path)); }

// Reads an array and converts it to T (see NpyArray::to).
template <class T>
Tensor<T> load_npy(const std::filesystem::path& path) {
  return read_npy(path).to<T>();
}

// The .npy type string of a dtype; bfloat16 has none.
inline std::string npy_descr(DType t) {
  switch (t) {
    case DType::u8: return "|u1";
    case DType::i8: return "|i1";
    case DType::boolean: return "|b1";
    case DType::i16: return "<i2";
    case DType::u16: return "<u2";
    case DType::i32: return "<i4";
    case DType::u32: return "<u4";
    case DType::i64: return "<i8";
    case DType::u64: return "<u8";
    case DType::f16: return "<f2";
    case DType::f32: return "<f4";
    case DType::f64: return "<f8";
    case DType::bf16: break;
  }
  fail("npy: ", dtype_name(t), " has no .npy equivalent");
}

// A whole .npy file (format 1.0) for numel(shape) elements of `dtype` at `data`.
inline std::string npy_bytes(DType dtype, const void* data, const Shape& shape) {
  std::string dict = "{'descr': '" + npy_descr(dtype) + "', 'fortran_order': False, 'shape': (";
  for (int i = 0; i < shape.rank(); ++i)
    dict += std::to_string(shape[i]) + (shape.rank() == 1 || i + 1 < shape.rank() ? ", " : "");
  if (shape.rank() > 0 && dict.ends_with(", ")) dict.resize(dict.size() - (shape.rank() == 1 ? 1 : 2));
  dict += "), }";
  std::size_t total = 10 + dict.size() + 1;
  const std::size_t padded = (total + 63) / 64 * 64;
  dict.append(padded - total, ' ');
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  const auto len = static_cast<std::uint16_t>(dict.size());
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>(len >> 8);
  out += dict;
  out.append(static_cast<const char*>(data), static_cast<std::size_t>(shape.numel()) * dtype_size(dtype));
  return out;
}
template <class T>
std::string npy_bytes(const T* data, const Shape& shape) {
  return npy_bytes(dtype_of<T>(), data, shape);
}

// Writes atomically (temporary file, then rename).
template <class T>
void save_npy(const std::filesystem::path& path, const T* data, const Shape& shape) {
  const auto bytes = npy_bytes(data, shape);
  write_text_atomically(path, bytes);
}
template <class T>
void save_npy(const std::filesystem::path& path, const Tensor<T>& t) {
  save_npy(path, t.data(), t.shape());
}

}  // namespace aecluster::io
