#include <aecluster/cluster/tsne.hpp>
#include <aecluster/cluster/tsne/gradient.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "cluster/tsne/exact_reference.hpp"
#include "clustering_util.hpp"

using aecluster::Error;
using aecluster::RowMatrixF;
using aecluster::ThreadPool;
namespace tsne = aecluster::tsne;
using test::Exact;
using test::exact_gradient;
using test::random_layout;

TEST_SUITE("tsne") {
  TEST_CASE("tsne: Barnes-Hut with theta 0 equals the exact gradient; theta 0.5 stays close") {
    ThreadPool pool(2);
    const RowMatrixF x = test::make_blobs(3, 100, 6, 3.0, 1.0, 24).x;
    const auto p = tsne::affinities(x, 10.0, pool);
    for (double spread : {1e-4, 3.0, 30.0}) {
      const auto y = random_layout(static_cast<std::size_t>(p.n), spread, 25);
      for (double exaggeration : {1.0, 12.0}) {
        const Exact e = exact_gradient(p, y, exaggeration);
        std::vector<double> grad(y.size());
        tsne::Gradient g;
        const double kl = g.compute(p, y.data(), 1.0, 0.0, true, grad.data(), pool, 4);
        g.compute(p, y.data(), exaggeration, 0.0, false, grad.data(), pool, 4);
        const double scale = *std::max_element(e.grad.begin(), e.grad.end(),
                                               [](double a, double b) { return std::abs(a) < std::abs(b); });
        for (std::size_t c = 0; c < y.size(); ++c)
          REQUIRE(grad[c] == doctest::Approx(e.grad[c]).scale(std::abs(scale)).epsilon(1e-5));
        CHECK(kl == doctest::Approx(e.kl).epsilon(1e-6));
        g.compute(p, y.data(), exaggeration, 0.5, false, grad.data(), pool);
        double err = 0, ref = 0;
        for (std::size_t c = 0; c < y.size(); ++c) {
          err += (grad[c] - e.grad[c]) * (grad[c] - e.grad[c]);
          ref += e.grad[c] * e.grad[c];
        }
        CHECK(std::sqrt(err / ref) < 0.02);
      }
    }
  }
}
