#pragma once
// NumPy .npy files (format versions 1.0 to 3.0): little-endian, C order, dtypes uint8, int32,
// int64, float32, float64. Every size is checked against the file before anything is read.
#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>
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

static_assert(std::endian::native == std::endian::little, "aecluster's file formats assume a little-endian host");

enum class DType { u8, i32, i64, f32, f64 };

inline std::string_view dtype_name(DType t) {
  switch (t) {
    case DType::u8: return "uint8";
    case DType::i32: return "int32";
    case DType::i64: return "int64";
    case DType::f32: return "float32";
    case DType::f64: return "float64";
  }
  return "?";
}
inline std::size_t dtype_size(DType t) {
  switch (t) {
    case DType::u8: return 1;
    case DType::i32: return 4;
    case DType::i64: case DType::f64: return 8;
    case DType::f32: return 4;
  }
  return 0;
}
template <class T>
constexpr DType dtype_of() {
  if constexpr (std::is_same_v<T, std::uint8_t>) return DType::u8;
  else if constexpr (std::is_same_v<T, std::int32_t>) return DType::i32;
  else if constexpr (std::is_same_v<T, std::int64_t>) return DType::i64;
  else if constexpr (std::is_same_v<T, float>) return DType::f32;
  else {
    static_assert(std::is_same_v<T, double>, "npy: unsupported element type");
    return DType::f64;
  }
}

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
  const std::string quoted = "'" + std::string(key) + "'";
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
    if (descr == ">u1" || descr == ">i1") code = descr.substr(1);
    else fail(path.string(), ": big-endian npy data ('", descr, "') is not supported; save it little-endian");
  }
  if (code == "u1") return DType::u8;
  if (code == "i4") return DType::i32;
  if (code == "i8") return DType::i64;
  if (code == "f4") return DType::f32;
  if (code == "f8") return DType::f64;
  fail(path.string(), ": unsupported npy dtype '", descr, "' (supported: uint8, int32, int64, float32, float64)");
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

template <class From, class To>
void convert_elements(const std::filesystem::path& path, const char* src, To* dst, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    From v;
    std::memcpy(&v, src + i * sizeof(From), sizeof(From));
    if constexpr (std::is_integral_v<To> && std::is_floating_point_v<From>) {
      if (!(v == static_cast<From>(static_cast<std::int64_t>(v))) || v < static_cast<From>(std::numeric_limits<To>::min()) ||
          v > static_cast<From>(std::numeric_limits<To>::max()))
        fail(path.string(), ": element ", i, " (", v, ") is not an integer that fits the expected integer type");
    } else if constexpr (std::is_integral_v<To> && std::is_integral_v<From>) {
      if (!std::in_range<To>(v)) fail(path.string(), ": element ", i, " (", static_cast<long long>(v), ") does not fit the expected integer type");
    }
    dst[i] = static_cast<To>(v);
  }
}

}  // namespace detail

template <class T>
Tensor<T> NpyArray::to() const {
  Tensor<T> out(shape);
  const auto n = shape.numel();
  switch (dtype) {
    case DType::u8: detail::convert_elements<std::uint8_t>(path, bytes.data(), out.data(), n); break;
    case DType::i32: detail::convert_elements<std::int32_t>(path, bytes.data(), out.data(), n); break;
    case DType::i64: detail::convert_elements<std::int64_t>(path, bytes.data(), out.data(), n); break;
    case DType::f32: detail::convert_elements<float>(path, bytes.data(), out.data(), n); break;
    case DType::f64: detail::convert_elements<double>(path, bytes.data(), out.data(), n); break;
  }
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

template <class T>
std::string npy_bytes(const T* data, const Shape& shape) {
  std::string descr;
  switch (dtype_of<T>()) {
    case DType::u8: descr = "|u1"; break;
    case DType::i32: descr = "<i4"; break;
    case DType::i64: descr = "<i8"; break;
    case DType::f32: descr = "<f4"; break;
    case DType::f64: descr = "<f8"; break;
  }
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
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
  out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(shape.numel()) * sizeof(T));
  return out;
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
