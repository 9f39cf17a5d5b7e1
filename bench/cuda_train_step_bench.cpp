// The training step (forward, MSE, backward, Adam) of Autoencoder<Arch, Cuda> at batch 64 on
// the GPU, in images/s, for the baseline and VGG-7 autoencoders at 1 and 3 channels:
//   cuda_train_step/<arch>/C<c>/eager          issued op by op from the host; the batch is already
//                                              preprocessed on the device; one wait per step (the loss)
//   cuda_train_step/<arch>/C<c>/graph          TrainStepGraph: the data set on the device, the batch
//                                              gathered and preprocessed by our kernel, the whole
//                                              step one CUDA graph launch
//   cuda_train_step/<arch>/C<c>/graph_deterministic   the same with deterministic algorithms
//   cuda_train_step/<arch>/C<c>/graph_tf32     TF32 convolutions allowed (off by default; not
//                                              at FP32 parity with the CPU, for reference only)
// peers/torch_cuda_train_step.py measures PyTorch eager on the same GPU and shapes. Without a
// GPU, or in a build without the CUDA backend, it says so and runs nothing.
//
//   build/bin/cuda_train_step_bench [google benchmark flags]
#include <aecluster/nn/adam.hpp>
#include <aecluster/nn/archs.hpp>
#include <aecluster/nn/autoencoder.hpp>
#include <aecluster/random.hpp>
#ifdef AECLUSTER_HAVE_CUDA
#include <aecluster/cuda/backend.hpp>
#include <aecluster/cuda/device.hpp>
#include <aecluster/cuda/train_step_graph.hpp>
#endif

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

using namespace aecluster;

namespace {

#ifdef AECLUSTER_HAVE_CUDA
constexpr int batch = 64;
constexpr int batches = 8;  // the on-device data set of the graph variants
const AdamSettings adam_settings{.lr = 1e-5, .weight_decay = 1e-5};

template <class Arch>
void eager(benchmark::State& state, cuda::Settings settings) {
  using Model = Autoencoder<Arch, Cuda>;
  cuda::Context ctx(1, settings);
  Model model(ctx, 1);
  Adam<Cuda> adam(ctx, model.parameter_count(), adam_settings);
  Rng rng(2);
  std::vector<float> host(static_cast<std::size_t>(batch * Model::input_size));
  for (auto& v : host) v = static_cast<float>(rng.uniform(-1, 1));
  cuda::DeviceBuffer<float> x(static_cast<std::int64_t>(host.size()));
  Cuda::upload(ctx, host.data(), x.data(), x.size());
  auto step = [&] {
    const double loss = model.forward_backward(x.data(), batch);
    adam.step(model.parameters(), model.gradients());
    return loss;
  };
  for (int i = 0; i < 3; ++i) step();  // algorithms, buffers, workspace
  for (auto _ : state) benchmark::DoNotOptimize(step());
  ctx.synchronize();
  state.counters["images/s"] = benchmark::Counter(batch, benchmark::Counter::kIsIterationInvariantRate);
}

template <class Arch>
void graph(benchmark::State& state, cuda::Settings settings) {
  using Model = Autoencoder<Arch, Cuda>;
  cuda::Context ctx(1, settings);
  Model model(ctx, 1);
  Adam<Cuda> adam(ctx, model.parameter_count(), adam_settings);
  Rng rng(3);
  Tensor<std::uint8_t> images({std::int64_t{batch} * batches, 32, 32, Model::channels});
  for (auto& v : images.span()) v = static_cast<std::uint8_t>(rng.below(256));
  cuda::TrainStepGraph<Model> steps(model, adam, images, batch);
  std::vector<std::vector<std::int64_t>> order(batches, std::vector<std::int64_t>(batch));
  for (auto& b : order)
    for (auto& i : b) i = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(images.dim(0))));
  int next = 0;
  auto step = [&] { return steps.step(order[static_cast<std::size_t>(next++ % batches)]); };
  for (int i = 0; i < 3; ++i) step();  // the first step is captured
  for (auto _ : state) benchmark::DoNotOptimize(step());
  state.counters["images/s"] = benchmark::Counter(batch, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["graph_nodes"] = static_cast<double>(steps.graph().node_count());
}

template <class Arch>
void register_arch() {
  const std::string base = "cuda_train_step/" + std::string(Arch::name) + "/C" + std::to_string(Arch::input::c) + "/";
  benchmark::RegisterBenchmark((base + "eager").c_str(), eager<Arch>, cuda::Settings{})
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark((base + "graph").c_str(), graph<Arch>, cuda::Settings{})
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark((base + "graph_deterministic").c_str(), graph<Arch>,
                               cuda::Settings{.deterministic = true})
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark((base + "graph_tf32").c_str(), graph<Arch>, cuda::Settings{.allow_tf32 = true})
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}
#endif

}  // namespace

int main(int argc, char** argv) {
#ifdef AECLUSTER_HAVE_CUDA
  std::string reason;
  if (!cuda::device_available(&reason)) {
    std::fprintf(stderr, "no CUDA device (%s): GPU training-step benchmarks skipped\n", reason.c_str());
    return 0;
  }
  std::fprintf(stderr, "GPU: %s\n", cuda::device_info().summary().c_str());
  register_arch<archs::baseline<1>>();
  register_arch<archs::baseline<3>>();
  register_arch<archs::vgg7<1>>();
  register_arch<archs::vgg7<3>>();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
#else
  (void)argc;
  (void)argv;
  std::fprintf(stderr, "built without the CUDA backend: GPU training-step benchmarks skipped\n");
#endif
  return 0;
}
