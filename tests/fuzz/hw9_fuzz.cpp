// The assignment's layout: trainX.npy, valX.npy, valY.npy and trainY.npy, split by fuzz::separator.
#include <aecluster/data/hw9.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = fuzz::split(data, size, 4);
  const auto dir = fuzz::fresh_scratch();
  const char* names[] = {"trainX.npy", "valX.npy", "valY.npy", "trainY.npy"};
  for (std::size_t i = 0; i < parts.size(); ++i) fuzz::write(dir / names[i], parts[i]);
  fuzz::expect_ok_or_error(dir.string(), [&] { (void)aecluster::data::load_hw9(dir); });
  return 0;
}
