// Whole models on the GPU: a training step of Autoencoder<Arch, Cuda> against
// Autoencoder<Arch, Cpu> from the same checkpoint, checkpoints written from the GPU and read
// back, the Trainer and the encoder on the GPU, bit-identical results in deterministic mode, and
// CUDA graph replays equal to eager steps.
#include "gpu_test_util.hpp"
#include "test_util.hpp"

#include <aecluster/cuda/device_trainer.hpp>
#include <aecluster/cuda/train_step_graph.hpp>
#include <aecluster/nn/adam.hpp>
#include <aecluster/nn/archs.hpp>
#include <aecluster/nn/autoencoder.hpp>
#include <aecluster/nn/checkpoint.hpp>
#include <aecluster/nn/training.hpp>

#include <span>

using namespace aecluster;
using namespace gpu_test;

namespace {

// One tensor of the model's state (parameter, gradient or buffer view) as host values.
template <class Model>
std::vector<float> slice(Model& model, const float* base, const StateEntry& e) {
  using Device = typename Model::Device;
  std::vector<float> out(static_cast<std::size_t>(e.numel));
  Device::download(model.context(), base + e.offset, out.data(), e.numel);
  return out;
}

template <class Model>
std::vector<float> all_parameters(Model& m) {
  std::vector<float> out(static_cast<std::size_t>(m.parameter_count()));
  Model::Device::download(m.context(), m.parameters(), out.data(), m.parameter_count());
  return out;
}
template <class Model>
std::vector<float> all_buffers(Model& m) {
  std::vector<float> out(static_cast<std::size_t>(m.buffer_count()));
  Model::Device::download(m.context(), m.buffers(), out.data(), m.buffer_count());
  return out;
}

// How each parameter's elements group into channels: its leading dimension (output channels of
// a Conv2d, input channels of a ConvTranspose2d, the channels of a bias or BatchNorm).
inline Channels channels_of(const StateEntry& e) {
  return e.shape.rank() > 0 ? leading(e.shape[0], e.numel) : Channels{};
}

// The GPU's differences from the CPU are rounding in another order. A few results are rounding
// noise by construction: the gradient of a convolution's bias followed by BatchNorm is 0 in exact
// arithmetic (BatchNorm subtracts the channel mean), so both backends return ~1e-9 of arbitrary
// sign. Their noise level is measured on the CPU by a second run with every input changed by
// about one rounding (relative 1.2e-7): 8 times the largest change in a tensor is allowed as
// absolute difference there; for every other tensor that floor is far below 1e-4 of its values.
constexpr double noise_factor = 8;

template <class Arch>
void check_training_step() {
  using CpuModel = Autoencoder<Arch, Cpu>;
  using GpuModel = Autoencoder<Arch, Cuda>;
  INFO("architecture " << Arch::name << " with " << CpuModel::channels << " channel(s)");
  auto& cpu = cpu_context();
  // FP32 arithmetic throughout: the FFT/Winograd convolutions (coarser, backend_test.cpp checks
  // them with their own tolerance) are left out, so that every difference is FP32 rounding.
  cuda::Context ctx(2, {.transform_algorithms = false});
  CpuModel cm(cpu, 7), perturbed(cpu, 7);
  GpuModel gm(ctx, 1);  // different initial values, replaced by the CPU model's checkpoint
  load_checkpoint(checkpoint_contents(cm), gm);
  CHECK(bit_identical(all_parameters(gm), all_parameters(cm)));

  const int n = 4;
  Rng rng(31);
  const auto x = random_values(rng, n * CpuModel::input_size);
  auto xp = x;
  for (auto& v : xp) v *= static_cast<float>(1.0 + rng.uniform(-1.2e-7, 1.2e-7));
  auto gx = to_device(ctx, x);
  const auto image_planes = nchw(CpuModel::channels, CpuModel::input_size / CpuModel::channels);

  // Forward in training mode: the reconstructions.
  const float* cy = cm.forward(x.data(), n);
  const float* gy = gm.forward(gx.data(), n);
  check_close(to_host(ctx, gy, n * GpuModel::input_size), std::vector<float>(cy, cy + n * CpuModel::input_size),
              "reconstructions", fp32_tolerance, image_planes);

  // Forward, loss, backward.
  const double closs = cm.forward_backward(x.data(), n);
  perturbed.forward_backward(xp.data(), n);
  const double gloss = gm.forward_backward(gx.data(), n);
  CHECK(std::abs(gloss - closs) <= fp32_tolerance * closs);
  std::vector<float> noise_of_gradients;  // per parameter element, for Adam's moments below
  for (const auto& e : cm.state()) {
    if (e.kind != TensorSpec::Kind::parameter) continue;
    const auto want = slice(cm, cm.gradients(), e);
    const double noise = max_abs_diff(slice(perturbed, perturbed.gradients(), e), want);
    check_close(slice(gm, gm.gradients(), e), want, "gradient of " + e.name, fp32_tolerance, channels_of(e),
                noise_factor * noise);
  }

  // Adam with the assignment's settings.
  const AdamSettings settings{.lr = 1e-5, .weight_decay = 1e-5};
  Adam<Cpu> cadam(cpu, cm.parameter_count(), settings);
  Adam<Cuda> gadam(ctx, gm.parameter_count(), settings);
  cadam.step(cm.parameters(), cm.gradients());
  gadam.step(gm.parameters(), gm.gradients());
  for (const auto& e : cm.state()) {
    if (e.kind == TensorSpec::Kind::counter) continue;
    const float* cbase = e.kind == TensorSpec::Kind::parameter ? cm.parameters() : cm.buffers();
    const float* gbase = e.kind == TensorSpec::Kind::parameter ? gm.parameters() : gm.buffers();
    const auto want = slice(cm, cbase, e), got = slice(gm, gbase, e);
    if (e.kind == TensorSpec::Kind::buffer) {
      // A running mean is 0.1 of a batch mean, which may cancel to ~1e-5 of the activations
      // it averages: against the tensor's largest value (the scale of the channels' means).
      check_close(got, want, "running statistic " + e.name, fp32_tolerance);
      continue;
    }
    // Adam's first step moves each parameter by about lr * sign(gradient): where a gradient is
    // within rounding of 0 the two backends may move it in opposite directions, hence 2.5 lr.
    check_close(got, want, "parameter " + e.name + " after Adam", fp32_tolerance, channels_of(e), 2.5 * settings.lr);
  }
  // The moments over all parameters at once, against the tensor's largest value: the first is
  // 0.1 g, the second 0.001 g^2 (its relative rounding is twice the gradient's).
  check_close(to_host(ctx, gadam.exp_avg(), gadam.size()),
              std::vector<float>(cadam.exp_avg(), cadam.exp_avg() + cadam.size()), "Adam exp_avg");
  check_close(to_host(ctx, gadam.exp_avg_sq(), gadam.size()),
              std::vector<float>(cadam.exp_avg_sq(), cadam.exp_avg_sq() + cadam.size()), "Adam exp_avg_sq",
              2 * fp32_tolerance);
  CHECK(std::vector<std::int64_t>(gm.counters().begin(), gm.counters().end()) ==
        std::vector<std::int64_t>(cm.counters().begin(), cm.counters().end()));

  // Evaluation mode (running statistics): the latents.
  cm.eval();
  gm.eval();
  const float* cz = cm.encode(x.data(), n);
  const float* gz = gm.encode(gx.data(), n);
  check_close(to_host(ctx, gz, n * GpuModel::latent_size), std::vector<float>(cz, cz + n * CpuModel::latent_size),
              "latents (eval)", fp32_tolerance, nchw(GpuModel::Latent::c, GpuModel::latent_size / GpuModel::Latent::c),
              2.5 * settings.lr);
}

// Three Adam steps of a fresh model on a fresh context; returns the losses, the first step's
// gradients, the parameters and buffers, and whether FFT/Winograd convolutions were used. With
// `perturb` every input value changes by about one rounding (a noise floor, as above).
struct RunResult {
  std::vector<double> losses;
  std::vector<float> first_gradients, parameters, buffers;
  std::vector<StateEntry> state;
  bool transform = false;
};

template <class Arch>
RunResult three_steps(const cuda::Settings& settings, bool perturb = false) {
  cuda::Context ctx(2, settings);
  Autoencoder<Arch, Cuda> model(ctx, 3);
  Adam<Cuda> adam(ctx, model.parameter_count(), {.lr = 1e-3, .weight_decay = 1e-5});
  Rng rng(41), jitter(42);
  const int n = 8;
  RunResult r;
  cuda::DeviceBuffer<float> x(n * Autoencoder<Arch, Cuda>::input_size);
  for (int step = 0; step < 3; ++step) {
    auto host = random_values(rng, x.size());
    if (perturb)
      for (auto& v : host) v *= static_cast<float>(1.0 + jitter.uniform(-1.2e-7, 1.2e-7));
    Cuda::upload(ctx, host.data(), x.data(), x.size());
    r.losses.push_back(model.forward_backward(x.data(), n));
    if (step == 0) r.first_gradients = to_host(ctx, model.gradients(), model.parameter_count());
    adam.step(model.parameters(), model.gradients());
  }
  r.parameters = all_parameters(model);
  r.buffers = all_buffers(model);
  r.state.assign(model.state().begin(), model.state().end());
  r.transform = ctx.describe_algorithms().find("FFT/Winograd") != std::string::npos;
  return r;
}

Tensor<std::uint8_t> random_images(Rng& rng, std::int64_t n, int c) {
  Tensor<std::uint8_t> images({n, 32, 32, c});
  for (auto& v : images.span()) v = static_cast<std::uint8_t>(rng.below(256));
  return images;
}

struct GraphRun {
  std::vector<double> losses;
  std::vector<float> parameters, buffers, exp_avg, exp_avg_sq;
  std::vector<std::int64_t> counters;
  std::int64_t adam_steps = 0;
  bool captured = false;
  std::int64_t nodes = 0;
};

template <class Arch>
GraphRun graph_steps(bool use_graph) {
  using Model = Autoencoder<Arch, Cuda>;
  cuda::Context ctx(2, {.deterministic = true});
  Model model(ctx, 9);
  Adam<Cuda> adam(ctx, model.parameter_count(), {.lr = 1e-3, .weight_decay = 1e-5});
  Rng rng(51);
  const auto images = random_images(rng, 40, Model::channels);
  cuda::TrainStepGraph<Model> steps(model, adam, images, 8, use_graph);
  GraphRun r;
  for (int s = 0; s < 5; ++s) {
    std::vector<std::int64_t> idx(8);
    for (auto& i : idx) i = static_cast<std::int64_t>(rng.below(40));
    r.losses.push_back(steps.step(idx));
  }
  const std::vector<std::int64_t> partial{1, 2, 3, 39, 0};  // a last, smaller batch runs eagerly
  r.losses.push_back(steps.step(partial));
  r.parameters = all_parameters(model);
  r.buffers = all_buffers(model);
  r.exp_avg = to_host(ctx, adam.exp_avg(), adam.size());
  r.exp_avg_sq = to_host(ctx, adam.exp_avg_sq(), adam.size());
  r.counters.assign(model.counters().begin(), model.counters().end());
  r.adam_steps = adam.steps();
  r.captured = steps.captured();
  r.nodes = steps.captured() ? steps.graph().node_count() : 0;
  return r;
}

}  // namespace

TEST_SUITE("gpu") {
  TEST_CASE("a training step of Autoencoder<baseline<1>, Cuda> matches the CPU backend") {
    check_training_step<archs::baseline<1>>();
  }
  TEST_CASE("a training step of Autoencoder<baseline_bn<3>, Cuda> matches the CPU backend") {
    check_training_step<archs::baseline_bn<3>>();
  }
  TEST_CASE("a training step of Autoencoder<vgg7<3>, Cuda> matches the CPU backend") {
    check_training_step<archs::vgg7<3>>();
  }

  TEST_CASE("checkpoints written from the GPU load back exactly, on the GPU and on the CPU") {
    using Arch = archs::baseline_bn<1>;
    test::TempDir dir;
    cuda::Context ctx(2);
    Autoencoder<Arch, Cuda> model(ctx, 5);
    Adam<Cuda> adam(ctx, model.parameter_count(), {.lr = 1e-3});
    Rng rng(61);
    const auto x = random_values(rng, 6 * Autoencoder<Arch, Cuda>::input_size);
    auto gx = to_device(ctx, x);
    model.forward_backward(gx.data(), 6);
    adam.step(model.parameters(), model.gradients());
    save_checkpoint(dir / "m.safetensors", model);
    save_optimizer(dir / "m.adam.safetensors", model, adam);

    Autoencoder<Arch, Cuda> again(ctx, 99);
    Adam<Cuda> adam_again(ctx, again.parameter_count(), {.lr = 1e-3});
    load_checkpoint(dir / "m.safetensors", again);
    load_optimizer(dir / "m.adam.safetensors", again, adam_again);
    CHECK(bit_identical(all_parameters(again), all_parameters(model)));
    CHECK(bit_identical(all_buffers(again), all_buffers(model)));
    CHECK(std::vector<std::int64_t>(again.counters().begin(), again.counters().end()) ==
          std::vector<std::int64_t>(model.counters().begin(), model.counters().end()));
    CHECK(adam_again.steps() == adam.steps());
    CHECK(bit_identical(to_host(ctx, adam_again.exp_avg(), adam.size()), to_host(ctx, adam.exp_avg(), adam.size())));
    CHECK(bit_identical(to_host(ctx, adam_again.exp_avg_sq(), adam.size()),
                        to_host(ctx, adam.exp_avg_sq(), adam.size())));

    Autoencoder<Arch, Cpu> on_cpu(cpu_context(), 98);
    load_checkpoint(dir / "m.safetensors", on_cpu);
    CHECK(bit_identical(all_parameters(on_cpu), all_parameters(model)));
    CHECK(bit_identical(all_buffers(on_cpu), all_buffers(model)));
    // The file is the same whichever backend writes it.
    save_checkpoint(dir / "cpu.safetensors", on_cpu);
    CHECK(test::read_bytes(dir / "cpu.safetensors") == test::read_bytes(dir / "m.safetensors"));
  }

  TEST_CASE("the Trainer and the encoder run on the GPU as on the CPU") {
    // baseline, without BatchNorm: with it the biases before BatchNorm have gradients that are
    // rounding noise, which Adam turns into +-lr steps of arbitrary sign on either backend, and
    // the latents in evaluation mode would differ by that much (check_training_step covers
    // BatchNorm with the noise measured).
    using Arch = archs::baseline<1>;
    Rng rng(71);
    const auto images = random_images(rng, 24, 1);
    auto& cpu = cpu_context();
    cuda::Context ctx(2, {.transform_algorithms = false});
    Autoencoder<Arch, Cpu> cm(cpu, 4);
    Autoencoder<Arch, Cuda> gm(ctx, 4);
    CHECK(bit_identical(all_parameters(gm), all_parameters(cm)));  // the same seeded initialisation
    const TrainOptions o{.batch_size = 8, .adam = {.lr = 1e-4, .weight_decay = 1e-5}, .seed = 3};
    Trainer<Autoencoder<Arch, Cpu>> ct(cm, o);
    Trainer<Autoencoder<Arch, Cuda>> gt(gm, o);
    const double closs = ct.train_epoch(images, 0);
    const double gloss = gt.train_epoch(images, 0);
    INFO("epoch loss: CPU " << closs << ", GPU " << gloss);
    CHECK(std::abs(gloss - closs) <= 1e-4 * closs);  // three steps, each within FP32 rounding
    const auto cz = encode_images(cm, images, 10);
    const auto gz = encode_images(gm, images, 10);
    // Three Adam steps amplify the gradients' relative rounding (~1e-6) at most to that of the
    // update, so the parameters and the latents stay within 1e-4 of each channel's scale.
    using Latent = Autoencoder<Arch, Cpu>::Latent;
    check_close(std::vector<float>(gz.data(), gz.data() + gz.numel()),
                std::vector<float>(cz.data(), cz.data() + cz.numel()), "latents", fp32_tolerance,
                nchw(Latent::c, Latent::size / Latent::c));
  }

  TEST_CASE("deterministic mode gives bit-identical training twice") {
    // Both modes without FFT/Winograd non-fused convolutions (see below); deterministic mode with
    // them is bit-reproducible too (the graph-replay tests run it).
    const cuda::Settings deterministic{.deterministic = true, .transform_algorithms = false};
    const auto a = three_steps<archs::vgg7<1>>(deterministic);
    const auto b = three_steps<archs::vgg7<1>>(deterministic);
    CHECK(bit_identical(a.losses, b.losses));
    CHECK(bit_identical(a.first_gradients, b.first_gradients));
    CHECK(bit_identical(a.parameters, b.parameters));
    CHECK(bit_identical(a.buffers, b.buffers));
    // The fastest-algorithm mode, without FFT/Winograd non-fused convolutions, computes the same
    // gradients within FP32 rounding. (With them -- the default -- the decoder's 5x5 layer's
    // Winograd error, ~5e-3 of a channel, grows through the encoder's BatchNorm backward passes,
    // which subtract channel means: on the H200 up to 10 % of a channel in vgg7's deepest encoder
    // gradients; the convolution tests check those algorithms layer by layer. Not the parameters
    // after Adam either: where a gradient is rounding noise -- the biases before BatchNorm -- Adam
    // moves the parameter by +-lr in either mode, with arbitrary sign.)
    const auto c = three_steps<archs::vgg7<1>>(cuda::Settings{.transform_algorithms = false});
    const auto noisy = three_steps<archs::vgg7<1>>(deterministic, true);
    CHECK_FALSE(c.transform);
    const double rtol = fp32_tolerance;
    for (const auto& e : a.state) {
      if (e.kind != TensorSpec::Kind::parameter) continue;
      const auto part = [&e](const std::vector<float>& v) {
        return std::vector<float>(v.begin() + e.offset, v.begin() + e.offset + e.numel);
      };
      const double noise = max_abs_diff(part(noisy.first_gradients), part(a.first_gradients));
      check_close(part(c.first_gradients), part(a.first_gradients),
                  "first gradient of " + e.name + ", fastest vs deterministic", rtol, channels_of(e),
                  noise_factor * noise);
    }
  }

  TEST_CASE("CUDA graph replays of the training step equal eager steps, bit for bit") {
    const auto eager = graph_steps<archs::vgg7<1>>(false);
    const auto graph = graph_steps<archs::vgg7<1>>(true);
    CHECK_FALSE(eager.captured);
    CHECK(graph.captured);
    MESSAGE("captured training step: " << graph.nodes << " graph nodes");
    CHECK(graph.nodes > 10);
    for (std::size_t i = 0; i < graph.losses.size(); ++i) {
      INFO("step " << i << ": eager " << eager.losses[i] << ", graph " << graph.losses[i]);
      CHECK(std::isfinite(graph.losses[i]));
      CHECK(graph.losses[i] == eager.losses[i]);
    }
    CHECK(bit_identical(graph.parameters, eager.parameters));
    CHECK(bit_identical(graph.buffers, eager.buffers));
    CHECK(bit_identical(graph.exp_avg, eager.exp_avg));
    CHECK(bit_identical(graph.exp_avg_sq, eager.exp_avg_sq));
    CHECK(graph.counters == eager.counters);
    CHECK(graph.adam_steps == 6);
    CHECK(eager.adam_steps == 6);
    CHECK(eager.counters.front() == 6);  // num_batches_tracked of the first BatchNorm
  }

  TEST_CASE("work that cannot be captured is refused with a clear error") {
    cuda::Context ctx(2);
    cuda::DeviceBuffer<float> x(16), w(9), y(16);
    std::vector<float> host(16, 1.0f);
    const ConvGeometry g{1, 1, 4, 4, 1, 4, 4, 3, 1, 1};
    {
      cuda::Capture capture(ctx);
      CHECK(ctx.capturing());
      CHECK_THROWS_WITH_AS(Cuda::upload(ctx, host.data(), x.data(), 16), doctest::Contains("captured"), Error);
      CHECK_THROWS_WITH_AS(Cuda::conv2d_forward(ctx, g, x.data(), w.data(), y.data()),
                           doctest::Contains("no cached algorithm"), Error);
    }  // abandoned
    CHECK_FALSE(ctx.capturing());
    Cuda::upload(ctx, host.data(), x.data(), 16);  // the stream works again
    CHECK(to_host(ctx, x) == host);
  }

}  // TEST_SUITE

TEST_SUITE("gpu") {
  TEST_CASE("the device-resident trainer trains as the Trainer does, bit for bit in deterministic mode") {
    using Arch = archs::baseline_bn<3>;
    using Model = Autoencoder<Arch, Cuda>;
    Rng rng(91);
    const auto images =
        random_images(rng, 45, 3);  // batches of 8: five full ones (graph replays after the first) and one of 5
    const TrainOptions o{.batch_size = 8, .adam = {.lr = 1e-3, .weight_decay = 1e-5}, .seed = 5};
    static_assert(std::is_same_v<trainer_for<Model>, cuda::DeviceTrainer<Model>>);
    struct Result {
      std::vector<double> losses;
      std::vector<float> parameters, buffers;
      std::vector<std::int64_t> counters;
      std::int64_t adam_steps = 0;
    };
    const auto train = [&](bool device_resident, bool use_graph) {
      cuda::Context ctx(2, {.deterministic = true});
      Model model(ctx, 6);
      Result r;
      const auto epochs = [&](auto& trainer) {
        for (int e = 0; e < 3; ++e) r.losses.push_back(trainer.train_epoch(images, e));
        r.adam_steps = trainer.optimizer().steps();
      };
      if (device_resident) {
        cuda::DeviceTrainer<Model> t(model, o, use_graph);
        epochs(t);
        CHECK(t.captured() == use_graph);
      } else {
        Trainer<Model> t(model, o);
        epochs(t);
      }
      r.parameters = all_parameters(model);
      r.buffers = all_buffers(model);
      r.counters.assign(model.counters().begin(), model.counters().end());
      return r;
    };
    const auto host = train(false, false), eager = train(true, false), graph = train(true, true);
    for (const auto* r : {&eager, &graph}) {
      INFO((r == &graph ? "graph" : "eager"));
      CHECK(r->losses == host.losses);
      CHECK(bit_identical(r->parameters, host.parameters));
      CHECK(bit_identical(r->buffers, host.buffers));
      CHECK(r->counters == host.counters);
      CHECK(r->adam_steps == host.adam_steps);
    }
    CHECK(host.adam_steps == 18);
    CHECK(host.counters.front() == 18);
  }

  TEST_CASE("options the device-resident loop does not implement are trained by Trainer, not ignored") {
    using Model = Autoencoder<archs::baseline_bn<1>, Cuda>;
    Rng rng(93);
    const auto images = random_images(rng, 20, 1);
    TrainOptions plain{.batch_size = 8, .adam = {.lr = 1e-3}, .seed = 5};
    CHECK(cuda::DeviceTrainer<Model>::runs_on_device(plain));
    std::vector<TrainOptions> levers(4, plain);
    levers[0].augment.flip = true;
    levers[1].schedule = {.kind = LrSchedule::Kind::cosine, .epochs = 2};
    levers[2].schedule.warmup_epochs = 1;
    levers[3].output_lr_factor = 0.1;
    const auto train = [&](const TrainOptions& o, bool device_trainer) {
      cuda::Context ctx(2, {.deterministic = true});
      Model model(ctx, 6);
      if (device_trainer) {
        cuda::DeviceTrainer<Model> t(model, o);
        for (int e = 0; e < 2; ++e) t.train_epoch(images, e);
        CHECK(!t.captured());
        CHECK(t.optimizer().steps() == 6);
      } else {
        Trainer<Model> t(model, o);
        for (int e = 0; e < 2; ++e) t.train_epoch(images, e);
      }
      return all_parameters(model);
    };
    const auto base = train(plain, true);
    for (std::size_t i = 0; i < levers.size(); ++i) {
      INFO("lever " << i);
      CHECK(!cuda::DeviceTrainer<Model>::runs_on_device(levers[i]));
      const auto ours = train(levers[i], true);
      CHECK(bit_identical(ours, train(levers[i], false)));
      CHECK(!bit_identical(ours, base));  // the lever changed the training
    }
  }

  TEST_CASE("encode_images runs the encoder only and gives the latents evaluate gives") {
    using Arch = archs::baseline<1>;
    cuda::Context ctx(2, {.deterministic = true});
    Autoencoder<Arch, Cuda> model(ctx, 8);
    Rng rng(92);
    const auto images = random_images(rng, 21, 1);
    const auto z = encode_images(model, images, 8);
    std::vector<float> want(static_cast<std::size_t>(z.numel()));
    const double mse =
        evaluate(model, images, 8, true, false,
                 [&](std::int64_t first, int, std::span<const float> latents, std::span<const float>) {
                   std::ranges::copy(latents, want.begin() + first * Autoencoder<Arch, Cuda>::latent_size);
                 });
    CHECK(std::isfinite(mse));
    CHECK(bit_identical(std::vector<float>(z.data(), z.data() + z.numel()), want));
    const double none = evaluate(
        model, images, 8, true, false, [](auto...) {}, Mode::eval, false);
    CHECK(std::isnan(none));  // no decoder run, no MSE
  }

}  // TEST_SUITE

TEST_SUITE("gpu") {
  // Small enough for compute-sanitizer's racecheck (scripts/gpu-check runs it under memcheck and
  // racecheck): baseline<1> at batch 4 in deterministic mode (no cudnnFind running every
  // algorithm under the tool): eager steps, a graph capture and a replay through TrainStepGraph,
  // then one epoch of DeviceTrainer (eager, capture, replay, a partial batch).
  TEST_CASE("sanitizer: a short training step") {
    using Model = Autoencoder<archs::baseline<1>, Cuda>;
    cuda::Context ctx(1, {.deterministic = true});
    Model model(ctx, 2);
    Adam<Cuda> adam(ctx, model.parameter_count(), {.lr = 1e-3});
    Rng rng(94);
    const auto images = random_images(rng, 10, 1);
    {
      cuda::TrainStepGraph<Model> steps(model, adam, images, 4);
      const std::vector<std::int64_t> idx{0, 3, 9, 2};
      for (int s = 0; s < 3; ++s) CHECK(std::isfinite(steps.step(idx)));
      CHECK(steps.captured());
    }
    cuda::DeviceTrainer<Model> trainer(model, {.batch_size = 4, .adam = {.lr = 1e-3}, .seed = 1});
    CHECK(std::isfinite(trainer.train_epoch(images, 0)));
    CHECK(trainer.captured());
  }

}  // TEST_SUITE
