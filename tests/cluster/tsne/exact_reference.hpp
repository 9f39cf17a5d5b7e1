#pragma once
// References for the t-SNE tests: the exact gradient and KL divergence written from the
// formulas (O(N^2)), and random 2-D layouts.
#include <aecluster/cluster/tsne/affinities.hpp>
#include <aecluster/random.hpp>

#include <cmath>
#include <vector>

namespace test {
namespace tsne = aecluster::tsne;
// The exact gradient and KL of t-SNE (O(N^2)), written from the formulas.
struct Exact {
  std::vector<double> grad;
  double kl = 0;
};
inline Exact exact_gradient(const tsne::SparseAffinities& p, const std::vector<double>& y, double exaggeration) {
  const auto n = static_cast<std::size_t>(p.n);
  double z = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (i != j) z += 1.0 / (1.0 + std::pow(y[2 * i] - y[2 * j], 2) + std::pow(y[2 * i + 1] - y[2 * j + 1], 2));
  Exact e;
  e.grad.assign(2 * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
      const double w = 1.0 / (1.0 + dx * dx + dy * dy);
      e.grad[2 * i] -= 4.0 * w * w / z * dx;
      e.grad[2 * i + 1] -= 4.0 * w * w / z * dy;
    }
  for (std::size_t i = 0; i < n; ++i)
    for (std::int64_t t = p.indptr[i]; t < p.indptr[i + 1]; ++t) {
      const auto j = static_cast<std::size_t>(p.indices[t]);
      const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
      const double w = 1.0 / (1.0 + dx * dx + dy * dy);
      e.grad[2 * i] += 4.0 * exaggeration * p.values[t] * w * dx;
      e.grad[2 * i + 1] += 4.0 * exaggeration * p.values[t] * w * dy;
      e.kl += p.values[t] * std::log(p.values[t] / (w / z));
    }
  return e;
}

inline std::vector<double> random_layout(std::size_t n, double spread, std::uint64_t seed) {
  aecluster::Rng rng(seed);
  std::vector<double> y(2 * n);
  for (auto& v : y) v = spread * rng.normal();
  return y;
}
}  // namespace test
