#pragma once
// Every output goes through here: written to a temporary file beside the target, flushed,
// then renamed over it, so an interruption never leaves a half-written file under the real name.
#include <aecluster/error.hpp>

#include <unistd.h>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace aecluster::io {

namespace detail {
inline std::filesystem::path temporary_sibling(const std::filesystem::path& target) {
  static std::atomic<unsigned> counter{0};  // atomic: several threads may write files at once
  std::string name = ".";
  name += target.filename().string();
  name += ".tmp.";
  name += std::to_string(::getpid());
  name += '.';
  name += std::to_string(counter.fetch_add(1));
  return target.parent_path() / name;
}
}  // namespace detail

// Calls write(stream) on a temporary file and renames it to `path` once it succeeded.
// On any failure the temporary is removed and the previous file at `path`, if any, is kept.
template <class Writer>
void write_atomically(const std::filesystem::path& path, Writer&& write) {
  const auto tmp = detail::temporary_sibling(path);
  try {
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      require(static_cast<bool>(out), path.string(), ": cannot open ", tmp.string(), " for writing");
      write(out);
      out.flush();
      require(static_cast<bool>(out), path.string(), ": write failed (disk full?)");
    }
    if (FILE* f = std::fopen(tmp.c_str(), "rb")) {  // make the data durable before the rename
      ::fsync(fileno(f));
      std::fclose(f);
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    require(!ec, path.string(), ": cannot rename temporary file into place: ", ec.message());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw;
  }
}

inline void write_text_atomically(const std::filesystem::path& path, std::string_view text) {
  write_atomically(path, [&](std::ostream& out) { out.write(text.data(), static_cast<std::streamsize>(text.size())); });
}

// Reads a whole file, refusing anything larger than `max_bytes`.
inline std::string read_file(const std::filesystem::path& path, std::uintmax_t max_bytes = std::uintmax_t{1} << 34) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  require(!ec, path.string(), ": cannot read: ", ec ? ec.message() : "");
  require(size <= max_bytes, path.string(), ": file is ", size, " bytes, more than the limit of ", max_bytes);
  std::ifstream in(path, std::ios::binary);
  require(static_cast<bool>(in), path.string(), ": cannot open for reading");
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  require(in.gcount() == static_cast<std::streamsize>(size), path.string(), ": short read (", in.gcount(), " of ", size,
          " bytes)");
  return bytes;
}

}  // namespace aecluster::io
