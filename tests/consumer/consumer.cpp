// The README's "Using the library" example, built outside the project against the installed
// tree the way users build it (find_package(aecluster CONFIG)). Arguments: images and epochs,
// small by default so that the test suite runs it in seconds.
#include <aecluster/cluster/metrics.hpp>
#include <aecluster/cpu/backend.hpp>
#include <aecluster/data/fashion_mnist.hpp>
#include <aecluster/nn/adam.hpp>
#include <aecluster/nn/autoencoder.hpp>
#include <aecluster/nn/checkpoint.hpp>
#include <aecluster/nn/training.hpp>
#include <aecluster/pipeline.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

using namespace aecluster;

int main(int argc, char** argv) try {
  const std::int64_t images = argc > 1 ? std::atoll(argv[1]) : 300;
  const int epochs = argc > 2 ? std::atoi(argv[2]) : 1;

  // --- the README's example, with head(images) ---
  Cpu::Context ctx;                                         // the thread count is decided here (0 = all cores)
  Autoencoder<archs::vgg7<1>, Cpu> model(ctx, /*seed*/ 0);  // PyTorch's default initialisation
  const auto train = data::load_fashion_mnist(data::Split::train).head(images);
  Trainer trainer(model, {.batch_size = 64, .adam = {.lr = 1e-3, .weight_decay = 1e-5}, .seed = 0});
  for (int epoch = 0; epoch < epochs; ++epoch) trainer.train_epoch(train.images, epoch);
  save_checkpoint("vgg7.safetensors", model);  // loads in PyTorch with load_state_dict

  const Tensor<float> latents = encode_images(model, train.images);  // (N, 4096)
  ClusterConfig config;                                              // the assignment's defaults
  config.clusters = 10;
  const ClusterResult result = cluster(latents, config);  // labels, 2-D embedding, per-stage timings
  const double acc = clustering_accuracy(result.labels.span(), train.labels->span());
  // --- end of the example ---

  std::printf("images=%lld latents=(%lld, %lld) accuracy=%.3f checkpoint=%lld bytes\n", static_cast<long long>(images),
              static_cast<long long>(latents.dim(0)), static_cast<long long>(latents.dim(1)), acc,
              static_cast<long long>(std::filesystem::file_size("vgg7.safetensors")));
  // Ten balanced classes: a working pipeline is well above chance (0.1), whatever the data.
  return latents.dim(0) == images && latents.dim(1) == 4096 && acc > 0.2 ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
