// A Fashion-MNIST folder: the images file, then the labels file (plain or gzip, as Debian ships
// them), split by fuzz::separator. Byte 0 picks gzip names or plain names.
#include <aecluster/data/fashion_mnist.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const bool gz = data[0] & 1;
  const auto parts = fuzz::split(data + 1, size - 1, 2);
  const auto dir = fuzz::fresh_scratch();
  const std::string suffix = gz ? ".gz" : "";
  fuzz::write(dir / ("train-images-idx3-ubyte" + suffix), parts[0]);
  if (parts.size() > 1) fuzz::write(dir / ("train-labels-idx1-ubyte" + suffix), parts[1]);
  fuzz::expect_ok_or_error(dir.string(),
                           [&] { (void)aecluster::data::load_fashion_mnist(aecluster::data::Split::train, dir); });
  return 0;
}
