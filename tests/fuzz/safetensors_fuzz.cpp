// safetensors parsing, every tensor read back in its own dtype and converted, and re-encoding.
#include <aecluster/io/safetensors.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace io = aecluster::io;
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  fuzz::expect_ok_or_error("fuzz.safetensors", [&] {
    const auto st = io::parse_safetensors("fuzz.safetensors", file);
    for (const auto& [name, t] : st.tensors) {
      (void)st.get_converted<float>(name);
      (void)st.get_converted<std::int64_t>(name);
    }
    // What parses must re-encode and parse to the same tensors.
    const auto again = io::parse_safetensors("fuzz.safetensors", io::safetensors_bytes(st));
    if (again.tensors.size() != st.tensors.size()) fuzz::broken_contract("re-encoding lost tensors", "");
  });
  return 0;
}
