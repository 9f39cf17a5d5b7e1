#pragma once
// gzip through zlib: decompression from memory into caller-sized buffers (so a reader that knows the
// expected size from a header never inflates more than that), and compression for writers and tests.
#include <aecluster/error.hpp>

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace aecluster::io {

inline bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

// Deflate's best case is about 1032:1, so a gzip file of n bytes cannot hold more than this; a
// header that promises more is lying, and we say so before allocating anything.
inline std::uint64_t gzip_max_inflated_size(std::uint64_t compressed_bytes) { return compressed_bytes * 1040 + 1024; }

// Inflates one gzip member from memory, on demand. `name` (the file) starts every error message.
class GzipReader {
 public:
  GzipReader(std::string name, std::string_view compressed) : name_(std::move(name)), input_(compressed) {
    const int rc = inflateInit2(&z_, 15 + 16);  // 15-bit window, gzip wrapper only
    if (rc != Z_OK) fail(name_, ": zlib cannot start decompression (", rc, ")");
  }
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;
  ~GzipReader() { inflateEnd(&z_); }

  // Fills dst with up to n bytes; returns fewer only when the gzip stream has ended cleanly.
  // A stream cut short or corrupt (bad CRC, bad deflate data) is an Error.
  std::size_t read(char* dst, std::size_t n) {
    std::size_t produced = 0;
    while (produced < n && !ended_) {
      if (z_.avail_in == 0 && consumed_ < input_.size()) {
        const auto chunk = std::min<std::size_t>(input_.size() - consumed_, std::numeric_limits<uInt>::max() / 2);
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input_.data() + consumed_));
        z_.avail_in = static_cast<uInt>(chunk);
        consumed_ += chunk;
      }
      const auto want = std::min<std::size_t>(n - produced, std::numeric_limits<uInt>::max() / 2);
      z_.next_out = reinterpret_cast<Bytef*>(dst + produced);
      z_.avail_out = static_cast<uInt>(want);
      const int rc = inflate(&z_, Z_NO_FLUSH);
      produced += want - z_.avail_out;
      total_out_ += want - z_.avail_out;
      if (rc == Z_STREAM_END) {
        ended_ = true;
      } else if (rc == Z_BUF_ERROR) {  // no progress possible: out of input (we always give output room)
        if (z_.avail_in == 0 && consumed_ == input_.size())
          fail(name_, ": truncated gzip data (the compressed stream stops after ", total_out_,
               " decompressed bytes, without its end marker)");
        fail(name_, ": gzip decompression made no progress (corrupt data?)");
      } else if (rc == Z_DATA_ERROR) {
        fail(name_, ": corrupt gzip data (", z_.msg ? z_.msg : "invalid deflate stream", ") after ", total_out_,
             " decompressed bytes");
      } else if (rc != Z_OK) {
        fail(name_, ": gzip decompression failed (zlib error ", rc, z_.msg ? std::string(", ") + z_.msg : std::string(),
             ")");
      }
    }
    return produced;
  }

  // After the expected amount was read: the stream must end exactly there, with nothing after it.
  void expect_end(std::string_view what_was_expected) {
    char extra;
    if (read(&extra, 1) != 0)
      fail(name_, ": more data than ", what_was_expected, " (the gzip stream continues after ", total_out_ - 1,
           " decompressed bytes)");
    const std::size_t trailing = z_.avail_in + (input_.size() - consumed_);
    if (trailing != 0)
      fail(name_, ": ", trailing,
           " unexpected bytes after the end of the gzip stream (trailing garbage or a second gzip member)");
  }

  [[nodiscard]] std::uint64_t total_out() const { return total_out_; }
  [[nodiscard]] bool ended() const { return ended_; }

 private:
  std::string name_;
  std::string_view input_;
  std::size_t consumed_ = 0;
  std::uint64_t total_out_ = 0;
  bool ended_ = false;
  z_stream z_{};
};

// Inflates a whole gzip file, refusing to produce more than max_bytes.
inline std::string gunzip(const std::string& name, std::string_view compressed, std::uint64_t max_bytes) {
  GzipReader reader(name, compressed);
  std::string out;
  std::size_t chunk = std::size_t{1} << 16;
  for (;;) {
    const std::size_t old = out.size();
    const std::uint64_t room = max_bytes - old;
    if (room == 0) {
      reader.expect_end(std::to_string(max_bytes) + " bytes, the limit");
      return out;
    }
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, room));
    out.resize(old + want);
    const std::size_t got = reader.read(out.data() + old, want);
    out.resize(old + got);
    if (got < want) {
      reader.expect_end("the stream holds");
      return out;
    }
    chunk = std::min<std::size_t>(chunk * 2, std::size_t{1} << 26);
  }
}

// Compresses into a single gzip member (deterministic: no file name or time stamp in the header).
inline std::string gzip_compress(std::string_view data, int level = Z_DEFAULT_COMPRESSION) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    fail("gzip: cannot start compression");
  std::string out;
  std::size_t consumed = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (z.avail_in == 0 && consumed < data.size()) {
      const auto chunk = std::min<std::size_t>(data.size() - consumed, std::numeric_limits<uInt>::max() / 2);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + consumed));
      z.avail_in = static_cast<uInt>(chunk);
      consumed += chunk;
    }
    const std::size_t old = out.size();
    const std::size_t room = std::size_t{1} << 16;
    out.resize(old + room);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    z.avail_out = static_cast<uInt>(room);
    rc = deflate(&z, consumed == data.size() && z.avail_in == 0 ? Z_FINISH : Z_NO_FLUSH);
    out.resize(old + room - z.avail_out);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      deflateEnd(&z);
      fail("gzip: compression failed (zlib error ", rc, ")");
    }
  }
  deflateEnd(&z);
  return out;
}

}  // namespace aecluster::io
