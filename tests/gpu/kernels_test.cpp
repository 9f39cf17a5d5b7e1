// Our hand-written kernels beyond the Backend concept, each against its CPU reference:
// preprocessing (data/preprocess.hpp), the RBF kernel matrix (a reference written here, as
// kernel_pca.hpp computes it) and the t-SNE attractive forces (a reference written here).
#include "gpu_test_util.hpp"

#include <aecluster/cuda/preprocess.hpp>
#include <aecluster/cuda/rbf_kernel.hpp>
#include <aecluster/cuda/tsne_attraction.hpp>
#include <aecluster/data/preprocess.hpp>

#include <cmath>
#include <numeric>

using namespace aecluster;
using namespace gpu_test;

namespace {

// K_ij = exp(-gamma * max(0, |a_i|^2 + |b_j|^2 - 2 a_i.b_j)), everything in double.
std::vector<double> rbf_reference(const std::vector<float>& a, std::int64_t na, const std::vector<float>& b,
                                  std::int64_t nb, std::int64_t d, double gamma) {
  auto norm = [d](const std::vector<float>& x, std::int64_t i) {
    double s = 0;
    for (std::int64_t k = 0; k < d; ++k)
      s += double(x[static_cast<std::size_t>(i * d + k)]) * x[static_cast<std::size_t>(i * d + k)];
    return s;
  };
  std::vector<double> out(static_cast<std::size_t>(na * nb));
  for (std::int64_t i = 0; i < na; ++i)
    for (std::int64_t j = 0; j < nb; ++j) {
      double dot = 0;
      for (std::int64_t k = 0; k < d; ++k)
        dot += double(a[static_cast<std::size_t>(i * d + k)]) * b[static_cast<std::size_t>(j * d + k)];
      out[static_cast<std::size_t>(i * nb + j)] = std::exp(-gamma * std::max(0.0, norm(a, i) + norm(b, j) - 2 * dot));
    }
  return out;
}

}  // namespace

TEST_SUITE("gpu") {
  TEST_CASE("cuda preprocessing equals the host's to the bit, gathered or contiguous") {
    auto& ctx = shared_context();
    Rng rng(21);
    for (const int c : {1, 3}) {
      INFO("channels " << c);
      const std::int64_t count = 37;
      Tensor<std::uint8_t> images({count, 32, 32, c});
      for (auto& v : images.span()) v = static_cast<std::uint8_t>(rng.below(256));
      for (int v = 0; v < 256; ++v) images[v] = static_cast<std::uint8_t>(v);  // every level at least once
      auto dimages = to_device(ctx, std::vector<std::uint8_t>(images.data(), images.data() + images.numel()));
      const std::vector<std::int64_t> indices{5, 0, 36, 5, 17, 2};
      const int n = static_cast<int>(indices.size());
      std::vector<float> want(static_cast<std::size_t>(n * c * 1024));
      data::to_input(images, indices, want.data());
      auto dindices = to_device(ctx, indices);
      cuda::DeviceBuffer<float> out(n * c * 1024);
      cuda::preprocess_images(ctx, dimages.data(), count, dindices.data(), 0, n, 32, 32, c, out.data());
      CHECK(bit_identical(to_host(ctx, out), want));

      // A contiguous range, longer than the gathered batch (want is resized to hold it: writing 10
      // images into the 6-image buffer overran it, the crash of the first H200 run).
      want.assign(static_cast<std::size_t>(10 * c * 1024), 0.0f);
      data::to_input(images, 3, 10, want.data());
      cuda::DeviceBuffer<float> range(10 * c * 1024);
      cuda::preprocess_images(ctx, dimages.data(), count, nullptr, 3, 10, 32, 32, c, range.data());
      CHECK(bit_identical(to_host(ctx, range), want));

      // An index out of range yields NaN, not an out-of-bounds read.
      const std::vector<std::int64_t> bad{1, 99};
      auto dbad = to_device(ctx, bad);
      cuda::preprocess_images(ctx, dimages.data(), count, dbad.data(), 0, 2, 32, 32, c, out.data());
      const auto h = to_host(ctx, out.data(), 2 * c * 1024);
      CHECK(std::isfinite(h[0]));
      CHECK(std::isnan(h[static_cast<std::size_t>(c * 1024)]));
    }
  }

  TEST_CASE("cuda RBF kernel matrix matches the reference, and the symmetric one is exactly symmetric") {
    auto& ctx = shared_context();
    Rng rng(22);
    const std::int64_t na = 67, nb = 45, d = 40;
    const double gamma = 1.0 / double(d);
    const auto a = random_values(rng, na * d), b = random_values(rng, nb * d);
    auto da = to_device(ctx, a), db = to_device(ctx, b);
    cuda::DeviceBuffer<double> out(na * nb);
    cuda::rbf_kernel(ctx, da.data(), na, db.data(), nb, d, gamma, out.data());
    const auto want = rbf_reference(a, na, b, nb, d, gamma);
    const auto got = to_host(ctx, out);
    double worst = 0;
    for (std::size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::abs(got[i] - want[i]));
    INFO("largest absolute difference " << worst);
    CHECK(worst <= 1e-5);  // products in FP32 (as on the host), the rest in double

    cuda::DeviceBuffer<double> sym(na * na);
    cuda::rbf_kernel_symmetric(ctx, da.data(), na, d, gamma, sym.data());
    const auto s = to_host(ctx, sym);
    const auto sw = rbf_reference(a, na, a, na, d, gamma);
    bool symmetric = true, unit_diagonal = true;
    worst = 0;
    for (std::int64_t i = 0; i < na; ++i) {
      unit_diagonal = unit_diagonal && s[static_cast<std::size_t>(i * na + i)] == 1.0;
      for (std::int64_t j = 0; j < na; ++j) {
        symmetric = symmetric && s[static_cast<std::size_t>(i * na + j)] == s[static_cast<std::size_t>(j * na + i)];
        if (i != j)
          worst = std::max(
              worst, std::abs(s[static_cast<std::size_t>(i * na + j)] - sw[static_cast<std::size_t>(i * na + j)]));
      }
    }
    CHECK(symmetric);
    CHECK(unit_diagonal);
    CHECK(worst <= 1e-5);

    std::vector<double> norms(static_cast<std::size_t>(na));
    cuda::DeviceBuffer<double> dnorms(na);
    cuda::row_squared_norms(ctx, da.data(), na, d, dnorms.data());
    for (std::int64_t i = 0; i < na; ++i)
      for (std::int64_t k = 0; k < d; ++k)
        norms[static_cast<std::size_t>(i)] +=
            double(a[static_cast<std::size_t>(i * d + k)]) * a[static_cast<std::size_t>(i * d + k)];
    check_close(to_host(ctx, dnorms), norms, "row norms", 1e-12);
  }

  TEST_CASE("cuda t-SNE attractive forces match the reference") {
    auto& ctx = shared_context();
    Rng rng(24);
    const std::int64_t n = 500;
    std::vector<std::int64_t> indptr{0};
    std::vector<std::int32_t> indices;
    std::vector<double> values;
    for (std::int64_t i = 0; i < n; ++i) {
      const int count = static_cast<int>(rng.below(20));  // some rows empty
      for (int e = 0; e < count; ++e) {
        indices.push_back(static_cast<std::int32_t>(rng.below(n)));
        values.push_back(rng.uniform(0, 1e-3));
      }
      indptr.push_back(static_cast<std::int64_t>(indices.size()));
    }
    std::vector<double> y(static_cast<std::size_t>(2 * n));
    for (auto& v : y) v = rng.normal() * 10;
    std::vector<double> want(y.size(), 0.0);
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t e = indptr[static_cast<std::size_t>(i)]; e < indptr[static_cast<std::size_t>(i + 1)]; ++e) {
        const auto j = indices[static_cast<std::size_t>(e)];
        const double dx = y[static_cast<std::size_t>(2 * i)] - y[static_cast<std::size_t>(2 * j)];
        const double dy = y[static_cast<std::size_t>(2 * i + 1)] - y[static_cast<std::size_t>(2 * j + 1)];
        const double pq = values[static_cast<std::size_t>(e)] / (1 + dx * dx + dy * dy);
        want[static_cast<std::size_t>(2 * i)] += pq * dx;
        want[static_cast<std::size_t>(2 * i + 1)] += pq * dy;
      }
    auto dindptr = to_device(ctx, indptr);
    auto dindices = to_device(ctx, indices);
    auto dvalues = to_device(ctx, values);
    auto dy = to_device(ctx, y);
    cuda::DeviceBuffer<double> forces(2 * n);
    cuda::tsne_attractive_forces(ctx, n, dindptr.data(), dindices.data(), dvalues.data(), dy.data(), forces.data());
    check_close(to_host(ctx, forces), want, "attractive forces", 1e-12);
  }

}  // TEST_SUITE
