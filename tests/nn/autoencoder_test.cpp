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
