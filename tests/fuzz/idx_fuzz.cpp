// IDX files, plain and gzip-compressed (the seeds hold both).
#include <aecluster/io/idx.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  fuzz::expect_ok_or_error("fuzz.idx",
                           [&] { (void)aecluster::io::parse_idx("fuzz.idx", file, std::uint64_t{1} << 24); });
  return 0;
}
