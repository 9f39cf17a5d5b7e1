// Every operation of the CUDA backend against the CPU backend, on random inputs and shapes:
// forward and backward of convolutions (all three directions, in both algorithm-selection
// modes), bias, activations, max pooling, batch norm, the MSE loss and Adam.
#include "gpu_test_util.hpp"

#include <aecluster/cuda/conv_algorithms.hpp>
#include <aecluster/cuda/device_buffer.hpp>
#include <aecluster/cuda/memory.hpp>

#include <cstring>
#include <limits>
#include <sstream>

using namespace aecluster;
using namespace gpu_test;

namespace {

// The convolutions of the three architectures (batch 2) and random ones.
std::vector<ConvGeometry> conv_shapes(Rng& rng) {
  std::vector<ConvGeometry> shapes = {
      {2, 3, 32, 32, 64, 32, 32, 3, 1, 1},    // encoder's first convolution
      {2, 64, 16, 16, 128, 16, 16, 3, 1, 1},  // a middle one
      {2, 128, 8, 8, 256, 4, 4, 5, 1, 0},     // ConvTranspose2d(256, 128, 5) as a convolution 8x8 -> 4x4
      {2, 64, 16, 16, 128, 8, 8, 9, 1, 0},    // ConvTranspose2d(128, 64, 9)
      {2, 1, 32, 32, 64, 16, 16, 17, 1, 0},   // ConvTranspose2d(64, 1, 17)
  };
  for (int i = 0; i < 10; ++i) {
    ConvGeometry g;
    g.n = 1 + static_cast<int>(rng.below(4));
    g.in_c = 1 + static_cast<int>(rng.below(9));
    g.out_c = 1 + static_cast<int>(rng.below(9));
    g.k = 1 + 2 * static_cast<int>(rng.below(3));
    g.stride = 1 + static_cast<int>(rng.below(2));
    g.pad = static_cast<int>(rng.below(static_cast<std::uint64_t>(g.k)));
    g.in_h = g.k + static_cast<int>(rng.below(12));
    g.in_w = g.k + static_cast<int>(rng.below(12));
    g.out_h = (g.in_h + 2 * g.pad - g.k) / g.stride + 1;
    g.out_w = (g.in_w + 2 * g.pad - g.k) / g.stride + 1;
    shapes.push_back(g);
  }
  return shapes;
}

std::string describe(const ConvGeometry& g) {
  std::ostringstream s;
  s << "n" << g.n << " " << g.in_c << "x" << g.in_h << "x" << g.in_w << " -> " << g.out_c << "x" << g.out_h << "x"
    << g.out_w << " k" << g.k << " s" << g.stride << " p" << g.pad;
  return s.str();
}

// Relative tolerances (per element, plus that share of the channel's largest value; see
// check_close) by algorithm family. GEMM-like and direct algorithms sum at most
// in_c * k * k <= 16384 products in FP32 with some blocking: rounding grows like sqrt(terms) *
// 6e-8, well under 1e-4 of a channel's scale. FFT and Winograd non-fused transform the operands,
// multiply in the transformed domain and transform back, and the transforms' constants amplify
// rounding: on an H200 (cuDNN 9.19) Winograd non-fused on the 5x5 ConvTranspose2d shape was off
// by 2.4e-3 of the tensor's largest value, so 1e-2 (a factor 4 for per-channel scales).
constexpr double direct_tolerance = fp32_tolerance;
constexpr double transform_tolerance = 1e-2;

double tolerance_for(cuda::Context& ctx, cuda::ConvDirection direction, const ConvGeometry& g, const float* a,
                     const float* b, float* out) {
  return cuda::dispatched_conv_algorithm(ctx, direction, g, a, b, out).transform ? transform_tolerance
                                                                                 : direct_tolerance;
}

void check_convolutions(cuda::Context& ctx) {
  auto& cpu = cpu_context();
  Rng rng(11);
  const std::string mode = ctx.deterministic()                   ? " (deterministic)"
                           : ctx.settings().transform_algorithms ? " (fastest)"
                                                                 : " (fastest, no FFT/Winograd)";
  for (const auto& g : conv_shapes(rng)) {
    const std::string what = "convolution " + describe(g) + mode;  // INFO keeps references: no temporaries
    INFO(what);
    const auto x = random_values(rng, g.n * g.in_size());
    const auto w = random_values(rng, g.weight_size(), -0.5, 0.5);
    const auto dy = random_values(rng, g.n * g.out_size());
    std::vector<float> y(dy.size()), dx(x.size()), dw(w.size());
    Cpu::conv2d_forward(cpu, g, x.data(), w.data(), y.data());
    Cpu::conv2d_backward_data(cpu, g, dy.data(), w.data(), dx.data());
    Cpu::conv2d_backward_filter(cpu, g, x.data(), dy.data(), dw.data());

    auto dx_ = to_device(ctx, x), dw_ = to_device(ctx, w), ddy = to_device(ctx, dy);
    cuda::DeviceBuffer<float> gy(static_cast<std::int64_t>(y.size())), gdx(static_cast<std::int64_t>(dx.size())),
        gdw(static_cast<std::int64_t>(dw.size()));
    Cuda::conv2d_forward(ctx, g, dx_.data(), dw_.data(), gy.data());
    Cuda::conv2d_backward_data(ctx, g, ddy.data(), dw_.data(), gdx.data());
    Cuda::conv2d_backward_filter(ctx, g, dx_.data(), ddy.data(), gdw.data());
    const double tf = tolerance_for(ctx, cuda::ConvDirection::forward, g, dx_.data(), dw_.data(), gy.data());
    const double tb = tolerance_for(ctx, cuda::ConvDirection::backward_data, g, ddy.data(), dw_.data(), gdx.data());
    const double tw = tolerance_for(ctx, cuda::ConvDirection::backward_filter, g, dx_.data(), ddy.data(), gdw.data());
    if (!ctx.settings().transform_algorithms) CHECK(std::max({tf, tb, tw}) == direct_tolerance);
    check_close(to_host(ctx, gy), y, "forward", tf, nchw(g.out_c, std::int64_t{g.out_h} * g.out_w));
    check_close(to_host(ctx, gdx), dx, "backward-data", tb, nchw(g.in_c, std::int64_t{g.in_h} * g.in_w));
    check_close(to_host(ctx, gdw), dw, "backward-filter", tw, leading(g.out_c, g.weight_size()));
    // The cached algorithm again: same results.
    Cuda::conv2d_forward(ctx, g, dx_.data(), dw_.data(), gy.data());
    check_close(to_host(ctx, gy), y, "forward, cached algorithm", tf, nchw(g.out_c, std::int64_t{g.out_h} * g.out_w));
  }
}

}  // namespace

TEST_SUITE("gpu") {
  TEST_CASE("cuda convolutions match the CPU backend (fastest algorithms)") {
    cuda::Context ctx(2);
    check_convolutions(ctx);
    CHECK(ctx.cached_algorithms() > 0);
    MESSAGE("algorithms chosen:\n" << ctx.describe_algorithms());
  }

  TEST_CASE("cuda convolutions match the CPU backend (fastest algorithms without FFT/Winograd non-fused)") {
    cuda::Context ctx(2, {.transform_algorithms = false});
    check_convolutions(ctx);
    MESSAGE("algorithms chosen:\n" << ctx.describe_algorithms());
  }

  TEST_CASE("cuda convolutions match the CPU backend (deterministic algorithms)") {
    cuda::Context ctx(2, {.deterministic = true});
    check_convolutions(ctx);
  }

  TEST_CASE("cuda convolution algorithms: the dispatched one is among those cuDNN runs, deterministic when asked") {
    Rng rng(12);
    const ConvGeometry g{4, 16, 12, 12, 32, 12, 12, 3, 1, 1};
    const auto x = random_values(rng, g.n * g.in_size()), w = random_values(rng, g.weight_size()),
               dy = random_values(rng, g.n * g.out_size());
    for (const bool deterministic : {false, true}) {
      INFO((deterministic ? "deterministic" : "fastest"));
      cuda::Context ctx(1, {.deterministic = deterministic});
      auto dx = to_device(ctx, x), dw = to_device(ctx, w), ddy = to_device(ctx, dy);
      cuda::DeviceBuffer<float> out(std::max(g.n * g.in_size(), g.weight_size()));
      const std::pair<const float*, const float*> inputs[] = {
          {dx.data(), dw.data()}, {ddy.data(), dw.data()}, {dx.data(), ddy.data()}};
      for (int d = 0; d < 3; ++d) {
        const auto direction = static_cast<cuda::ConvDirection>(d);
        INFO("direction " << cuda::to_string(direction));
        const auto all =
            cuda::time_conv_algorithms(ctx, direction, g, inputs[d].first, inputs[d].second, out.data(), 2);
        const auto chosen =
            cuda::dispatched_conv_algorithm(ctx, direction, g, inputs[d].first, inputs[d].second, out.data());
        bool found = false;
        for (const auto& a : all) {
          if (a.supported) CHECK(a.milliseconds > 0);
          found = found || (a.algorithm == chosen.algorithm && a.supported);
        }
        CHECK(found);
        CHECK(chosen.timed == !deterministic);
        if (deterministic) CHECK(chosen.deterministic);
      }
      CHECK(ctx.cached_algorithms() == 3);
    }
  }

  TEST_CASE("cuda convolution with an inconsistent geometry is an error") {
    auto& ctx = shared_context();
    const ConvGeometry g{1, 2, 8, 8, 3, 7, 7, 3, 1, 1};  // 8x8, k3, p1 gives 8x8, not 7x7
    cuda::DeviceBuffer<float> x(128), w(54), y(147);
    CHECK_THROWS_WITH_AS(Cuda::conv2d_forward(ctx, g, x.data(), w.data(), y.data()), doctest::Contains("inconsistent"),
                         Error);
  }

  TEST_CASE("cuda bias forward and backward match the CPU backend") {
    auto& ctx = shared_context();
    auto& cpu = cpu_context();
    Rng rng(3);
    // Besides the model's shapes: more than 65535 planes (bias_forward's grid.y wraps), and more
    // than one 8192-value chunk per channel with a partial last one (bias_backward's two stages).
    for (const PlaneGeometry p : {PlaneGeometry{3, 5, 7}, PlaneGeometry{64, 64, 1024}, PlaneGeometry{2, 256, 16},
                                  PlaneGeometry{5, 3, 1023}, PlaneGeometry{300, 257, 3}, PlaneGeometry{131, 1, 4},
                                  PlaneGeometry{5, 3, 4999}, PlaneGeometry{70000, 1, 1}}) {
      INFO("planes " << p.n << "x" << p.c << "x" << p.hw);
      const auto y0 = random_values(rng, p.size());
      const auto b = random_values(rng, p.c);
      auto y = y0;
      Cpu::bias_forward(cpu, p, b.data(), y.data());
      auto gy = to_device(ctx, y0);
      auto gb = to_device(ctx, b);
      Cuda::bias_forward(ctx, p, gb.data(), gy.data());
      CHECK(values_equal(to_host(ctx, gy), y));  // one float addition each

      const auto dy = random_values(rng, p.size());
      std::vector<float> db(static_cast<std::size_t>(p.c));
      Cpu::bias_backward(cpu, p, dy.data(), db.data());
      auto gdy = to_device(ctx, dy);
      cuda::DeviceBuffer<float> gdb(p.c);
      Cuda::bias_backward(ctx, p, gdy.data(), gdb.data());
      check_close(to_host(ctx, gdb), db, "bias gradient", fp32_tolerance, leading(p.c, p.c));
    }
  }

  TEST_CASE("cuda ReLU and tanh match the CPU backend") {
    auto& ctx = shared_context();
    auto& cpu = cpu_context();
    Rng rng(4);
    const std::int64_t n = 100003;
    const auto x = random_values(rng, n, -3, 3);
    const auto dy = random_values(rng, n);
    for (const bool relu : {true, false}) {
      INFO("activation " << (relu ? "relu" : "tanh"));
      auto y = x;
      auto d = dy;
      auto gy = to_device(ctx, x);
      auto gd = to_device(ctx, dy);
      if (relu) {
        Cpu::relu_forward(cpu, y.data(), n);
        Cpu::relu_backward(cpu, y.data(), d.data(), n);
        Cuda::relu_forward(ctx, gy.data(), n);
        Cuda::relu_backward(ctx, gy.data(), gd.data(), n);
        CHECK(values_equal(to_host(ctx, gy), y));
        CHECK(values_equal(to_host(ctx, gd), d));
      } else {
        Cpu::tanh_forward(cpu, y.data(), n);
        Cpu::tanh_backward(cpu, y.data(), d.data(), n);
        Cuda::tanh_forward(ctx, gy.data(), n);
        Cuda::tanh_backward(ctx, gy.data(), gd.data(), n);
        check_close(to_host(ctx, gy), y, "tanh forward");
        check_close(to_host(ctx, gd), d, "tanh backward");
      }
    }
  }

  TEST_CASE("cuda max pooling matches the CPU backend exactly, ties and NaN included") {
    auto& ctx = shared_context();
    auto& cpu = cpu_context();
    Rng rng(5);
    for (const PoolGeometry g :
         {PoolGeometry{2, 3, 8, 8}, PoolGeometry{3, 5, 7, 9}, PoolGeometry{64, 64, 32, 32}, PoolGeometry{1, 2, 5, 4}}) {
      INFO("pool " << g.n << "x" << g.c << "x" << g.h << "x" << g.w);
      // Values from a few levels, so that many windows hold ties; a few NaNs.
      std::vector<float> x(static_cast<std::size_t>(g.in_size()));
      for (auto& v : x) v = static_cast<float>(rng.below(4)) - 1.5f;
      for (int i = 0; i < 5; ++i)
        x[static_cast<std::size_t>(rng.below(x.size()))] = std::numeric_limits<float>::quiet_NaN();
      // The first window holds two NaNs (the argmax tells which one propagates), the second a NaN
      // before a larger value.
      x[0] = x[1] = std::numeric_limits<float>::quiet_NaN();
      x[2] = std::numeric_limits<float>::quiet_NaN();
      x[3] = 5.0f;
      std::vector<float> y(static_cast<std::size_t>(g.out_size()));
      std::vector<std::int32_t> argmax(y.size());
      Cpu::max_pool2x2_forward(cpu, g, x.data(), y.data(), argmax.data());
      auto gx = to_device(ctx, x);
      cuda::DeviceBuffer<float> gy(g.out_size());
      cuda::DeviceBuffer<std::int32_t> gargmax(g.out_size());
      Cuda::max_pool2x2_forward(ctx, g, gx.data(), gy.data(), gargmax.data());
      CHECK(values_equal(to_host(ctx, gy), y));
      CHECK(to_host(ctx, gargmax) == argmax);

      const auto dy = random_values(rng, g.out_size());
      std::vector<float> dx(x.size());
      Cpu::max_pool2x2_backward(cpu, g, dy.data(), argmax.data(), dx.data());
      auto gdy = to_device(ctx, dy);
      cuda::DeviceBuffer<float> gdx(g.in_size());
      Cuda::fill(ctx, gdx.data(), 7.0f, g.in_size());  // every value must be written
      Cuda::max_pool2x2_backward(ctx, g, gdy.data(), gargmax.data(), gdx.data());
      CHECK(values_equal(to_host(ctx, gdx), dx));
    }
  }

  TEST_CASE("cuda batch norm (training, evaluation, backward, running statistics) matches the CPU backend") {
    auto& ctx = shared_context();
    auto& cpu = cpu_context();
    Rng rng(6);
    const BatchNormSettings bn{};
    // The last shape has one value per channel (n * h * w == 1): no variance to estimate, the
    // running variance decays (the CPU's semantics; cuDNN's own update would divide by zero).
    for (const PlaneGeometry p : {PlaneGeometry{4, 3, 25}, PlaneGeometry{64, 64, 1024}, PlaneGeometry{2, 256, 16},
                                  PlaneGeometry{7, 5, 9}, PlaneGeometry{1, 6, 1}}) {
      INFO("planes " << p.n << "x" << p.c << "x" << p.hw);
      // Per channel, a spread and an offset like a convolution's outputs before BatchNorm: spreads
      // from 0.05 to 3, offsets within +-2 spreads (a trained network's pre-BN activations), so
      // the statistics are far from 0 and 1 without an offset/spread ratio that no real layer has.
      std::vector<double> spread(static_cast<std::size_t>(p.c)), offset(spread.size());
      for (std::size_t c = 0; c < spread.size(); ++c) {
        spread[c] = std::exp(rng.uniform(std::log(0.05), std::log(3.0)));
        offset[c] = rng.uniform(-2, 2) * spread[c];
      }
      auto x = random_values(rng, p.size());
      for (std::int64_t i = 0; i < p.size(); ++i) {
        const auto c = static_cast<std::size_t>((i / p.hw) % p.c);
        x[static_cast<std::size_t>(i)] =
            static_cast<float>(x[static_cast<std::size_t>(i)] * spread[c] * std::sqrt(3.0) + offset[c]);
      }
      const auto gamma = random_values(rng, p.c, 0.5, 1.5), beta = random_values(rng, p.c);
      auto rmean = random_values(rng, p.c), rvar = random_values(rng, p.c, 0.5, 2.0);
      std::vector<float> y(x.size()), mean(static_cast<std::size_t>(p.c)), invstd(mean.size());
      auto gx = to_device(ctx, x), ggamma = to_device(ctx, gamma), gbeta = to_device(ctx, beta),
           grmean = to_device(ctx, rmean), grvar = to_device(ctx, rvar);
      Cpu::batch_norm_forward_train(cpu, p, bn, x.data(), gamma.data(), beta.data(), y.data(), mean.data(),
                                    invstd.data(), rmean.data(), rvar.data());
      cuda::DeviceBuffer<float> gy(p.size()), gmean(p.c), ginvstd(p.c);
      Cuda::batch_norm_forward_train(ctx, p, bn, gx.data(), ggamma.data(), gbeta.data(), gy.data(), gmean.data(),
                                     ginvstd.data(), grmean.data(), grvar.data());
      const auto planes = nchw(p.c, p.hw);
      // y has mean beta and spread gamma in each channel: its largest value is the channel's scale.
      check_close(to_host(ctx, gy), y, "training forward", fp32_tolerance, planes);
      // Statistics per channel, each against its own value (a channel's mean is as large as its
      // offset; an error of 1e-4 of the spread is what the normalised values see).
      check_close(to_host(ctx, gmean), mean, "saved mean", fp32_tolerance, leading(p.c, p.c), fp32_tolerance * 0.05);
      check_close(to_host(ctx, ginvstd), invstd, "saved inverse std", fp32_tolerance, leading(p.c, p.c));
      check_close(to_host(ctx, grmean), rmean, "running mean", fp32_tolerance, leading(p.c, p.c),
                  fp32_tolerance * 0.05);
      check_close(to_host(ctx, grvar), rvar, "running variance (unbiased)", fp32_tolerance, leading(p.c, p.c));

      const auto dy = random_values(rng, p.size());
      std::vector<float> dx(x.size()), dgamma(mean.size()), dbeta(mean.size());
      Cpu::batch_norm_backward(cpu, p, x.data(), dy.data(), gamma.data(), mean.data(), invstd.data(), dx.data(),
                               dgamma.data(), dbeta.data());
      auto gdy = to_device(ctx, dy);
      cuda::DeviceBuffer<float> gdx(p.size()), gdgamma(p.c), gdbeta(p.c);
      Cuda::batch_norm_backward(ctx, p, gx.data(), gdy.data(), ggamma.data(), gmean.data(), ginvstd.data(), gdx.data(),
                                gdgamma.data(), gdbeta.data());
      // dgamma and dbeta are sums over the channel of terms of size ~1 (dy, dy * xhat): their
      // rounding is relative to sqrt(n * hw), not to the sum, which may cancel; hence the absolute
      // part. dx per channel.
      const double sum_scale = fp32_tolerance * std::sqrt(double(p.n) * double(p.hw));
      // (With one value per channel dx is 0 in exact arithmetic and only rounding noise remains.)
      if (std::int64_t{p.n} * p.hw > 1) check_close(to_host(ctx, gdx), dx, "backward dx", fp32_tolerance, planes);
      check_close(to_host(ctx, gdgamma), dgamma, "backward dgamma", fp32_tolerance, leading(p.c, p.c), sum_scale);
      check_close(to_host(ctx, gdbeta), dbeta, "backward dbeta", fp32_tolerance, leading(p.c, p.c), sum_scale);

      Cpu::batch_norm_forward_eval(cpu, p, bn, x.data(), gamma.data(), beta.data(), rmean.data(), rvar.data(),
                                   y.data());
      Cuda::batch_norm_forward_eval(ctx, p, bn, gx.data(), ggamma.data(), gbeta.data(), grmean.data(), grvar.data(),
                                    gy.data());
      check_close(to_host(ctx, gy), y, "evaluation forward", fp32_tolerance, planes);
    }
  }

  TEST_CASE("cuda MSE loss and gradient match the CPU backend") {
    auto& ctx = shared_context();
    auto& cpu = cpu_context();
    Rng rng(7);
    for (const std::int64_t n :
         {std::int64_t{1}, std::int64_t{4095}, std::int64_t{4097}, std::int64_t{64 * 3072}, std::int64_t{1000003}}) {
      INFO("count " << n);
      const auto y = random_values(rng, n), t = random_values(rng, n);
      std::vector<float> dy(y.size());
      const double loss = Cpu::mse_loss(cpu, y.data(), t.data(), n, dy.data());
      auto gy = to_device(ctx, y), gt = to_device(ctx, t);
      cuda::DeviceBuffer<float> gdy(n);
      const double gloss = Cuda::mse_loss(ctx, gy.data(), gt.data(), n, gdy.data());
      CHECK(std::abs(gloss - loss) <= 1e-12 * loss);
      CHECK(values_equal(to_host(ctx, gdy), dy));                             // one subtraction, one multiplication
      CHECK(Cuda::mse_loss(ctx, gy.data(), gt.data(), n, nullptr) == gloss);  // deterministic, gradient optional
    }
  }

  TEST_CASE("cuda Adam matches the CPU backend (with and without weight decay)") {
    auto& ctx = shared_context();
    auto& cpu = cpu_context();
    Rng rng(8);
    for (const double wd : {0.0, 1e-2}) {
      for (const std::int64_t n : {std::int64_t{1}, std::int64_t{7}, std::int64_t{100003}}) {
        INFO("count " << n << ", weight decay " << wd);
        const AdamSettings a{.lr = 1e-3, .weight_decay = wd};
        auto p = random_values(rng, n);
        std::vector<float> m(p.size(), 0.0f), v(p.size(), 0.0f);
        auto gp = to_device(ctx, p), gm = to_device(ctx, m), gv = to_device(ctx, v);
        for (std::int64_t step = 1; step <= 5; ++step) {
          const auto g = random_values(rng, n);
          auto gg = to_device(ctx, g);
          Cpu::adam_step(cpu, a, step, p.data(), g.data(), m.data(), v.data(), n);
          Cuda::adam_step(ctx, a, step, gp.data(), gg.data(), gm.data(), gv.data(), n);
        }
        const auto hp = to_host(ctx, gp), hm = to_host(ctx, gm), hv = to_host(ctx, gv);
        check_close(hp, p, "parameters", 1e-6);
        check_close(hm, m, "first moment", 1e-6);
        check_close(hv, v, "second moment", 1e-6);
        // The same float operations in the same order, each rounded: the kernel with explicitly
        // rounded intrinsics, the CPU reference compiled with -ffp-contract=off (gpu_tests'
        // CMakeLists.txt). Equal to the bit.
        CHECK(bit_identical(hp, p));
        CHECK(bit_identical(hm, m));
        CHECK(bit_identical(hv, v));
      }
    }
  }

  TEST_CASE("cuda buffers, copies and fills") {
    auto& ctx = shared_context();
    cuda::DeviceBuffer<std::int64_t> a(5);
    CHECK(a.size() == 5);
    const auto* first = a.data();
    a.resize(3);  // shrinking keeps the allocation
    CHECK(a.data() == first);
    CHECK(a.size() == 3);
    Cuda::fill(ctx, a.data(), std::int64_t{-42}, 3);
    CHECK(to_host(ctx, a) == std::vector<std::int64_t>{-42, -42, -42});
    cuda::DeviceBuffer<std::uint8_t> b(1000);
    Cuda::fill(ctx, b.data(), std::uint8_t{9}, 1000);
    CHECK(to_host(ctx, b) == std::vector<std::uint8_t>(1000, 9));
    cuda::DeviceBuffer<std::uint16_t> h(17);
    Cuda::fill(ctx, h.data(), std::uint16_t{0xBEEF}, 17);
    CHECK(to_host(ctx, h) == std::vector<std::uint16_t>(17, 0xBEEF));
    cuda::DeviceBuffer<double> d(3);
    const std::vector<double> values{1.5, -2.25, 1e300};
    Cuda::upload(ctx, values.data(), d.data(), 3);
    cuda::DeviceBuffer<double> e(3);
    cuda::copy_on_device(ctx, e.data(), d.data(), 3 * sizeof(double));
    CHECK(to_host(ctx, e) == values);
    cuda::DeviceBuffer<float> original(10);
    const float* where = original.data();
    cuda::DeviceBuffer<float> moved(std::move(original));
    CHECK(moved.data() == where);
    CHECK(moved.size() == 10);
    CHECK(original.data() == nullptr);
    CHECK_THROWS_WITH_AS(cuda::DeviceBuffer<float>(std::int64_t{1} << 50), doctest::Contains("cudaMalloc"), Error);
  }

}  // TEST_SUITE
