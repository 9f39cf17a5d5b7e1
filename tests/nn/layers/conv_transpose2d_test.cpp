#include <aecluster/nn/layers/conv_transpose2d.hpp>
#include <aecluster/nn/layers/tanh.hpp>

#include <doctest/doctest.h>

#include <vector>

#include "nn/layers/layer_test_util.hpp"

using namespace aecluster;

TEST_CASE("ConvTranspose2d output shapes follow PyTorch") {
  using A = ConvTranspose2d<256, 128, 5>::output<Shape3<256, 4, 4>>::type;
  static_assert(A::c == 128 && A::h == 8 && A::w == 8);
  using B = ConvTranspose2d<64, 3, 17>::output<Shape3<64, 16, 16>>::type;
  static_assert(B::h == 32);
  using C = ConvTranspose2d<4, 2, 3, 2, 1, 1>::output<Shape3<4, 5, 6>>::type;
  static_assert(C::h == 10 && C::w == 12);
  CHECK(true);
}

// y[o, iy*s - p + ky, ix*s - p + kx] += x[c, iy, ix] * w[c, o, ky, kx]
template <int InC, int OutC, int K, int S, int P, int OP, class In>
void check_against_scatter() {
  CpuF64::Context ctx(2);
  Network<CpuF64, In, Layers<ConvTranspose2d<InC, OutC, K, S, P, OP>>> net(ctx, 5);
  using Out = typename decltype(net)::Output;
  const int n = 2;
  Rng rng(9);
  std::vector<double> x(n * In::size);
  for (auto& v : x) v = rng.uniform(-1, 1);
  const double* y = net.forward(x.data(), n, Mode::eval);
  const double* w = net.parameters();
  const double* b = w + InC * OutC * K * K;
  std::vector<double> ref(n * Out::size);
  for (int i = 0; i < n; ++i)
    for (int o = 0; o < OutC; ++o)
      for (int j = 0; j < Out::h * Out::w; ++j) ref[(i * OutC + o) * Out::h * Out::w + j] = b[o];
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < InC; ++c)
      for (int iy = 0; iy < In::h; ++iy)
        for (int ix = 0; ix < In::w; ++ix)
          for (int o = 0; o < OutC; ++o)
            for (int ky = 0; ky < K; ++ky)
              for (int kx = 0; kx < K; ++kx) {
                const int oy = iy * S - P + ky, ox = ix * S - P + kx;
                if (oy < 0 || oy >= Out::h || ox < 0 || ox >= Out::w) continue;
                ref[((i * OutC + o) * Out::h + oy) * Out::w + ox] +=
                    x[((i * InC + c) * In::h + iy) * In::w + ix] * w[((c * OutC + o) * K + ky) * K + kx];
              }
  double worst = 0;
  for (std::size_t j = 0; j < ref.size(); ++j) worst = std::max(worst, std::abs(ref[j] - y[j]));
  CHECK(worst < 1e-12);
}

TEST_CASE("ConvTranspose2d forward equals a direct scatter") {
  check_against_scatter<3, 2, 5, 1, 0, 0, Shape3<3, 4, 4>>();
  check_against_scatter<2, 3, 3, 2, 1, 1, Shape3<2, 5, 4>>();
  check_against_scatter<2, 2, 17, 1, 0, 0, Shape3<2, 3, 3>>();
}

TEST_CASE("ConvTranspose2d gradients match central differences") {
  test::check_network_gradients<Shape3<3, 4, 4>, Layers<ConvTranspose2d<3, 2, 5>>>();
  test::check_network_gradients<Shape3<2, 5, 4>, Layers<ConvTranspose2d<2, 3, 3, 2, 1, 1>>>();
  test::check_network_gradients<Shape3<2, 3, 3>, Layers<ConvTranspose2d<2, 2, 9>, Tanh>>();
  test::check_network_gradients<Shape3<2, 3, 3>, Layers<ConvTranspose2d<2, 3, 3, 1, 1>>>(19);
}
