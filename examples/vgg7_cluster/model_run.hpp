#pragma once
// Trains one model of a `run` and measures it as the assignment does: at every checkpoint the
// reconstruction MSE over all training images and the clustering accuracy of the validation
// set (clustered on its own); at the end the predictions (the training set clustered), the
// validation embedding and the reconstructions of the report's images.
#include "progress_bar.hpp"
#include "run_outcome.hpp"
#include "run_plan.hpp"
#include "training_run.hpp"

#include <aecluster/autoencoder.hpp>
#include <aecluster/checkpoint.hpp>
#include <aecluster/data/dataset.hpp>
#include <aecluster/io/atomic_file.hpp>
#include <aecluster/metrics.hpp>
#include <aecluster/pipeline.hpp>
#include <aecluster/training.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace vgg7 {

struct RunInputs {
  const aecluster::data::Dataset& train;
  const aecluster::data::Dataset& val;
  int clusters = 2;
  std::filesystem::path out;
  std::string data_text;
  const RunArgs& args;
};

namespace run_detail {

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Kernel PCA -> t-SNE -> k-means with progress bars for the long stages.
inline aecluster::ClusterResult cluster(const aecluster::Tensor<float>& latents, const RunInputs& in, aecluster::ThreadPool& pool,
                                        const std::string& what) {
  aecluster::ClusterConfig config;
  config.clusters = in.clusters;
  config.seed = in.args.seed;
  std::unique_ptr<ProgressBar> bar;
  std::string bar_stage;
  const aecluster::Progress progress = [&](std::string_view stage, std::int64_t done, std::int64_t total) {
    check_interrupt();
    if (bar_stage != stage) {
      bar = std::make_unique<ProgressBar>(what + " " + std::string(stage), total, stage == "tsne" ? "it" : "step");
      bar_stage = stage;
    }
    bar->update(done);
  };
  return aecluster::cluster(aecluster::linalg::as_matrix(latents, what), config, pool, progress);
}

inline std::filesystem::path metrics_file(const std::filesystem::path& dir) { return dir / "checkpoint_metrics.json"; }

inline nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
inline double number_or_nan(const nlohmann::json& j) { return j.is_number() ? j.get<double>() : not_measured; }

inline void save_metrics(const std::filesystem::path& dir, const std::map<int, CheckpointMetrics>& m) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& [epoch, c] : m)
    j.push_back({{"epoch", epoch}, {"train_loss", number_or_null(c.train_loss)}, {"train_mse", number_or_null(c.train_mse)},
                 {"val_accuracy", number_or_null(c.val_accuracy)}, {"val_nmi", number_or_null(c.val_nmi)}});
  aecluster::io::write_text_atomically(metrics_file(dir), j.dump(1) + "\n");
}

inline std::map<int, CheckpointMetrics> load_metrics(const std::filesystem::path& dir) {
  std::map<int, CheckpointMetrics> m;
  const auto path = metrics_file(dir);
  if (!std::filesystem::exists(path)) return m;
  try {
    const auto j = nlohmann::json::parse(aecluster::io::read_file(path, 1 << 24));
    for (const auto& e : j) {
      CheckpointMetrics c;
      c.epoch = e.at("epoch").get<int>();
      c.train_loss = number_or_nan(e.at("train_loss"));
      c.train_mse = number_or_nan(e.at("train_mse"));
      c.val_accuracy = number_or_nan(e.at("val_accuracy"));
      c.val_nmi = number_or_nan(e.at("val_nmi"));
      m[c.epoch] = c;
    }
  } catch (const std::exception& e) {
    // The metrics can be measured again from the checkpoints; a damaged file is not fatal.
    std::fprintf(stderr, "warning: ignoring %s: %s\n", path.string().c_str(), e.what());
    m.clear();
  }
  return m;
}

}  // namespace run_detail

template <class Device, class Arch>
ModelOutcome run_model(typename Device::Context& ctx, const ModelPlan& plan, const RunInputs& in) {
  using Model = aecluster::Autoencoder<Arch, Device>;
  ModelOutcome out;
  out.arch = plan.arch;
  out.epochs = plan.epochs;
  out.lr = plan.lr;
  auto& pool = ctx.pool();
  Model model(ctx, in.args.seed);
  const auto dir = in.out / plan.arch;
  const bool has_val_labels = in.val.has_labels();

  std::map<int, CheckpointMetrics> metrics = in.args.resume ? run_detail::load_metrics(dir) : std::map<int, CheckpointMetrics>{};
  double evaluate_seconds = 0;
  // Measures the model as it is now; keeps the validation clustering for the last checkpoint.
  auto evaluate = [&](int epoch, double train_loss) {
    const auto t0 = std::chrono::steady_clock::now();
    CheckpointMetrics c;
    c.epoch = epoch;
    c.train_loss = train_loss;
    c.train_mse = aecluster::reconstruction_mse(model, in.train.images);
    const auto latents = aecluster::encode_images(model, in.val.images);
    auto result = run_detail::cluster(latents, in, pool, plan.arch + " epoch " + std::to_string(epoch) + " validation");
    if (has_val_labels) {
      c.val_accuracy = aecluster::clustering_accuracy(result.labels.span(), in.val.labels->span());
      c.val_nmi = aecluster::normalized_mutual_info(result.labels.span(), in.val.labels->span());
    }
    if (epoch == plan.epochs) {
      out.val_embedding = std::move(result.embedding);
      out.val_clusters = std::move(result.labels);
      out.val_kl = result.kl_divergence;
    }
    metrics[epoch] = c;
    run_detail::save_metrics(dir, metrics);
    evaluate_seconds += run_detail::seconds_since(t0);
    std::fprintf(stderr, "%s checkpoint epoch %d/%d: train MSE %.5f", plan.arch.c_str(), epoch, plan.epochs, c.train_mse);
    if (has_val_labels) std::fprintf(stderr, ", validation accuracy %.4f, NMI %.4f", c.val_accuracy, c.val_nmi);
    std::fprintf(stderr, "\n");
  };

  TrainRunOptions o;
  o.epochs = plan.epochs;
  o.train = {.batch_size = in.args.batch, .adam = {.lr = plan.lr, .weight_decay = in.args.weight_decay}, .seed = in.args.seed};
  o.checkpoint_epochs = plan.checkpoint_epochs;
  o.out = dir;
  o.resume = in.args.resume;
  o.data = in.data_text + " (" + std::to_string(in.train.size()) + " training images)";
  if (!in.args.resume && !checkpoints_in(dir).empty())
    aecluster::fail(dir.string(), " already holds checkpoints of an earlier run: add --resume to continue it, or choose another --out");

  const auto t_train = std::chrono::steady_clock::now();
  const auto history = run_training(model, in.train.images, o, [&](int epoch, Model&, const std::vector<EpochRecord>& h) {
    evaluate(epoch, h.back().loss);
  });
  const double train_and_eval_seconds = run_detail::seconds_since(t_train);
  out.timings.push_back({plan.arch + ": training", train_and_eval_seconds - evaluate_seconds});

  // A resumed run measures the checkpoints an interruption left unmeasured, then returns to
  // the final weights.
  bool reloaded = false;
  for (int epoch : plan.checkpoint_epochs) {
    if (metrics.contains(epoch) && (epoch != plan.epochs || out.val_embedding.rank() == 2)) continue;
    aecluster::load_checkpoint(checkpoint_file(dir, epoch), model);
    evaluate(epoch, epoch <= static_cast<int>(history.size()) ? history[epoch - 1].loss : not_measured);
    reloaded = true;
  }
  if (reloaded) aecluster::load_checkpoint(checkpoint_file(dir, plan.epochs), model);
  out.timings.push_back({plan.arch + ": checkpoint evaluation", evaluate_seconds});
  for (int epoch : plan.checkpoint_epochs) out.checkpoints.push_back(metrics.at(epoch));
  const auto& last = out.checkpoints.back();
  out.val_accuracy = last.val_accuracy;
  out.val_nmi = last.val_nmi;

  // The predictions: the training set clustered, as the assignment submits them.
  auto t0 = std::chrono::steady_clock::now();
  const auto latents = aecluster::encode_images(model, in.train.images);
  auto train_result = run_detail::cluster(latents, in, pool, plan.arch + " training set");
  out.train_clusters = std::move(train_result.labels);
  out.train_kl = train_result.kl_divergence;
  if (in.train.has_labels()) {
    out.train_accuracy = aecluster::clustering_accuracy(out.train_clusters.span(), in.train.labels->span());
    out.train_nmi = aecluster::normalized_mutual_info(out.train_clusters.span(), in.train.labels->span());
  }
  out.timings.push_back({plan.arch + ": clustering the training set", run_detail::seconds_since(t0)});

  const auto picks = in.train.subset(report_image_indices());
  out.reconstructions = aecluster::reconstruct_images(model, picks.images);
  return out;
}

}  // namespace vgg7
