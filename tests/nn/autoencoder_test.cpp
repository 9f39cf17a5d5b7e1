#include <aecluster/cpu/backend.hpp>
#include <aecluster/nn/adam.hpp>
#include <aecluster/nn/autoencoder.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using namespace aecluster;

TEST_CASE("Autoencoder state follows PyTorch's state_dict names and sizes") {
  Cpu::Context ctx(1);
  Autoencoder<archs::vgg7<3>, Cpu> model(ctx, 1);
  const auto& s = model.state();
  REQUIRE(!s.empty());
  CHECK(s[0].name == "encoder.0.weight");
  CHECK(s[0].shape == Shape{64, 3, 3, 3});
  CHECK(s[2].name == "encoder.1.weight");
  CHECK(s[4].name == "encoder.1.running_mean");
  CHECK(s[6].name == "encoder.1.num_batches_tracked");
  CHECK(s[6].shape.rank() == 0);
  CHECK(s.back().name == "decoder.4.bias");
  CHECK(s.back().shape == Shape{3});
  // Parameter count as PyTorch reports it for this architecture.
  std::int64_t conv = 3 * 64 * 9 + 64 + 64 * 64 * 9 + 64 + 64 * 128 * 9 + 128 + 128 * 128 * 9 + 128 + 128 * 256 * 9 +
                      256 + 2 * (256 * 256 * 9 + 256);
  std::int64_t bn = 2 * (64 + 64 + 128 + 128 + 256 + 256 + 256);
  std::int64_t dec = 256 * 128 * 25 + 128 + 128 * 64 * 81 + 64 + 64 * 3 * 289 + 3;
  CHECK(model.parameter_count() == conv + bn + dec);
  CHECK(decltype(model)::latent_size == 4096);
}

TEST_CASE("A few Adam steps reduce the reconstruction loss") {
  Cpu::Context ctx(2);
  Autoencoder<archs::baseline<1>, Cpu> model(ctx, 3);
  Adam<Cpu> adam(ctx, model.parameter_count(), {.lr = 1e-3});
  Rng rng(5);
  const int n = 8;
  std::vector<float> x(n * 1024);
  for (auto& v : x) v = static_cast<float>(rng.uniform(-1, 1));
  const double first = model.forward_backward(x.data(), n);
  adam.step(model.parameters(), model.gradients());
  double last = first;
  for (int i = 0; i < 20; ++i) {
    last = model.forward_backward(x.data(), n);
    adam.step(model.parameters(), model.gradients());
  }
  CHECK(std::isfinite(last));
  CHECK(last < first);
}

TEST_CASE("The output layer's learning-rate factor scales exactly that layer's steps") {
  Cpu::Context ctx(2);
  using Model = Autoencoder<archs::baseline_bn<1>, Cpu>;
  Model reference(ctx, 3);
  const auto& state = reference.state();
  const std::int64_t first = last_layer_parameter_offset(state);
  // the decoder's last ConvTranspose2d (64 -> 1, 17x17) and its bias are the buffer's tail
  CHECK(state.back().name.starts_with("decoder."));
  CHECK(reference.parameter_count() - first == 64 * 1 * 17 * 17 + 1);
  for (const auto& e : state)
    if (e.kind == TensorSpec::Kind::parameter && e.offset >= first) CHECK(e.name.starts_with("decoder.4."));
  CHECK(last_layer_parameter_offset({}) == 0);

  Rng rng(5);
  const int n = 4;
  std::vector<float> x(n * 1024);
  for (auto& v : x) v = static_cast<float>(rng.uniform(-1, 1));
  auto train = [&](double factor, bool tail) {
    auto model = std::make_unique<Model>(ctx, 3);
    Adam<Cpu> adam(ctx, model->parameter_count(), {.lr = 1e-3});
    if (tail) adam.set_tail(first, factor);
    for (int i = 0; i < 3; ++i) {
      model->forward_backward(x.data(), n);
      adam.step(model->parameters(), model->gradients());
    }
    return std::vector<float>(model->parameters(), model->parameters() + model->parameter_count());
  };
  const auto plain = train(1.0, false);
  CHECK(train(1.0, true) == plain);  // a factor of 1 is plain Adam, bit for bit
  const auto slow = train(0.01, true);
  const std::vector<float> init(reference.parameters(), reference.parameters() + reference.parameter_count());
  double moved_plain = 0, moved_slow = 0;
  for (std::int64_t i = first; i < reference.parameter_count(); ++i) {
    moved_plain = std::max(moved_plain, double(std::abs(plain[i] - init[i])));
    moved_slow = std::max(moved_slow, double(std::abs(slow[i] - init[i])));
  }
  // Adam's step is about lr per weight: the output layer's weights move 100 times less
  CHECK(moved_slow > 0);
  CHECK(moved_slow < moved_plain / 20);
  // the rest trains at the full rate: after the first step (same gradients) it has moved as far
  double moved_head = 0;
  for (std::int64_t i = 0; i < first; ++i) moved_head = std::max(moved_head, double(std::abs(slow[i] - init[i])));
  CHECK(moved_head > moved_slow * 20);

  Adam<Cpu> adam(ctx, reference.parameter_count(), {.lr = 1e-3});
  CHECK_THROWS_AS(adam.set_tail(first, 0.0), Error);
  CHECK_THROWS_AS(adam.set_tail(reference.parameter_count() + 1, 0.5), Error);
}
