#pragma once
// The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
// header length N, N bytes of JSON {"__metadata__": {str: str}, name: {"dtype", "shape",
// "data_offsets": [begin, end]}}, then the tensors' bytes, little-endian and C order.
//
// Reading validates what the reference implementation validates and a little more: the header
// length against the file, a JSON object with no duplicate keys, supported dtypes, offsets that
// agree with shape x item size, and tensors that tile the data section exactly (no gap, no
// overlap, nothing left over). Writing is deterministic and byte-identical to the reference's
// (tensors ordered by descending dtype then name, compact JSON, header padded with spaces to a
// multiple of 8 bytes; metadata keys sorted, where the reference's order is a hash map's).
#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>
#include <aecluster/io/dtype.hpp>
#include <aecluster/tensor.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace aecluster::io {

// The reference refuses headers above 100 MB; so do we, before parsing anything.
inline constexpr std::uint64_t safetensors_max_header_bytes = 100'000'000;

// The format's dtype codes. The reference's Dtype enum order (BOOL, U8, I8, F8_E5M2, F8_E4M3, I16,
// U16, F16, BF16, I32, U32, F32, F64, I64, U64) decides the order tensors are written in.
inline std::string_view safetensors_dtype_code(DType t) {
  switch (t) {
    case DType::boolean: return "BOOL";
    case DType::u8: return "U8";
    case DType::i8: return "I8";
    case DType::i16: return "I16";
    case DType::u16: return "U16";
    case DType::f16: return "F16";
    case DType::bf16: return "BF16";
    case DType::i32: return "I32";
    case DType::u32: return "U32";
    case DType::f32: return "F32";
    case DType::f64: return "F64";
    case DType::i64: return "I64";
    case DType::u64: return "U64";
  }
  return "?";
}

namespace detail {
inline int safetensors_dtype_rank(DType t) {
  switch (t) {
    case DType::boolean: return 0;
    case DType::u8: return 1;
    case DType::i8: return 2;
    // 3, 4: F8_E5M2, F8_E4M3 (not supported)
    case DType::i16: return 5;
    case DType::u16: return 6;
    case DType::f16: return 7;
    case DType::bf16: return 8;
    case DType::i32: return 9;
    case DType::u32: return 10;
    case DType::f32: return 11;
    case DType::f64: return 12;
    case DType::i64: return 13;
    case DType::u64: return 14;
  }
  return -1;
}
inline constexpr DType safetensors_dtypes[] = {DType::boolean, DType::u8,   DType::i8,  DType::i16, DType::u16,
                                               DType::f16,     DType::bf16, DType::i32, DType::u32, DType::f32,
                                               DType::f64,     DType::i64,  DType::u64};
}  // namespace detail

// One tensor: its dtype, shape and raw bytes (numel x item size, little-endian, C order).
struct SafeTensor {
  std::string name;
  DType dtype = DType::f32;
  Shape shape;
  std::string bytes;

  template <class T>
  static SafeTensor from(std::string name, const T* data, const Shape& shape) {
    SafeTensor t{std::move(name), dtype_of<T>(), shape, {}};
    t.bytes.assign(reinterpret_cast<const char*>(data), static_cast<std::size_t>(shape.numel()) * sizeof(T));
    return t;
  }
  template <class T>
  static SafeTensor from(std::string name, const Tensor<T>& t) {
    return from(std::move(name), t.data(), t.shape());
  }
};

// A whole file: metadata and tensors by name. `source` names the file in error messages.
struct SafeTensors {
  std::string source = "safetensors";
  std::map<std::string, std::string> metadata;
  std::map<std::string, SafeTensor> tensors;

  [[nodiscard]] bool contains(const std::string& name) const { return tensors.contains(name); }

  [[nodiscard]] const SafeTensor& at(const std::string& name) const {
    const auto it = tensors.find(name);
    if (it == tensors.end()) {
      std::string names;
      int listed = 0;
      for (const auto& [n, t] : tensors) {
        if (listed++ == 12) {
          names += ", ...";
          break;
        }
        if (!names.empty()) names += ", ";
        names += n;
      }
      fail(source, ": no tensor named '", name, "' (the file has ", tensors.size(), " tensors",
           tensors.empty() ? "" : ": ", names, ")");
    }
    return it->second;
  }

  // Adds a tensor, checking its bytes against dtype and shape; a name may be added once.
  void add(SafeTensor t) {
    require(t.name != "__metadata__", source, ": '__metadata__' is reserved and cannot name a tensor");
    const auto expected = static_cast<std::uint64_t>(byte_size(t.shape, dtype_size(t.dtype)));
    require(t.bytes.size() == expected, source, ": tensor '", t.name, "' of shape ", t.shape.str(), " and dtype ",
            safetensors_dtype_code(t.dtype), " needs ", expected, " bytes, has ", t.bytes.size());
    require(!tensors.contains(t.name), source, ": tensor '", t.name, "' added twice");
    auto name = t.name;
    tensors.emplace(std::move(name), std::move(t));
  }
  template <class T>
  void add(std::string name, const T* data, const Shape& shape) {
    add(SafeTensor::from(std::move(name), data, shape));
  }
  template <class T>
  void add(std::string name, const Tensor<T>& t) {
    add(SafeTensor::from(std::move(name), t));
  }

  // The tensor, checked to have exactly T's dtype and the expected shape. Errors name the file,
  // the tensor, the expected and the actual value.
  template <class T>
  const SafeTensor& checked(const std::string& name, const Shape& expected) const {
    const auto& t = checked<T>(name);
    if (!(t.shape == expected))
      fail(source, ": tensor '", name, "' has shape ", t.shape.str(), ", expected ", expected.str());
    return t;
  }
  template <class T>
  const SafeTensor& checked(const std::string& name) const {
    const auto& t = at(name);
    if (t.dtype != dtype_of<T>())
      fail(source, ": tensor '", name, "' has dtype ", safetensors_dtype_code(t.dtype), ", expected ",
           safetensors_dtype_code(dtype_of<T>()));
    return t;
  }

  template <class T>
  [[nodiscard]] Tensor<T> get(const std::string& name, const Shape& expected) const {
    return to_tensor<T>(checked<T>(name, expected));
  }
  template <class T>
  [[nodiscard]] Tensor<T> get(const std::string& name) const {
    return to_tensor<T>(checked<T>(name));
  }
  // Into a caller's buffer of expected.numel() elements (no allocation).
  template <class T>
  void copy_to(const std::string& name, const Shape& expected, T* out) const {
    const auto& t = checked<T>(name, expected);
    if (!t.bytes.empty()) std::memcpy(out, t.bytes.data(), t.bytes.size());
  }
  // Any numeric dtype converted to T (F16 and BF16 to float, say); integers must fit exactly.
  template <class T>
  [[nodiscard]] Tensor<T> get_converted(const std::string& name) const {
    const auto& t = at(name);
    Tensor<T> out(t.shape);
    convert_elements(source + ": tensor '" + name + "'", t.dtype, t.bytes.data(), out.data(), t.shape.numel());
    return out;
  }

 private:
  template <class T>
  static Tensor<T> to_tensor(const SafeTensor& t) {
    Tensor<T> out(t.shape);
    if (!t.bytes.empty()) std::memcpy(out.data(), t.bytes.data(), t.bytes.size());
    return out;
  }
};

namespace detail {

inline DType parse_safetensors_dtype(const std::string& source, const std::string& tensor, const std::string& code) {
  for (const DType t : safetensors_dtypes)
    if (code == safetensors_dtype_code(t)) return t;
  std::string supported;
  for (const DType t : safetensors_dtypes) {
    if (!supported.empty()) supported += ", ";
    supported += safetensors_dtype_code(t);
  }
  fail(source, ": tensor '", tensor, "' has unsupported dtype '", excerpt(code, 40), "' (supported: ", supported, ")");
}

inline std::uint64_t json_unsigned(const std::string& source, const std::string& what, const nlohmann::json& v) {
  if (!v.is_number_unsigned()) fail(source, ": ", what, " must be a non-negative integer, got ", excerpt(v.dump()));
  return v.get<std::uint64_t>();
}

}  // namespace detail

// Parses a safetensors file already in memory; `source` names it in messages.
inline SafeTensors parse_safetensors(const std::string& source, std::string_view file) {
  if (file.size() < 8)
    fail(source, ": too short for a safetensors file (", file.size(), " bytes; the header length alone takes 8)");
  std::uint64_t n;
  std::memcpy(&n, file.data(), 8);
  if (n > safetensors_max_header_bytes)
    fail(source, ": header length ", n, " exceeds the format's limit of ", safetensors_max_header_bytes,
         " bytes (not a safetensors file?)");
  if (n > file.size() - 8)
    fail(source, ": header length ", n, " runs past the end of the file (", file.size(), " bytes; truncated?)");
  const std::string_view header = file.substr(8, n);
  if (header.empty() || header[0] != '{')
    fail(source, ": the JSON header does not start with '{' (not a safetensors file?)");

  // nlohmann keeps the last of duplicate keys silently; a file with two entries for one name is
  // ambiguous, so the callback refuses it. It also bounds the nesting, which the format fixes.
  std::vector<std::set<std::string>> open_objects;
  const auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (depth > 3) fail(source, ": the JSON header nests deeper than the safetensors format allows");
    if (event == E::object_start)
      open_objects.emplace_back();
    else if (event == E::object_end)
      open_objects.pop_back();
    else if (event == E::key && !open_objects.empty()) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!open_objects.back().insert(key).second)
        fail(source, ": the JSON header has the key '", excerpt(key, 200), "' twice");
    }
    return true;
  };
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(header.begin(), header.end(), callback);
  } catch (const nlohmann::json::exception& e) {
    fail(source, ": the header is not valid JSON: ", excerpt(e.what(), 200));
  }
  if (!json.is_object()) fail(source, ": the JSON header is not an object");

  SafeTensors out;
  out.source = source;
  const std::uint64_t data_size = file.size() - 8 - n;
  struct Span {
    std::uint64_t begin, end;
    const std::string* name;
  };
  std::vector<Span> spans;
  for (const auto& [key, value] : json.items()) {
    if (key == "__metadata__") {
      if (!value.is_object()) fail(source, ": __metadata__ must be an object of strings, got ", value.type_name());
      for (const auto& [k, v] : value.items()) {
        if (!v.is_string())
          fail(source, ": __metadata__ entry '", excerpt(k, 200), "' must be a string, got ", excerpt(v.dump()));
        out.metadata.emplace(k, v.get<std::string>());
      }
      continue;
    }
    const std::string what = "tensor '" + excerpt(key, 200) + "'";
    if (!value.is_object()) fail(source, ": ", what, " must be described by an object, got ", value.type_name());
    for (const auto& [field, v] : value.items())
      if (field != "dtype" && field != "shape" && field != "data_offsets")
        fail(source, ": ", what, " has an unknown field '", excerpt(field, 40),
             "' (expected dtype, shape, data_offsets)");
    for (const char* field : {"dtype", "shape", "data_offsets"})
      if (!value.contains(field)) fail(source, ": ", what, " has no '", field, "'");
    if (!value["dtype"].is_string())
      fail(source, ": ", what, " has a dtype that is not a string: ", excerpt(value["dtype"].dump()));
    SafeTensor t;
    t.name = key;
    t.dtype = detail::parse_safetensors_dtype(source, key, value["dtype"].get<std::string>());
    const auto& shape = value["shape"];
    if (!shape.is_array()) fail(source, ": ", what, " has a shape that is not a list: ", excerpt(shape.dump()));
    if (shape.size() > static_cast<std::size_t>(Shape::max_rank))
      fail(source, ": ", what, " has rank ", shape.size(), "; at most ", Shape::max_rank, " is supported");
    std::vector<std::uint64_t> dims;
    for (const auto& d : shape) dims.push_back(detail::json_unsigned(source, what + " shape entry", d));
    t.shape = checked_shape(source + ": " + what, dims);
    // More elements than the data section has bytes cannot be right (the offsets are checked below).
    if (static_cast<std::uint64_t>(t.shape.numel()) > data_size)
      fail(source, ": ", what, " has shape ", t.shape.str(), ", larger than the file's data section of ", data_size,
           " bytes");
    const auto expected =
        static_cast<std::uint64_t>(byte_size(t.shape, dtype_size(t.dtype)));  // cannot overflow: see max_numel
    const auto& offsets = value["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2)
      fail(source, ": ", what, " has data_offsets that are not a [begin, end] pair: ", excerpt(offsets.dump()));
    const auto begin = detail::json_unsigned(source, what + " data_offsets", offsets[0]);
    const auto end = detail::json_unsigned(source, what + " data_offsets", offsets[1]);
    if (begin > end) fail(source, ": ", what, " has data_offsets [", begin, ", ", end, "] that end before they begin");
    if (end > data_size)
      fail(source, ": ", what, " has data_offsets [", begin, ", ", end, "] beyond the data section of ", data_size,
           " bytes (truncated file?)");
    if (end - begin != expected)
      fail(source, ": ", what, " of dtype ", safetensors_dtype_code(t.dtype), " and shape ", t.shape.str(), " needs ",
           expected, " bytes but its data_offsets [", begin, ", ", end, "] span ", end - begin);
    t.bytes.assign(file.data() + 8 + n + begin, static_cast<std::size_t>(end - begin));
    auto [it, inserted] = out.tensors.emplace(key, std::move(t));
    spans.push_back({begin, end, &it->first});
  }

  // The tensors must tile the data section: sorted by offset, each starts where the last ended.
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
  std::uint64_t covered = 0;
  const std::string* previous = nullptr;
  for (const auto& s : spans) {
    if (s.begin < covered)
      fail(source, ": tensor '", *s.name, "' (bytes ", s.begin, " to ", s.end, ") overlaps tensor '", *previous,
           "' (ending at ", covered, ")");
    if (s.begin > covered)
      fail(source, ": bytes ", covered, " to ", s.begin, " of the data section belong to no tensor (a gap before '",
           *s.name, "')");
    covered = s.end;
    previous = s.name;
  }
  if (covered != data_size)
    fail(source, ": the data section has ", data_size, " bytes but the tensors cover only ", covered,
         " (trailing bytes, or a header that lies about the offsets)");
  return out;
}

inline SafeTensors read_safetensors(const std::filesystem::path& path) {
  return parse_safetensors(path.string(), read_file(path));
}

namespace detail {

inline std::vector<const SafeTensor*> safetensors_write_order(const SafeTensors& st) {
  std::vector<const SafeTensor*> order;
  for (const auto& [name, t] : st.tensors) {
    if (name != t.name) fail(st.source, ": tensor stored under '", name, "' is named '", t.name, "'");
    if (name == "__metadata__") fail(st.source, ": '__metadata__' is reserved and cannot name a tensor");
    const auto expected = static_cast<std::uint64_t>(byte_size(t.shape, dtype_size(t.dtype)));
    if (t.bytes.size() != expected)
      fail(st.source, ": tensor '", name, "' of shape ", t.shape.str(), " and dtype ", safetensors_dtype_code(t.dtype),
           " needs ", expected, " bytes, has ", t.bytes.size());
    order.push_back(&t);
  }
  std::stable_sort(order.begin(), order.end(), [](const SafeTensor* a, const SafeTensor* b) {
    const int ra = safetensors_dtype_rank(a->dtype), rb = safetensors_dtype_rank(b->dtype);
    return ra != rb ? ra > rb : a->name < b->name;
  });
  return order;
}

inline std::string json_string(const std::string& s) {
  try {
    return nlohmann::json(s).dump();
  } catch (const nlohmann::json::exception& e) {
    fail("safetensors: cannot write the name or metadata '", s, "': ", e.what());
  }
}

}  // namespace detail

// The header (8-byte length + padded JSON) for `st`, and the order the tensors' bytes follow it in.
inline std::string safetensors_header(const SafeTensors& st, std::vector<const SafeTensor*>& order) {
  order = detail::safetensors_write_order(st);
  std::string json = "{";
  if (!st.metadata.empty()) {
    json += "\"__metadata__\":{";
    bool first = true;
    for (const auto& [k, v] : st.metadata) {
      if (!first) json += ',';
      first = false;
      json += detail::json_string(k);
      json += ':';
      json += detail::json_string(v);
    }
    json += '}';
  }
  std::uint64_t offset = 0;
  for (const SafeTensor* t : order) {
    if (json.size() > 1) json += ',';
    json += detail::json_string(t->name);
    json += ":{\"dtype\":\"";
    json += safetensors_dtype_code(t->dtype);
    json += "\",\"shape\":[";
    for (int i = 0; i < t->shape.rank(); ++i) {
      if (i) json += ',';
      json += std::to_string(t->shape[i]);
    }
    json += "],\"data_offsets\":[";
    json += std::to_string(offset);
    json += ',';
    offset += t->bytes.size();
    json += std::to_string(offset);
    json += "]}";
  }
  json += '}';
  json.append((8 - json.size() % 8) % 8, ' ');
  std::string out(8, '\0');
  const std::uint64_t n = json.size();
  std::memcpy(out.data(), &n, 8);
  return out + json;
}

// The whole file in memory.
inline std::string safetensors_bytes(const SafeTensors& st) {
  std::vector<const SafeTensor*> order;
  std::string out = safetensors_header(st, order);
  for (const SafeTensor* t : order) out += t->bytes;
  return out;
}

// Writes atomically (temporary file, then rename), streaming the tensors without copying them.
inline void write_safetensors(const std::filesystem::path& path, const SafeTensors& st) {
  std::vector<const SafeTensor*> order;
  const std::string header = safetensors_header(st, order);
  write_atomically(path, [&](std::ostream& out) {
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    for (const SafeTensor* t : order) out.write(t->bytes.data(), static_cast<std::streamsize>(t->bytes.size()));
  });
}

}  // namespace aecluster::io
