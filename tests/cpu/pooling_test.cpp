#include <aecluster/cpu/pooling.hpp>
#include <aecluster/random.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

// PyTorch's CPU rule, written out plainly: in window order, a value replaces the running
// maximum if it is greater or NaN.
static void reference(const aecluster::PoolGeometry& g, const float* x, float* y, std::int32_t* idx) {
  const int oh = g.h / 2, ow = g.w / 2;
  for (int p = 0; p < g.n * g.c; ++p)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        const int at[4] = {2 * oy * g.w + 2 * ox, 2 * oy * g.w + 2 * ox + 1, (2 * oy + 1) * g.w + 2 * ox,
                           (2 * oy + 1) * g.w + 2 * ox + 1};
        float v = x[p * g.h * g.w + at[0]];
        int best = at[0];
        for (int j = 1; j < 4; ++j) {
          const float u = x[p * g.h * g.w + at[j]];
          if (u > v || std::isnan(u)) {
            v = u;
            best = at[j];
          }
        }
        y[p * oh * ow + oy * ow + ox] = v;
        idx[p * oh * ow + oy * ow + ox] = best;
      }
}

TEST_CASE("max pooling (vectorised path included) follows PyTorch's rule on ties and NaN") {
  aecluster::cpu::Context ctx(2);
  aecluster::Rng rng(4);
  for (auto [h, w] : {std::pair{32, 32}, {16, 16}, {8, 8}, {7, 70}, {64, 34}, {3, 5}}) {
    const aecluster::PoolGeometry g{3, 5, h, w};
    std::vector<float> x(static_cast<std::size_t>(g.in_size()));
    for (auto& v : x) {
      const auto r = rng.below(10);
      v = r == 0 ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(rng.below(3));  // many ties
    }
    std::vector<float> y(static_cast<std::size_t>(g.out_size())), yr(y.size());
    std::vector<std::int32_t> i(y.size()), ir(y.size());
    aecluster::cpu::max_pool2x2_forward(ctx, g, x.data(), y.data(), i.data());
    reference(g, x.data(), yr.data(), ir.data());
    INFO("h=" << h << " w=" << w);
    CHECK(std::memcmp(y.data(), yr.data(), y.size() * sizeof(float)) == 0);
    CHECK(i == ir);
  }
}
