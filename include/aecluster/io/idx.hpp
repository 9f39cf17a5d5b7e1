#pragma once
// IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed: a magic
// 0x00 0x00 <dtype> <ndim>, ndim big-endian uint32 dimensions, then the data in C order.
// Only unsigned bytes (dtype 0x08) are read, which is what image and label files hold. The size
// the header promises is checked against the file before the data is read or allocated, and the
// data must end exactly where the header says.
#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>
#include <aecluster/io/gzip.hpp>
#include <aecluster/tensor.hpp>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace aecluster::io {

inline constexpr std::uint64_t idx_default_max_bytes = std::uint64_t{1} << 32;

namespace detail {

inline std::string_view idx_dtype_name(unsigned code) {
  switch (code) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "int16";
    case 0x0C: return "int32";
    case 0x0D: return "float32";
    case 0x0E: return "float64";
    default: return "unknown";
  }
}

// Parses the 4-byte magic and the dimensions from `head` (4 + 4*ndim bytes, read by the caller).
inline Shape idx_shape(const std::string& name, const unsigned char* magic, const unsigned char* dims,
                       std::uint64_t max_bytes) {
  std::vector<std::uint32_t> sizes;
  for (int i = 0; i < magic[3]; ++i)
    sizes.push_back((std::uint32_t{dims[4 * i]} << 24) | (std::uint32_t{dims[4 * i + 1]} << 16) |
                    (std::uint32_t{dims[4 * i + 2]} << 8) | std::uint32_t{dims[4 * i + 3]});
  const Shape shape = checked_shape(name, sizes);  // each below 2^32, but four of them can overflow
  if (static_cast<std::uint64_t>(shape.numel()) > max_bytes)
    fail(name, ": IDX header declares shape ", shape.str(), ", more than the limit of ", max_bytes, " bytes");
  return shape;
}

inline void check_idx_magic(const std::string& name, const unsigned char* magic) {
  if (magic[0] != 0 || magic[1] != 0)
    fail(name, ": not an IDX file (the first two bytes are ", int(magic[0]), " ", int(magic[1]), ", expected 0 0)");
  if (magic[2] != 0x08)
    fail(name, ": unsupported IDX data type 0x", "0123456789ABCDEF"[magic[2] >> 4], "0123456789ABCDEF"[magic[2] & 15],
         " (", idx_dtype_name(magic[2]), "); only unsigned bytes (0x08) are supported");
  if (magic[3] < 1 || magic[3] > Shape::max_rank)
    fail(name, ": IDX file has ", int(magic[3]), " dimensions; 1 to ", Shape::max_rank, " are supported");
}

}  // namespace detail

// Parses an IDX file already in memory (gzip-compressed or not); `name` names it in messages.
inline Tensor<std::uint8_t> parse_idx(const std::string& name, std::string_view file,
                                      std::uint64_t max_bytes = idx_default_max_bytes) {
  if (is_gzip(file)) {
    GzipReader gz(name, file);
    unsigned char magic[4];
    if (gz.read(reinterpret_cast<char*>(magic), 4) != 4)
      fail(name, ": gzip data too short for an IDX header (", gz.total_out(), " bytes)");
    detail::check_idx_magic(name, magic);
    unsigned char dims[4 * Shape::max_rank];
    const std::size_t dims_bytes = 4 * std::size_t{magic[3]};
    if (gz.read(reinterpret_cast<char*>(dims), dims_bytes) != dims_bytes)
      fail(name, ": gzip data ends inside the IDX header (", gz.total_out(), " of ", 4 + dims_bytes, " bytes)");
    const Shape shape = detail::idx_shape(name, magic, dims, max_bytes);
    const auto expected = static_cast<std::uint64_t>(shape.numel());
    if (expected > gzip_max_inflated_size(file.size()))
      fail(name, ": IDX header declares shape ", shape.str(), " (", expected, " bytes), more than a gzip file of ",
           file.size(), " bytes can hold");
    Tensor<std::uint8_t> out(shape);
    const std::size_t got = gz.read(reinterpret_cast<char*>(out.data()), static_cast<std::size_t>(expected));
    if (got != expected)
      fail(name, ": IDX header declares shape ", shape.str(), " (", expected, " data bytes) but the data ends after ",
           got, " bytes");
    gz.expect_end(aecluster::detail::concat("the IDX header declares (shape ", shape.str(), ")"));
    return out;
  }
  if (file.size() < 4) fail(name, ": too short for an IDX file (", file.size(), " bytes)");
  const auto* bytes = reinterpret_cast<const unsigned char*>(file.data());
  detail::check_idx_magic(name, bytes);
  const std::size_t header = 4 + 4 * std::size_t{bytes[3]};
  if (file.size() < header) fail(name, ": file ends inside the IDX header (", file.size(), " of ", header, " bytes)");
  const Shape shape = detail::idx_shape(name, bytes, bytes + 4, max_bytes);
  const auto expected = static_cast<std::uint64_t>(shape.numel());
  const std::uint64_t actual = file.size() - header;
  if (actual < expected)
    fail(name, ": truncated: IDX header declares shape ", shape.str(), " (", expected, " data bytes), the file holds ",
         actual);
  if (actual > expected)
    fail(name, ": ", actual - expected, " unexpected bytes after the data of shape ", shape.str(),
         " (header and size disagree)");
  Tensor<std::uint8_t> out(shape);
  if (expected) std::memcpy(out.data(), bytes + header, static_cast<std::size_t>(expected));
  return out;
}

// Reads an IDX file, gzip-compressed (detected by its magic, whatever the name) or plain.
inline Tensor<std::uint8_t> read_idx(const std::filesystem::path& path,
                                     std::uint64_t max_bytes = idx_default_max_bytes) {
  const auto file = read_file(path, max_bytes + (std::uint64_t{1} << 20));
  return parse_idx(path.string(), file, max_bytes);
}

// The IDX encoding of a byte tensor (rank 1 to 4), gzip-compressed if asked.
inline std::string idx_bytes(const Tensor<std::uint8_t>& t, bool gzip = false) {
  require(t.rank() >= 1, "idx: a tensor of rank 1 to ", Shape::max_rank, " is needed, got rank ", t.rank());
  std::string out = {'\0', '\0', '\x08', static_cast<char>(t.rank())};
  for (int i = 0; i < t.rank(); ++i) {
    const auto d = t.dim(i);
    require(d <= std::numeric_limits<std::uint32_t>::max(), "idx: dimension ", d, " does not fit 32 bits");
    for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((static_cast<std::uint32_t>(d) >> s) & 0xff);
  }
  out.append(reinterpret_cast<const char*>(t.data()), static_cast<std::size_t>(t.numel()));
  return gzip ? gzip_compress(out) : out;
}

// Writes atomically (temporary file, then rename).
inline void save_idx(const std::filesystem::path& path, const Tensor<std::uint8_t>& t, bool gzip = false) {
  write_text_atomically(path, idx_bytes(t, gzip));
}

}  // namespace aecluster::io
