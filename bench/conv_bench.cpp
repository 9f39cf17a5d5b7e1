// Convolution throughput for every distinct convolution and transposed-convolution shape of the
// three architectures (archs.hpp, 1 and 3 channels) at batch 64, in GFLOP/s (2 x multiply-adds):
//   conv/<layer>/<direction>/cpu         the CPU backend
//   conv/<layer>/<direction>/cuda        our cuDNN dispatch (the algorithm the backend caches)
//   conv/<layer>/<direction>/cudnn_best  every cuDNN algorithm timed directly, the fastest one
// <direction> is the primitive: forward, backward-data or backward-filter of the convolution.
// A Conv2d layer's training step uses all three (its input gradient is backward-data); a
// ConvTranspose2d layer's forward pass is backward-data, its backward pass forward (input
// gradient) and backward-filter. GPU times are CUDA-event times of 10 back-to-back launches;
// without a GPU (or a build without the CUDA backend) only the CPU benchmarks run.
//
//   build/bin/conv_bench [--threads N] [--list-shapes] [google benchmark flags]
//   e.g. --benchmark_filter=/cuda  or  --benchmark_filter='vgg7|baseline'
#include <aecluster/cpu/backend.hpp>
#include <aecluster/nn/archs.hpp>
#include <aecluster/nn/sequential.hpp>
#include <aecluster/random.hpp>
#ifdef AECLUSTER_HAVE_CUDA
#include <aecluster/cuda/backend.hpp>
#include <aecluster/cuda/conv_algorithms.hpp>
#include <aecluster/cuda/device.hpp>
#include <aecluster/cuda/timer.hpp>
#endif

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace aecluster;

namespace {

constexpr int batch = 64;
int g_threads = 0;

struct ConvShape {
  std::string name;  // the layer as it appears in an architecture
  ConvGeometry g;
  bool transposed = false;
  std::string used_by;
};

enum class Direction { forward, backward_data, backward_filter };
constexpr const char* direction_names[] = {"forward", "backward-data", "backward-filter"};

template <class Stack, std::size_t I>
void add_layer(std::vector<ConvShape>& out, const std::string& arch) {
  using S = typename Stack::template Spec<I>;
  using In = typename Stack::template StageInput<I>;
  if constexpr (requires { S::template Impl<Cpu, In>::geometry(1); }) {
    using L = typename S::template Impl<Cpu, In>;
    using Out = typename L::Out;
    ConvShape s;
    s.g = L::geometry(batch);
    s.transposed = std::string_view(S::type_name) == "ConvTranspose2d";
    std::ostringstream name;
    name << S::type_name << " " << In::c << "x" << In::h << "x" << In::w << "->" << Out::c << "x" << Out::h << "x"
         << Out::w << " k" << s.g.k;
    s.name = name.str();
    for (auto& e : out)
      if (e.transposed == s.transposed && e.g == s.g) {
        if (e.used_by.find(arch) == std::string::npos) e.used_by += "," + arch;
        return;
      }
    s.used_by = arch;
    out.push_back(s);
  }
}

template <class Stack, std::size_t... I>
void add_stack(std::vector<ConvShape>& out, const std::string& arch, std::index_sequence<I...>) {
  (add_layer<Stack, I>(out, arch), ...);
}

template <class Arch>
void add_arch(std::vector<ConvShape>& out) {
  using Enc = SequentialOf<Cpu, typename Arch::input, typename Arch::encoder>;
  using Dec = SequentialOf<Cpu, typename Enc::Output, typename Arch::decoder>;
  const std::string name = std::string(Arch::name) + "/C" + std::to_string(Arch::input::c);
  add_stack<Enc>(out, name, std::make_index_sequence<Enc::size()>{});
  add_stack<Dec>(out, name, std::make_index_sequence<Dec::size()>{});
}

std::vector<ConvShape> all_shapes() {
  std::vector<ConvShape> s;
  archs::for_each([&]<template <int> class A>() {
    add_arch<A<1>>(s);
    add_arch<A<3>>(s);
  });
  return s;
}

// Host buffers of one shape: a = x or dy, b = w or dy, out = y, dx or dw (random, never zero).
struct HostData {
  std::vector<float> x, w, y;
  explicit HostData(const ConvGeometry& g) {
    Rng rng(7);
    auto fill = [&](std::vector<float>& v, std::int64_t n) {
      v.resize(static_cast<std::size_t>(n));
      for (auto& e : v) e = static_cast<float>(rng.uniform(-1, 1));
    };
    fill(x, g.n * g.in_size());
    fill(w, g.weight_size());
    fill(y, g.n * g.out_size());
  }
};

void set_flops(benchmark::State& state, const ConvGeometry& g) {
  state.counters["GFLOP/s"] = benchmark::Counter(2 * g.macs() / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}

void cpu_conv(benchmark::State& state, ConvShape shape, Direction d) {
  static Cpu::Context ctx(g_threads);
  const auto& g = shape.g;
  HostData h(g);
  std::vector<float> out(std::max({h.x.size(), h.w.size(), h.y.size()}));
  for (auto _ : state) {
    switch (d) {
      case Direction::forward: Cpu::conv2d_forward(ctx, g, h.x.data(), h.w.data(), out.data()); break;
      case Direction::backward_data: Cpu::conv2d_backward_data(ctx, g, h.y.data(), h.w.data(), out.data()); break;
      case Direction::backward_filter: Cpu::conv2d_backward_filter(ctx, g, h.x.data(), h.y.data(), out.data()); break;
    }
    benchmark::DoNotOptimize(out.data());
  }
  set_flops(state, g);
  state.counters["threads"] = ctx.threads();
}

#ifdef AECLUSTER_HAVE_CUDA
constexpr int launches = 10;

cuda::Context& gpu() {
  static cuda::Context ctx(1);
  return ctx;
}

// Device copies of a shape's data, kept for all of the shape's benchmarks.
struct DeviceData {
  cuda::DeviceBuffer<float> x, w, y, out;
  explicit DeviceData(const ConvGeometry& g) {
    HostData h(g);
    auto& ctx = gpu();
    auto up = [&](cuda::DeviceBuffer<float>& d, const std::vector<float>& v) {
      d.resize(static_cast<std::int64_t>(v.size()));
      Cuda::upload(ctx, v.data(), d.data(), d.size());
    };
    up(x, h.x);
    up(w, h.w);
    up(y, h.y);
    out.resize(static_cast<std::int64_t>(std::max({h.x.size(), h.w.size(), h.y.size()})));
  }
  // The operation's inputs in the order of conv_algorithms.hpp.
  std::pair<const float*, const float*> inputs(Direction d) const {
    switch (d) {
      case Direction::forward: return {x.data(), w.data()};
      case Direction::backward_data: return {y.data(), w.data()};
      case Direction::backward_filter: return {x.data(), y.data()};
    }
    return {};
  }
};

DeviceData& device_data(const ConvGeometry& g) {
  static std::vector<std::pair<ConvGeometry, std::unique_ptr<DeviceData>>> cache;
  for (auto& [k, v] : cache)
    if (k == g) return *v;
  cache.emplace_back(g, std::make_unique<DeviceData>(g));
  return *cache.back().second;
}

cuda::ConvDirection to_cuda(Direction d) {
  return d == Direction::forward         ? cuda::ConvDirection::forward
         : d == Direction::backward_data ? cuda::ConvDirection::backward_data
                                         : cuda::ConvDirection::backward_filter;
}

void ours(const ConvGeometry& g, Direction d, DeviceData& dd) {
  auto& ctx = gpu();
  const auto [a, b] = dd.inputs(d);
  switch (d) {
    case Direction::forward: Cuda::conv2d_forward(ctx, g, a, b, dd.out.data()); break;
    case Direction::backward_data: Cuda::conv2d_backward_data(ctx, g, a, b, dd.out.data()); break;
    case Direction::backward_filter: Cuda::conv2d_backward_filter(ctx, g, a, b, dd.out.data()); break;
  }
}

void cuda_conv(benchmark::State& state, ConvShape shape, Direction d) {
  auto& ctx = gpu();
  auto& dd = device_data(shape.g);
  ours(shape.g, d, dd);  // chooses and caches the algorithm
  const auto [a, b] = dd.inputs(d);
  const auto chosen = cuda::dispatched_conv_algorithm(ctx, to_cuda(d), shape.g, a, b, dd.out.data());
  cuda::EventTimer timer(ctx);
  for (auto _ : state) {
    timer.start();
    for (int i = 0; i < launches; ++i) ours(shape.g, d, dd);
    timer.stop();
    state.SetIterationTime(timer.seconds() / launches);
  }
  set_flops(state, shape.g);
  state.counters["algorithm"] = chosen.algorithm;
  state.counters["workspace_MiB"] = double(chosen.workspace) / (1 << 20);
}

void cudnn_best(benchmark::State& state, ConvShape shape, Direction d) {
  auto& ctx = gpu();
  auto& dd = device_data(shape.g);
  const auto [a, b] = dd.inputs(d);
  int best_algo = -1;
  for (auto _ : state) {
    const auto all = cuda::time_conv_algorithms(ctx, to_cuda(d), shape.g, a, b, dd.out.data(), launches);
    double best = 0;
    best_algo = -1;
    for (const auto& info : all)
      if (info.supported && (best_algo < 0 || info.milliseconds < best)) {
        best = info.milliseconds;
        best_algo = info.algorithm;
      }
    if (best_algo < 0) {
      state.SkipWithError("no cuDNN algorithm ran");
      return;
    }
    state.SetIterationTime(best * 1e-3);
  }
  set_flops(state, shape.g);
  state.counters["algorithm"] = best_algo;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  bool list = false;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
      g_threads = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--list-shapes") == 0)
      list = true;
    else
      rest.push_back(argv[i]);
  }
  const auto shapes = all_shapes();
  if (list) {
    for (const auto& s : shapes)
      std::printf("%-40s n%d %dx%dx%d -> %dx%dx%d k%d s%d p%d  %.2f GFLOP  (%s)\n", s.name.c_str(), s.g.n, s.g.in_c,
                  s.g.in_h, s.g.in_w, s.g.out_c, s.g.out_h, s.g.out_w, s.g.k, s.g.stride, s.g.pad, 2 * s.g.macs() / 1e9,
                  s.used_by.c_str());
    return 0;
  }
  bool gpu_present = false;
#ifdef AECLUSTER_HAVE_CUDA
  std::string reason;
  gpu_present = cuda::device_available(&reason);
  if (gpu_present)
    std::fprintf(stderr, "GPU: %s\n", cuda::device_info().summary().c_str());
  else
    std::fprintf(stderr, "no CUDA device (%s): GPU benchmarks skipped\n", reason.c_str());
#else
  std::fprintf(stderr, "built without the CUDA backend: GPU benchmarks skipped\n");
#endif
  for (const auto& s : shapes) {
    for (int d = 0; d < 3; ++d) {
      const auto dir = static_cast<Direction>(d);
      const std::string base = "conv/" + s.name + "/" + direction_names[d];
      benchmark::RegisterBenchmark((base + "/cpu").c_str(), cpu_conv, s, dir)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
#ifdef AECLUSTER_HAVE_CUDA
      if (gpu_present) {
        benchmark::RegisterBenchmark((base + "/cuda").c_str(), cuda_conv, s, dir)
            ->Unit(benchmark::kMicrosecond)
            ->UseManualTime();
        benchmark::RegisterBenchmark((base + "/cudnn_best").c_str(), cudnn_best, s, dir)
            ->Unit(benchmark::kMicrosecond)
            ->UseManualTime()
            ->Iterations(3);
      }
#endif
    }
  }
  (void)gpu_present;
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
