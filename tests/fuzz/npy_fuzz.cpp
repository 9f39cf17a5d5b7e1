// .npy parsing and every element conversion the loaders use.
#include <aecluster/io/npy.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace io = aecluster::io;
  fuzz::expect_ok_or_error("fuzz.npy", [&] {
    const auto a = io::parse_npy("fuzz.npy", std::string(reinterpret_cast<const char*>(data), size));
    if (a.shape.numel() > (1 << 20)) return;  // parsed fine; converting a huge valid array only costs time
    (void)a.to<float>();
    (void)a.to<double>();
    (void)a.to<std::int64_t>();
    (void)a.to<std::uint8_t>();
    (void)a.to<std::int32_t>();
    (void)a.to<bool>();
  });
  return 0;
}
