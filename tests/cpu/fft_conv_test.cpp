#include <aecluster/cpu/conv.hpp>
#include <aecluster/random.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using aecluster::ConvGeometry;
namespace cpu = aecluster::cpu;

namespace {

template <class T>
std::vector<T> random_vector(aecluster::Rng& rng, std::int64_t n) {
  std::vector<T> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = static_cast<T>(rng.uniform(-1, 1));
  return v;
}

template <class T>
double relative_error(const std::vector<T>& a, const std::vector<T>& b) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    num = std::max(num, std::abs(double(a[i]) - double(b[i])));
    den = std::max(den, std::abs(double(b[i])));
  }
  return num / den;
}

// The three passes in the frequency domain against the direct method.
template <class T>
void compare(const ConvGeometry& g, double tolerance) {
  cpu::Context ctx(2);
  aecluster::Rng rng(7);
  const auto x = random_vector<T>(rng, g.n * g.in_size());
  const auto w = random_vector<T>(rng, g.weight_size());
  const auto dy = random_vector<T>(rng, g.n * g.out_size());
  std::vector<T> y1(dy.size()), y2(dy.size()), dx1(x.size()), dx2(x.size()), dw1(w.size()), dw2(w.size());
  cpu::fft::conv2d_forward(ctx, g, x.data(), w.data(), y1.data());
  cpu::direct::conv2d_forward(ctx, g, x.data(), w.data(), y2.data());
  cpu::fft::conv2d_backward_data(ctx, g, dy.data(), w.data(), dx1.data());
  cpu::direct::conv2d_backward_data(ctx, g, dy.data(), w.data(), dx2.data());
  cpu::fft::conv2d_backward_filter(ctx, g, x.data(), dy.data(), dw1.data());
  cpu::direct::conv2d_backward_filter(ctx, g, x.data(), dy.data(), dw2.data());
  INFO("geometry in " << g.in_c << "x" << g.in_h << " k" << g.k << " out " << g.out_c << "x" << g.out_h << " n " << g.n);
  CHECK(relative_error(y1, y2) < tolerance);
  CHECK(relative_error(dx1, dx2) < tolerance);
  CHECK(relative_error(dw1, dw2) < tolerance);
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
