// Sizes that cross the launch-shape boundaries the small tests never reach: the 2^20-block grid
// cap of launch.hpp's grid-stride loops (a fill of more than 2^30 values), the 2^30-element
// chunks in which elementwise.cpp hands arrays to cuDNN, and more than one 256 MiB row tile of
// products in rbf_kernel.cu. (bias.cu's grid.y wrap and chunked sums are in backend_test.cpp.)
// Buffers of 2-8 GiB: values are checked around each boundary and at the ends, not everywhere.
#include "gpu_test_util.hpp"

#include <aecluster/cuda/memory.hpp>
#include <aecluster/cuda/rbf_kernel.hpp>

#include <algorithm>
#include <cmath>

using namespace aecluster;
using namespace gpu_test;

namespace {

// The values [begin, begin + count) of a device array.
template <class T>
std::vector<T> window(cuda::Context& ctx, const cuda::DeviceBuffer<T>& d, std::int64_t begin, std::int64_t count) {
  return to_host(ctx, d.data() + begin, count);
}

}  // namespace

TEST_SUITE("gpu") {
  TEST_CASE("cuda fills and activations beyond the grid cap and cuDNN's 2^30-element chunks") {
    auto& ctx = shared_context();
    auto& cpu = cpu_context();
    // grid_for caps a grid at 2^20 blocks of 256 threads, 4 values each at first: 2^30 values.
    // (The tail window starts 2^20 values after the boundary window ends: the first H200 run of
    // this test had them overlap, and the tail's upload overwrote 949 boundary values.)
    const std::int64_t n = (std::int64_t{1} << 30) + (std::int64_t{1} << 20) + 4099;
    {
      cuda::DeviceBuffer<std::uint16_t> h(n);
      Cuda::fill(ctx, h.data(), std::uint16_t{0}, n);
      Cuda::fill(ctx, h.data(), std::uint16_t{0xBEEF}, n);
      CHECK(window(ctx, h, 0, 4096) == std::vector<std::uint16_t>(4096, 0xBEEF));
      CHECK(window(ctx, h, (std::int64_t{1} << 30) - 2048, 4096) == std::vector<std::uint16_t>(4096, 0xBEEF));
      CHECK(window(ctx, h, n - 4096, 4096) == std::vector<std::uint16_t>(4096, 0xBEEF));
    }
    // ReLU and tanh over more than 2^30 floats: -1 everywhere (a 4-byte fill past the cap), random
    // values around the chunk boundary and at the end.
    Rng rng(81);
    const std::int64_t boundary = std::int64_t{1} << 30, around = boundary - 2048, tail = n - 3000;
    for (const bool relu : {true, false}) {
      INFO((relu ? "relu" : "tanh"));
      cuda::DeviceBuffer<float> y(n), dy(n);
      Cuda::fill(ctx, y.data(), -1.0f, n);
      Cuda::fill(ctx, dy.data(), 0.5f, n);
      const auto mid = random_values(rng, 4096, -3, 3), end = random_values(rng, 3000, -3, 3);
      Cuda::upload(ctx, mid.data(), y.data() + around, 4096);
      Cuda::upload(ctx, end.data(), y.data() + tail, 3000);
      if (relu) {
        Cuda::relu_forward(ctx, y.data(), n);
        Cuda::relu_backward(ctx, y.data(), dy.data(), n);
      } else {
        Cuda::tanh_forward(ctx, y.data(), n);
        Cuda::tanh_backward(ctx, y.data(), dy.data(), n);
      }
      for (const auto& [begin, values] : {std::pair{around, mid}, std::pair{tail, end}}) {
        INFO("values from " << begin);
        auto want = values;
        std::vector<float> dwant(values.size(), 0.5f);
        const auto count = static_cast<std::int64_t>(values.size());
        if (relu) {
          Cpu::relu_forward(cpu, want.data(), count);
          Cpu::relu_backward(cpu, want.data(), dwant.data(), count);
          CHECK(values_equal(window(ctx, y, begin, count), want));
          CHECK(values_equal(window(ctx, dy, begin, count), dwant));
        } else {
          Cpu::tanh_forward(cpu, want.data(), count);
          Cpu::tanh_backward(cpu, want.data(), dwant.data(), count);
          check_close(window(ctx, y, begin, count), want, "tanh forward");
          check_close(window(ctx, dy, begin, count), dwant, "tanh backward");
        }
      }
      // The -1s before the boundary window, in the first chunk and right after the boundary.
      const float at = relu ? 0.0f : std::tanh(-1.0f);
      const auto near = [at](float v) { return std::abs(v - at) <= 1e-6f; };
      const auto head = window(ctx, y, 0, 1024), after = window(ctx, y, around + 4096, 1024);
      CHECK(std::all_of(head.begin(), head.end(), near));
      CHECK(std::all_of(after.begin(), after.end(), near));
    }
  }

  TEST_CASE("cuda RBF kernel matrices of more than one row tile match the reference") {
    auto& ctx = shared_context();
    Rng rng(82);
    // A tile holds 256 MiB of FP32 products: 2^26 / columns rows, so 7456 rows of 9000 columns
    // and 8184 of 8200: two tiles each, the second partial.
    const std::int64_t na = 9000, nb = 8200, d = 3;
    const double gamma = 1.0 / double(d);
    const auto a = random_values(rng, na * d), b = random_values(rng, nb * d);
    auto da = to_device(ctx, a), db = to_device(ctx, b);
    const auto reference = [&](const std::vector<float>& p, std::int64_t i, const std::vector<float>& q,
                               std::int64_t j) {
      double pp = 0, qq = 0, pq = 0;
      for (std::int64_t k = 0; k < d; ++k) {
        const double u = p[static_cast<std::size_t>(i * d + k)], v = q[static_cast<std::size_t>(j * d + k)];
        pp += u * u;
        qq += v * v;
        pq += u * v;
      }
      return std::exp(-gamma * std::max(0.0, pp + qq - 2 * pq));
    };
    {
      cuda::DeviceBuffer<double> out(na * nb);
      cuda::rbf_kernel(ctx, da.data(), na, db.data(), nb, d, gamma, out.data());
      const auto got = to_host(ctx, out);
      double worst = 0;
      for (std::int64_t i = 0; i < na; ++i)
        for (std::int64_t j = 0; j < nb; ++j)
          worst = std::max(worst, std::abs(got[static_cast<std::size_t>(i * nb + j)] - reference(a, i, b, j)));
      INFO("rectangular " << na << " x " << nb << ": largest absolute difference " << worst);
      CHECK(worst <= 1e-5);  // products in FP32, as in the small test
    }
    cuda::DeviceBuffer<double> sym(na * na);
    cuda::rbf_kernel_symmetric(ctx, da.data(), na, d, gamma, sym.data());
    const auto s = to_host(ctx, sym);
    double worst = 0;
    bool symmetric = true, unit_diagonal = true;
    for (std::int64_t i = 0; i < na; ++i) {
      unit_diagonal = unit_diagonal && s[static_cast<std::size_t>(i * na + i)] == 1.0;
      for (std::int64_t j = i + 1; j < na; ++j) {
        const double v = s[static_cast<std::size_t>(i * na + j)];
        symmetric = symmetric && v == s[static_cast<std::size_t>(j * na + i)];
        worst = std::max(worst, std::abs(v - reference(a, i, a, j)));
      }
    }
    INFO("symmetric " << na << " x " << na << ": largest absolute difference " << worst);
    CHECK(symmetric);
    CHECK(unit_diagonal);
    CHECK(worst <= 1e-5);
  }

}  // TEST_SUITE
