#pragma once
// Trains one model for a number of epochs with checkpoints (model + Adam state, written
// atomically) and exact resumption from the last complete checkpoint. Shared by the `train`
// and `run` subcommands.
#include "interrupt.hpp"
#include "progress_bar.hpp"

#include <aecluster/io/atomic_file.hpp>
#include <aecluster/nn/checkpoint.hpp>
#include <aecluster/nn/training.hpp>
#ifdef AECLUSTER_HAVE_CUDA
#include <aecluster/cuda/device_trainer.hpp>
#endif

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace vgg7 {

struct TrainRunOptions {
  int epochs = 1;
  aecluster::TrainOptions train;
  std::vector<int> checkpoint_epochs;  // 1-based epochs after which to save; the last epoch is always saved
  std::filesystem::path out;           // checkpoints go here
  bool resume = false;
  std::optional<std::filesystem::path> init;  // start from these weights (fresh optimiser)
  std::string data;                           // recorded in the metadata
  bool quiet = false;
};

struct EpochRecord {
  int epoch = 0;  // 1-based
  double loss = 0;
  double seconds = 0;
};

inline std::filesystem::path checkpoint_file(const std::filesystem::path& dir, int epoch) {
  char name[48];
  std::snprintf(name, sizeof name, "epoch_%04d.safetensors", epoch);
  return dir / name;
}

// Checkpoint epochs spread evenly over the run: `count` of them, the last at `epochs`.
inline std::vector<int> spread_checkpoints(int epochs, int count) {
  std::vector<int> out;
  count = std::clamp(count, 1, epochs);
  for (int i = 1; i <= count; ++i) {
    const int e = static_cast<int>((static_cast<long long>(epochs) * i + count - 1) / count);
    if (out.empty() || out.back() != e) out.push_back(e);
  }
  return out;
}
inline std::vector<int> every_n_epochs(int epochs, int n) {
  std::vector<int> out;
  if (n > 0)
    for (int e = n; e <= epochs; e += n) out.push_back(e);
  if (out.empty() || out.back() != epochs) out.push_back(epochs);
  return out;
}

// The completed checkpoint epochs in `dir`, newest first (model and optimiser file present).
inline std::vector<int> checkpoints_in(const std::filesystem::path& dir) {
  std::vector<int> epochs;
  if (!std::filesystem::is_directory(dir)) return epochs;
  static const std::regex pattern(R"(epoch_(\d{4,})\.safetensors)");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::smatch m;
    const auto name = entry.path().filename().string();
    if (std::regex_match(name, m, pattern) && std::filesystem::exists(aecluster::optimizer_path(entry.path())))
      epochs.push_back(std::stoi(m[1]));
  }
  std::sort(epochs.rbegin(), epochs.rend());
  return epochs;
}

// The settings that must match for a resumed run to continue the same run exactly.
inline std::map<std::string, std::string> run_identity(const TrainRunOptions& o) {
  std::map<std::string, std::string> id{{"seed", std::to_string(o.train.seed)},
                                        {"batch", std::to_string(o.train.batch_size)},
                                        {"lr", aecluster::format_double(o.train.adam.lr)},
                                        {"weight_decay", aecluster::format_double(o.train.adam.weight_decay)},
                                        {"shuffle", o.train.shuffle ? "1" : "0"},
                                        {"limit", std::to_string(o.train.limit)},
                                        {"data", o.data}};
  // only when used, so that checkpoints written before these levers existed still resume
  const auto& a = o.train.augment;
  if (a.active())
    id["augment"] = "crop " + std::to_string(a.crop_padding) + ", flip " + std::to_string(a.flip) + ", noise " +
                    aecluster::format_double(a.noise) + ", denoise " + std::to_string(a.denoise);
  if (o.train.schedule.kind != aecluster::LrSchedule::Kind::constant)
    id["lr_schedule"] = o.train.schedule.name() + " over " + std::to_string(o.train.schedule.epochs) + " epochs";
  if (o.train.schedule.warmup_epochs > 0) id["warmup_epochs"] = std::to_string(o.train.schedule.warmup_epochs);
  if (o.train.output_lr_factor != 1.0) id["output_lr_factor"] = aecluster::format_double(o.train.output_lr_factor);
  return id;
}

// A checkpoint of another run (another seed, learning rate, data...): continuing from it, or
// from an older checkpoint of the same folder, would not continue this run, so it stops the
// resume instead of being skipped as a damaged file is.
class ResumeMismatch : public aecluster::Error {
 public:
  using Error::Error;
};

namespace training_run_detail {

inline void require_same_run(const std::filesystem::path& path, const std::map<std::string, std::string>& meta,
                             const std::map<std::string, std::string>& identity) {
  for (const auto& [k, v] : identity) {
    const auto it = meta.find(k);
    if (it == meta.end() || it->second != v)
      throw ResumeMismatch(aecluster::detail::concat(path.string(), ": cannot resume: it was trained with ", k, " = '",
                                                     it == meta.end() ? "?" : it->second, "', this run has '", v, "'"));
  }
}

// The per-epoch losses a checkpoint of `epoch` records (their times are not kept).
inline std::vector<EpochRecord> recorded_history(const std::filesystem::path& path,
                                                 const std::map<std::string, std::string>& meta, int epoch) {
  std::vector<EpochRecord> history;
  std::istringstream losses(meta.count("loss_history") ? meta.at("loss_history") : "");
  std::string item;
  int e = 0;
  while (std::getline(losses, item, ',')) history.push_back({++e, std::stod(item), 0});
  aecluster::require(e == epoch, path.string(), ": its loss history has ", e, " epochs, expected ", epoch);
  return history;
}

// Loads the newest complete checkpoint of this run in o.out into the model and the optimiser,
// skipping damaged ones; returns its epoch (0: none) and fills `history`.
template <class Model, class Trainer>
int resume(Model& model, Trainer& trainer, const TrainRunOptions& o, const std::map<std::string, std::string>& identity,
           std::vector<EpochRecord>& history) {
  for (int epoch : checkpoints_in(o.out)) {
    const auto path = checkpoint_file(o.out, epoch);
    try {
      const auto meta = aecluster::load_checkpoint(path, model);
      require_same_run(path, meta, identity);
      aecluster::load_optimizer(aecluster::optimizer_path(path), model, trainer.optimizer());
      history = recorded_history(path, meta, epoch);
      if (!o.quiet)
        std::fprintf(stderr, "resuming %s from %s\n", std::string(Model::arch_name).c_str(), path.string().c_str());
      return epoch;
    } catch (const ResumeMismatch&) {
      throw;
    } catch (const aecluster::Error& e) {
      // A damaged newest checkpoint must not stop a resume from the one before it.
      std::fprintf(stderr, "warning: skipping checkpoint %s: %s\n", path.string().c_str(), e.what());
    }
  }
  if (!o.quiet) std::fprintf(stderr, "no checkpoint to resume in %s; starting afresh\n", o.out.string().c_str());
  return 0;
}

// One epoch with a live progress bar; returns its record.
template <class Model, class Trainer>
EpochRecord train_epoch(Trainer& trainer, const aecluster::Tensor<std::uint8_t>& images, int epoch,
                        const TrainRunOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<ProgressBar> live;
  const double loss = trainer.train_epoch(images, epoch - 1, [&](std::int64_t done, std::int64_t total, double mean) {
    check_interrupt();
    if (o.quiet) return;
    if (!live)
      live = std::make_unique<ProgressBar>(
          std::string(Model::arch_name) + " epoch " + std::to_string(epoch) + "/" + std::to_string(o.epochs), total,
          "batch");
    char buf[32] = "";
    if (std::isfinite(mean)) std::snprintf(buf, sizeof buf, "loss %.5f", mean);  // NaN on the GPU: read once per epoch
    live->update(done, buf);
  });
  if (live) live->finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!o.quiet) {
    const std::int64_t seen = o.train.limit > 0 ? std::min<std::int64_t>(o.train.limit, images.dim(0)) : images.dim(0);
    std::fprintf(stderr, "%s epoch %d/%d: loss %.6f (%.1f s, %.0f images/s)\n", std::string(Model::arch_name).c_str(),
                 epoch, o.epochs, loss, seconds, static_cast<double>(seen) / seconds);
  }
  return {epoch, loss, seconds};
}

// The model and optimiser files of `epoch`, the run's identity and loss history in their metadata.
template <class Model, class Trainer>
void save(Model& model, Trainer& trainer, const TrainRunOptions& o, const std::map<std::string, std::string>& identity,
          int epoch, const std::vector<EpochRecord>& history) {
  auto meta = identity;
  meta["epoch"] = std::to_string(epoch);
  std::string losses;
  for (const auto& r : history) losses += (losses.empty() ? "" : ",") + aecluster::format_double(r.loss);
  meta["loss_history"] = losses;
  const auto path = checkpoint_file(o.out, epoch);
  // The optimiser first: a model file without its optimiser file is never taken for a
  // complete checkpoint, so an interruption between the two writes is harmless.
  aecluster::save_optimizer(aecluster::optimizer_path(path), model, trainer.optimizer(), meta);
  aecluster::save_checkpoint(path, model, meta);
}

}  // namespace training_run_detail

// Trains `model` on `images`; calls on_checkpoint(epoch, model, history) after each checkpoint
// it saves (a resumed run's earlier checkpoints are the caller's to have kept). Returns the
// per-epoch records of the run, including those restored on resume.
template <class Model, class OnCheckpoint>
std::vector<EpochRecord> run_training(Model& model, const aecluster::Tensor<std::uint8_t>& images,
                                      const TrainRunOptions& o, OnCheckpoint&& on_checkpoint) {
  namespace detail = training_run_detail;
  aecluster::require(o.epochs > 0, "--epochs must be positive, got ", o.epochs);
  std::filesystem::create_directories(o.out);
  aecluster::trainer_for<Model> trainer(model, o.train);  // on the GPU: the data set on the device
  std::vector<EpochRecord> history;
  const auto identity = run_identity(o);
  const int start = o.resume ? detail::resume(model, trainer, o, identity, history) : 0;
  if (start == 0 && o.init) aecluster::load_checkpoint(*o.init, model);
  aecluster::require(start <= o.epochs, "the checkpoints in ", o.out.string(), " go to epoch ", start,
                     ", beyond --epochs ", o.epochs);
  for (int epoch = start + 1; epoch <= o.epochs; ++epoch) {
    history.push_back(detail::train_epoch<Model>(trainer, images, epoch, o));
    const bool save = epoch == o.epochs || std::find(o.checkpoint_epochs.begin(), o.checkpoint_epochs.end(), epoch) !=
                                               o.checkpoint_epochs.end();
    if (!save) continue;
    detail::save(model, trainer, o, identity, epoch, history);
    on_checkpoint(epoch, model, history);
  }
  return history;
}

}  // namespace vgg7
