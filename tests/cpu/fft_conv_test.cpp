#include "conv_compare.hpp"

using aecluster::ConvGeometry;
namespace cpu = aecluster::cpu;

namespace {

template <class T>
void compare(const ConvGeometry& g, double tolerance) {
  conv_compare::against_direct<T>(g, tolerance,
                                  [](int pass, auto& ctx, const auto& geometry, auto a, auto b, auto out) {
                                    if (pass == 0)
                                      cpu::fft::conv2d_forward(ctx, geometry, a, b, out);
                                    else if (pass == 1)
                                      cpu::fft::conv2d_backward_data(ctx, geometry, a, b, out);
                                    else
                                      cpu::fft::conv2d_backward_filter(ctx, geometry, a, b, out);
                                  });
}

// The convolution that maps a transposed convolution's output (side L) back to its input (side H).
ConvGeometry transposed(int n, int out_c, int in_c, int H, int k) {
  const int L = H + k - 1;
  return {n, out_c, L, L, in_c, H, H, k, 1, 0};
}

}  // namespace

TEST_CASE("frequency-domain convolution equals the direct method on the decoder's geometries") {
  // ConvTranspose2d(256,128,5) on 4x4, (128,64,9) on 8x8, (64,3,17) and (64,1,17) on 16x16
  compare<float>(transposed(3, 128, 256, 4, 5), 1e-5);
  compare<float>(transposed(3, 64, 128, 8, 9), 1e-5);
  compare<float>(transposed(2, 3, 64, 16, 17), 1e-5);
  compare<double>(transposed(2, 1, 64, 16, 17), 1e-12);
  // odd sizes: transforms larger than the signal, one image, one channel
  compare<double>(transposed(1, 2, 3, 3, 6), 1e-12);
  compare<float>(transposed(5, 1, 1, 7, 7), 1e-5);
}

TEST_CASE("the frequency domain is chosen for the decoder and not for the encoder") {
  CHECK(cpu::fft::worthwhile(transposed(64, 64, 128, 8, 9)));
  CHECK(cpu::fft::worthwhile(transposed(64, 128, 256, 4, 5)));
  CHECK_FALSE(cpu::fft::worthwhile({64, 64, 32, 32, 64, 32, 32, 3, 1, 1}));
  CHECK_FALSE(cpu::fft::worthwhile({64, 64, 32, 32, 64, 16, 16, 3, 2, 1}));
}
