// vgg7_cluster train: trains one autoencoder and writes checkpoints PyTorch can load.
#include "any_model.hpp"
#include "commands.hpp"
#include "data_spec.hpp"
#include "device.hpp"
#include "training_run.hpp"

#include <aecluster/io/output_lock.hpp>

#include <cstdio>

namespace vgg7 {

namespace {

struct TrainArgs {
  std::string arch = "baseline";
  std::string data = "fashion-mnist";
  std::string channels = "auto";  // of images:DIR
  int epochs = 100;
  double lr = 1e-5;
  double weight_decay = 1e-5;
  int batch = 64;
  int checkpoint_every = 10;
  std::string out = "aecluster-train";
  std::uint64_t seed = 0;
  std::string init;
  bool no_shuffle = false;
  std::int64_t limit = 0;
  bool resume = false;
  int threads = 0;
  std::string device = "cpu";
  DeviceFlags flags;
};

void train(const TrainArgs& a) {
  with_device(
      a.device, a.threads,
      [&]<class Device>(typename Device::Context& ctx) {
        const auto spec = parse_data_spec(a.data, a.channels);
        const auto data = load_data(spec, ctx.pool());
        std::fprintf(stderr, "data: %s; %lld training images of %dx%dx%d\n", data.description.c_str(),
                     static_cast<long long>(data.train.size()), data.train.height(), data.train.width(),
                     data.train.channels());
        TrainRunOptions o;
        o.epochs = a.epochs;
        o.train = {.batch_size = a.batch,
                   .adam = {.lr = a.lr, .weight_decay = a.weight_decay},
                   .seed = a.seed,
                   .shuffle = !a.no_shuffle,
                   .limit = a.limit};
        o.checkpoint_epochs = every_n_epochs(a.epochs, a.checkpoint_every);
        o.out = a.out;
        o.resume = a.resume;
        if (!a.init.empty()) o.init = a.init;
        o.data = spec.text;
        const aecluster::io::OutputLock lock(a.out);  // one run per output folder
        const auto model = make_model<Device>(ctx, a.arch, data.train.channels(), a.seed);
        const auto history = model->train(data.train.images, o, [](int, const std::vector<EpochRecord>&) {});
        std::fprintf(stderr, "%s: %zu epochs, final loss %.6f; checkpoints in %s\n", a.arch.c_str(), history.size(),
                     history.empty() ? 0.0 : history.back().loss, a.out.c_str());
      },
      a.flags);
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto args = std::make_shared<TrainArgs>();
  auto* cmd = app.add_subcommand("train", "Train one autoencoder and write checkpoints (safetensors, PyTorch keys)");
  cmd->add_option("--arch", args->arch, "Architecture")
      ->check(CLI::IsMember(architecture_names()))
      ->capture_default_str();
  cmd->add_option("--data", args->data, "fashion-mnist[:DIR], hw9:DIR (trainX.npy ...) or images:DIR")
      ->capture_default_str();
  cmd->add_option("--channels", args->channels, channels_help)
      ->check(CLI::IsMember({"1", "3", "auto"}))
      ->capture_default_str();
  cmd->add_option("--epochs", args->epochs, "Epochs")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--lr", args->lr, "Adam learning rate")->check(CLI::NonNegativeNumber)->capture_default_str();
  cmd->add_option("--weight-decay", args->weight_decay, "Adam weight decay (L2, added to the gradient)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--batch", args->batch, "Batch size")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--checkpoint-every", args->checkpoint_every, "Save a checkpoint every N epochs (and after the last)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Output folder for checkpoints")->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the initialisation and the batch order")->capture_default_str();
  cmd->add_option("--init", args->init, "Start from this checkpoint's weights (fresh optimiser)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--no-shuffle", args->no_shuffle, "Visit the images in order every epoch");
  cmd->add_option("--limit", args->limit, "Train on the first N images only (0 = all)")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--resume", args->resume, "Continue from the last complete checkpoint in --out");
  cmd->add_option("--threads", args->threads, "CPU threads (0 = all cores); results do not depend on it")
      ->check(CLI::NonNegativeNumber);
  add_device_option(cmd, args->device, &args->flags);
  cmd->callback([args] { train(*args); });
}

}  // namespace vgg7
