#pragma once
// Shared by the libFuzzer harnesses: inputs split into several files, a private scratch folder,
// and the contract every harness checks. A parser may refuse an input only with aecluster::Error,
// whose message names the file and stays short; anything else (another exception, a sanitizer
// report, an allocation past libFuzzer's -malloc_limit_mb) is a crash that libFuzzer saves.
#include <aecluster/error.hpp>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

// Inputs that stand for several files separate them with this marker (in every dictionary).
inline constexpr std::string_view separator = "\n--next-file--\n";

inline std::vector<std::string_view> split(const std::uint8_t* data, std::size_t size, std::size_t max_parts) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const auto at = rest.find(separator);
    if (at == std::string_view::npos) break;
    parts.push_back(rest.substr(0, at));
    rest.remove_prefix(at + separator.size());
  }
  parts.push_back(rest);
  return parts;
}

// A folder of this process's own, emptied before every input.
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    const char* base = std::getenv("TMPDIR");
    auto d = std::filesystem::path(base && *base ? base : "/tmp") / ("aecluster-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch(), ec);
    });
    return d;
  }();
  return dir;
}
inline std::filesystem::path fresh_scratch() {
  const auto& d = scratch();
  for (const auto& e : std::filesystem::directory_iterator(d)) std::filesystem::remove_all(e.path());
  return d;
}

inline void write(const std::filesystem::path& path, std::string_view bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

[[noreturn]] inline void broken_contract(const char* what, const std::string& message) {
  std::fprintf(stderr, "fuzz contract broken: %s\nmessage (%zu chars): %.2000s\n", what, message.size(),
               message.c_str());
  std::abort();
}

// Runs f; an aecluster::Error must name `file` (a path, or a fragment of one) and be short.
template <class F>
void expect_ok_or_error(std::string_view file, F&& f) {
  try {
    f();
  } catch (const aecluster::Error& e) {
    const std::string message = e.what();
    if (message.find(file) == std::string::npos) broken_contract("the error does not name the file", message);
    if (message.size() > 4096) broken_contract("the error message is unbounded", message);
  }
}

}  // namespace fuzz
