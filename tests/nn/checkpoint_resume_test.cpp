// Resuming a training run from its checkpoints (examples/vgg7_cluster/training_run.hpp).
#include <aecluster/cpu/backend.hpp>
#include <aecluster/nn/autoencoder.hpp>

#include <doctest/doctest.h>

#include <fstream>

#include "test_util.hpp"
#include "training_run.hpp"

using namespace aecluster;

TEST_CASE(
    "resume: another run's checkpoint stops it (ResumeMismatch); a damaged newest one falls back to the one before") {
  test::TempDir dir;
  Cpu::Context ctx(1);
  Tensor<std::uint8_t> images(Shape{4, 32, 32, 1});
  for (std::int64_t i = 0; i < images.numel(); ++i) images[i] = static_cast<std::uint8_t>(i * 37);
  vgg7::TrainRunOptions o;
  o.epochs = 2;
  o.train.batch_size = 2;
  o.checkpoint_epochs = {1, 2};
  o.out = dir.path();
  o.quiet = true;
  const auto ignore = [](int, auto&, const std::vector<vgg7::EpochRecord>&) {};
  Autoencoder<archs::baseline<1>, Cpu> model(ctx, 0);
  const auto first = vgg7::run_training(model, images, o, ignore);
  REQUIRE(first.size() == 2);

  o.resume = true;
  o.train.seed = 1;
  CHECK_THROWS_WITH_AS(vgg7::run_training(model, images, o, ignore), doctest::Contains("cannot resume"),
                       vgg7::ResumeMismatch);

  o.train.seed = 0;
  std::ofstream(vgg7::checkpoint_file(dir.path(), 2), std::ios::binary | std::ios::trunc) << "not a checkpoint";
  int saved = 0;
  const auto again = vgg7::run_training(model, images, o, [&](int epoch, auto&, const std::vector<vgg7::EpochRecord>&) {
    CHECK(epoch == 2);
    ++saved;
  });
  CHECK(saved == 1);
  REQUIRE(again.size() == 2);
  CHECK(again[0].loss == first[0].loss);
  CHECK(again[1].loss == first[1].loss);  // epoch 2 trained again from epoch 1's state: the same
}
