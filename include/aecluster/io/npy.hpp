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

inline std::string npy_header_value(const std::filesystem::path& path, std::string_view header, std::string_view key) {
  std::string quoted = "'";
  quoted += key;
  quoted += '\'';
  auto pos = header.find(quoted);
  if (pos == std::string_view::npos) fail(path.string(), ": npy header has no ", quoted, " entry: ", header);
  pos = header.find(':', pos + quoted.size());
  if (pos == std::string_view::npos) fail(path.string(), ": npy header is malformed near ", quoted);
  ++pos;
  while (pos < header.size() && std::isspace(static_cast<unsigned char>(header[pos]))) ++pos;
  if (pos >= header.size()) fail(path.string(), ": npy header ends after ", quoted);
  std::size_t end;
  if (header[pos] == '(') {
    end = header.find(')', pos);
    if (end == std::string_view::npos) fail(path.string(), ": npy header shape is not closed");
    ++end;
  } else if (header[pos] == '\'' || header[pos] == '"') {
    end = header.find(header[pos], pos + 1);
    if (end == std::string_view::npos) fail(path.string(), ": npy header string is not closed");
    ++end;
  } else {
    end = header.find_first_of(",}", pos);
    if (end == std::string_view::npos) end = header.size();
  }
  return std::string(header.substr(pos, end - pos));
}

inline DType parse_descr(const std::filesystem::path& path, std::string descr) {
  if (descr.size() < 2) fail(path.string(), ": bad npy dtype ", descr);
  descr = descr.substr(1, descr.size() - 2);  // strip quotes
  const char order = descr.empty() ? '?' : descr[0];
  std::string code = descr;
  if (order == '<' || order == '|' || order == '=') code = descr.substr(1);
  else if (order == '>') {
    if (descr == ">u1" || descr == ">i1" || descr == ">b1") code = descr.substr(1);
    else fail(path.string(), ": big-endian npy data ('", descr, "') is not supported; save it little-endian");
  }
  static constexpr std::pair<std::string_view, DType> codes[] = {
      {"u1", DType::u8},   {"i1", DType::i8},   {"b1", DType::boolean}, {"i2", DType::i16},  {"u2", DType::u16},
      {"i4", DType::i32},  {"u4", DType::u32},  {"i8", DType::i64},     {"u8", DType::u64},  {"f2", DType::f16},
      {"f4", DType::f32},  {"f8", DType::f64}};
  for (const auto& [c, t] : codes)
    if (code == c) return t;
  fail(path.string(), ": unsupported npy dtype '", descr,
       "' (supported: bool, int8/16/32/64, uint8/16/32/64, float16, float32, float64)");
}

inline Shape parse_shape(const std::filesystem::path& path, const std::string& text) {
  Shape shape;
  std::size_t i = 1;  // after '('
  while (i < text.size()) {
    while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == ',')) ++i;
    if (i >= text.size() || text[i] == ')') break;
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) fail(path.string(), ": bad npy shape ", text);
    std::int64_t d = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (d > (std::numeric_limits<std::int64_t>::max() - 9) / 10) fail(path.string(), ": npy shape overflows: ", text);
      d = d * 10 + (text[i++] - '0');
    }
    if (shape.rank() == Shape::max_rank) fail(path.string(), ": npy arrays of rank > ", Shape::max_rank, " are not supported: ", text);
    shape.push_back(d);
  }
  return shape;
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
    header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
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
  if (header_start + header_len > bytes.size())
    fail(path.string(), ": truncated .npy header (needs ", header_start + header_len, " bytes, file has ", bytes.size(), ")");
  const std::string_view header(bytes.data() + header_start, header_len);

  NpyArray a;
  a.path = path;
  a.dtype = detail::parse_descr(path, detail::npy_header_value(path, header, "descr"));
  const auto fortran = detail::npy_header_value(path, header, "fortran_order");
  if (fortran != "False") fail(path.string(), ": Fortran-ordered .npy arrays are not supported (fortran_order=", fortran, ")");
  a.shape = detail::parse_shape(path, detail::npy_header_value(path, header, "shape"));

  const std::size_t data_start = header_start + header_len;
  const auto numel = a.shape.numel();
  const auto item = dtype_size(a.dtype);
  if (numel < 0 || (numel > 0 && static_cast<std::uint64_t>(numel) > std::numeric_limits<std::uint64_t>::max() / item))
    fail(path.string(), ": npy shape ", a.shape.str(), " is too large");
  const std::uint64_t expected = static_cast<std::uint64_t>(numel) * item;
  const std::uint64_t actual = bytes.size() - data_start;
  if (actual < expected)
    fail(path.string(), ": truncated: shape ", a.shape.str(), " of ", dtype_name(a.dtype), " needs ", expected, " data bytes, file has ", actual);
  if (actual > expected)
    fail(path.string(), ": ", actual - expected, " unexpected bytes after the data of shape ", a.shape.str(), " (header and size disagree)");
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
  for (int i = 0; i < shape.rank(); ++i) dict += std::to_string(shape[i]) + (shape.rank() == 1 || i + 1 < shape.rank() ? ", " : "");
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
