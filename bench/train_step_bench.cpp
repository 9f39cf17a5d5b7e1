// The CPU training step (forward, MSE, backward, Adam) at batch 64, in images/s, for the
// baseline and VGG-7 autoencoders at 1 and 3 channels, and (with --profile) the time and
// GFLOP/s of every layer inside that step. bench/compare_train_step.py runs this and the same
// step in PyTorch in one job and prints the ratios.
//
//   build/bin/train_step_bench [--threads N] [--profile] [google benchmark flags]
#include <aecluster/cpu/backend.hpp>
#include <aecluster/nn/adam.hpp>
#include <aecluster/nn/archs.hpp>
#include <aecluster/nn/autoencoder.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

using namespace aecluster;

namespace {

int g_threads = 0;
constexpr int batch = 64;

// Multiply-adds of a layer's forward pass for n images (0 for layers without matrix work).
template <class Layer>
double layer_macs(int n) {
  if constexpr (requires { Layer::geometry(n); })
    return Layer::geometry(n).macs();
  else
    return 0;
}

struct LayerRow {
  std::string name;
  double fwd_flops = 0, bwd_flops = 0;
  double fwd_s = 0, bwd_s = 0;
};

template <class Stack>
void describe(Stack& stack, const std::string& prefix, std::vector<LayerRow>& rows, bool first_stack) {
  stack.for_each_layer([&]<std::size_t I>(auto& layer) {
    using L = std::remove_reference_t<decltype(layer)>;
    using S = typename Stack::template Spec<I>;
    const double macs = layer_macs<L>(batch);
    LayerRow r;
    r.name = prefix + std::to_string(I) + " " + S::type_name;
    if constexpr (requires { L::geometry(batch); }) {
      const auto g = L::geometry(batch);
      const auto in = std::to_string(g.in_c) + "x" + std::to_string(g.in_h) + "x" + std::to_string(g.in_w);
      const auto out = std::to_string(g.out_c) + "x" + std::to_string(g.out_h) + "x" + std::to_string(g.out_w);
      // A transposed convolution's geometry is that of the convolution it transposes.
      const bool transposed = std::string_view(S::type_name) == "ConvTranspose2d";
      r.name += " " + (transposed ? out : in) + " k" + std::to_string(g.k) + " -> " + (transposed ? in : out);
    }
    r.fwd_flops = 2 * macs;
    // filter gradient, and the input gradient except for the network's first layer
    r.bwd_flops = 2 * macs * ((first_stack && I == 0) ? 1 : 2);
    rows.push_back(r);
  });
}

class Profile : public LayerProfiler {
 public:
  Profile(std::vector<LayerRow>& rows, std::size_t offset) : rows_(rows), offset_(offset) {}
  void record(std::size_t layer, bool backward, double seconds) override {
    (backward ? rows_[offset_ + layer].bwd_s : rows_[offset_ + layer].fwd_s) += seconds;
  }

 private:
  std::vector<LayerRow>& rows_;
  std::size_t offset_;
};

template <class Arch>
struct Setup {
  Cpu::Context ctx{g_threads};
  Autoencoder<Arch, Cpu> model{ctx, 1};
  Adam<Cpu> adam{ctx, model.parameter_count(), {.lr = 1e-5, .weight_decay = 1e-5}};
  std::vector<float> x;
  Setup() {
    Rng rng(2);
    x.resize(static_cast<std::size_t>(batch * Autoencoder<Arch, Cpu>::input_size));
    for (auto& v : x) v = static_cast<float>(rng.uniform(-1, 1));
    model.train();
    for (int i = 0; i < 2; ++i) step();  // warm up: size every buffer, touch every page
  }
  double step() {
    const double loss = model.forward_backward(x.data(), batch);
    adam.step(model.parameters(), model.gradients());
    return loss;
  }
};

template <class Arch>
double step_flops() {
  Cpu::Context ctx(1);
  Autoencoder<Arch, Cpu> m(ctx);
  std::vector<LayerRow> rows;
  describe(m.encoder(), "encoder.", rows, true);
  describe(m.decoder(), "decoder.", rows, false);
  double f = 0;
  for (const auto& r : rows) f += r.fwd_flops + r.bwd_flops;
  return f;
}

template <class Arch>
void train_step(benchmark::State& state) {
  Setup<Arch> s;
  for (auto _ : state) benchmark::DoNotOptimize(s.step());
  state.counters["images/s"] = benchmark::Counter(batch, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["GFLOP/s"] =
      benchmark::Counter(step_flops<Arch>() / 1e9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["threads"] = s.ctx.threads();
}

template <class Arch>
void profile(int steps) {
  Setup<Arch> s;
  std::vector<LayerRow> rows;
  describe(s.model.encoder(), "encoder.", rows, true);
  const std::size_t decoder_offset = rows.size();
  describe(s.model.decoder(), "decoder.", rows, false);
  Profile enc(rows, 0), dec(rows, decoder_offset);
  s.model.encoder().set_profiler(&enc);
  s.model.decoder().set_profiler(&dec);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) s.step();
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / steps;
  std::printf("\n%s<%d>, batch %d, %d threads: %.1f ms per step, %.1f images/s\n", std::string(Arch::name).c_str(),
              Arch::input::c, batch, s.ctx.threads(), 1e3 * total, batch / total);
  std::printf("%-52s %9s %9s %9s %9s\n", "layer", "fwd ms", "GFLOP/s", "bwd ms", "GFLOP/s");
  double layers = 0;
  for (const auto& r : rows) {
    const double f = r.fwd_s / steps, b = r.bwd_s / steps;
    layers += f + b;
    std::printf("%-52s %9.2f %9s %9.2f %9s\n", r.name.c_str(), 1e3 * f,
                r.fwd_flops > 0 ? std::to_string(static_cast<int>(r.fwd_flops / f / 1e9)).c_str() : "", 1e3 * b,
                r.bwd_flops > 0 ? std::to_string(static_cast<int>(r.bwd_flops / b / 1e9)).c_str() : "");
  }
  std::printf("%-52s %9.2f ms (loss, Adam and the rest: %.2f ms)\n", "all layers", 1e3 * layers,
              1e3 * (total - layers));
}

}  // namespace

BENCHMARK_TEMPLATE(train_step, archs::baseline<1>)
    ->Name("train_step/baseline/C1")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_TEMPLATE(train_step, archs::baseline<3>)
    ->Name("train_step/baseline/C3")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_TEMPLATE(train_step, archs::vgg7<1>)
    ->Name("train_step/vgg7/C1")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_TEMPLATE(train_step, archs::vgg7<3>)
    ->Name("train_step/vgg7/C3")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

int main(int argc, char** argv) {
  bool do_profile = false;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--profile") == 0)
      do_profile = true;
    else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
      g_threads = std::atoi(argv[++i]);
    else
      rest.push_back(argv[i]);
  }
  if (do_profile) {
    profile<archs::baseline<1>>(5);
    profile<archs::baseline<3>>(5);
    profile<archs::vgg7<1>>(3);
    profile<archs::vgg7<3>>(3);
    return 0;
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
