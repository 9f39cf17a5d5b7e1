#include "conv_compare.hpp"

using aecluster::ConvGeometry;
namespace cpu = aecluster::cpu;

namespace {

const auto winograd = [](int pass, auto& ctx, const auto& geometry, auto a, auto b, auto out) {
  if (pass == 0)
    cpu::winograd::conv2d_forward(ctx, geometry, a, b, out);
  else if (pass == 1)
    cpu::winograd::conv2d_backward_data(ctx, geometry, a, b, out);
  else
    cpu::winograd::conv2d_backward_filter(ctx, geometry, a, b, out);
};

// A same-size 3x3 convolution, stride 1, padding 1.
ConvGeometry same3x3(int n, int in_c, int out_c, int h, int w) { return {n, in_c, h, w, out_c, h, w, 3, 1, 1}; }

}  // namespace

TEST_CASE("Winograd F(2x2,3x3) equals the direct method on the encoder's geometries") {
  // VGG-7's 64->64 on 32x32, 64->128 on 16x16, 256->256 on 8x8 (smaller batches)
  conv_compare::against_direct<float>(same3x3(3, 64, 64, 32, 32), 1e-5, winograd);
  conv_compare::against_direct<float>(same3x3(5, 64, 128, 16, 16), 1e-5, winograd);
  conv_compare::against_direct<float>(same3x3(19, 256, 256, 8, 8), 1e-5, winograd);
}

TEST_CASE("Winograd F(2x2,3x3) in double precision, odd and uneven sizes, blocks and chunks") {
  // odd sides leave half-empty tiles; 1x1 and 2x3 planes are a single tile row
  conv_compare::against_direct<double>(same3x3(2, 3, 5, 7, 9), 1e-13, winograd);
  conv_compare::against_direct<double>(same3x3(3, 2, 1, 1, 1), 1e-13, winograd);
  conv_compare::against_direct<double>(same3x3(4, 4, 3, 2, 3), 1e-13, winograd);
  // more images than a block holds and a batch that the chunks of the filter gradient split unevenly
  conv_compare::against_direct<double>(same3x3(37, 5, 6, 4, 4), 1e-13, winograd);
  conv_compare::against_direct<double>(same3x3(11, 3, 2, 34, 30), 1e-13, winograd);
}

TEST_CASE("Winograd results do not depend on the thread count") {
  const auto g = same3x3(21, 16, 24, 8, 8);
  const auto one = conv_compare::run<float>(g, 1, winograd);
  const auto three = conv_compare::run<float>(g, 3, winograd);
  for (int pass = 0; pass < 3; ++pass) CHECK(one[pass] == three[pass]);
}

TEST_CASE("Winograd is chosen for the encoder's same-size 3x3 convolutions only") {
  CHECK(cpu::winograd::worthwhile(same3x3(64, 64, 64, 32, 32)));
  CHECK(cpu::winograd::worthwhile(same3x3(64, 128, 256, 8, 8)));
  CHECK_FALSE(cpu::winograd::worthwhile(same3x3(64, 1, 64, 32, 32)));             // the first layer: depth 1
  CHECK_FALSE(cpu::winograd::worthwhile({64, 64, 32, 32, 64, 16, 16, 3, 2, 1}));  // stride 2
  CHECK_FALSE(cpu::winograd::worthwhile({64, 64, 32, 32, 64, 30, 30, 3, 1, 0}));  // no padding
  CHECK_FALSE(cpu::winograd::worthwhile({64, 64, 8, 8, 64, 12, 12, 5, 1, 0}));
}
