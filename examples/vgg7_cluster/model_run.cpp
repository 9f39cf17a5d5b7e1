#include "model_run.hpp"

#include "checkpoint_metrics_json.hpp"
#include "cluster_options.hpp"
#include "interrupt.hpp"
#include "progress_bar.hpp"
#include "training_run.hpp"

#include <aecluster/cluster/metrics.hpp>
#include <aecluster/io/atomic_file.hpp>
#include <aecluster/pipeline.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>

namespace vgg7 {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::filesystem::path metrics_file(const std::filesystem::path& dir) { return dir / "checkpoint_metrics.json"; }

void save_metrics(const std::filesystem::path& dir, const std::map<int, CheckpointMetrics>& m) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& [epoch, c] : m) j.push_back(to_json(c));
  aecluster::io::write_text_atomically(metrics_file(dir), j.dump(1) + "\n");
}

std::map<int, CheckpointMetrics> load_metrics(const std::filesystem::path& dir) {
  std::map<int, CheckpointMetrics> m;
  const auto path = metrics_file(dir);
  if (!std::filesystem::exists(path)) return m;
  try {
    const auto j = nlohmann::json::parse(aecluster::io::read_file(path, 1 << 24));
    for (const auto& e : j) {
      const CheckpointMetrics c = checkpoint_metrics_from_json(e);
      m[c.epoch] = c;
    }
  } catch (const std::exception& e) {
    // The metrics can be measured again from the checkpoints; a damaged file is not fatal.
    std::fprintf(stderr, "warning: ignoring %s: %s\n", path.string().c_str(), e.what());
    m.clear();
  }
  return m;
}

}  // namespace

aecluster::ClusterResult cluster(const aecluster::Tensor<float>& latents, const RunInputs& in,
                                 aecluster::ThreadPool& pool, const std::string& what) {
  const aecluster::ClusterConfig config = cluster_config(in.args.clustering, in.clusters, in.seed);
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
  return aecluster::cluster(aecluster::linalg::as_matrix(latents, "latents"), config, pool, progress);
}

std::vector<StuckAttempt> load_restarts(const std::filesystem::path& dir) {
  std::vector<StuckAttempt> r;
  const auto path = dir / "restarts.json";
  if (!std::filesystem::exists(path)) return r;
  try {
    std::ifstream f(path);
    for (const auto& e : nlohmann::json::parse(f))
      r.push_back({e.at("epoch").get<int>(), e.at("train_mse").get<double>(), e.at("previous_mse").get<double>()});
  } catch (const std::exception& e) {
    aecluster::fail(path.string(), ": not a record of restarts (", e.what(), ")");
  }
  return r;
}

void save_restarts(const std::filesystem::path& dir, const std::vector<StuckAttempt>& restarts) {
  std::filesystem::create_directories(dir);
  aecluster::io::write_text_atomically(dir / "restarts.json", to_json(restarts).dump(1) + "\n");
}

ModelOutcome run_model(AnyModel& model, aecluster::ThreadPool& pool, const ModelPlan& plan, const RunInputs& in,
                       bool may_give_up) {
  ModelOutcome out;
  out.arch = plan.arch;
  out.epochs = plan.epochs;
  out.lr = plan.lr;
  out.seed = in.seed;
  const auto dir = in.dir;
  const bool has_val_labels = in.val.has_labels();

  std::map<int, CheckpointMetrics> metrics = in.args.resume ? load_metrics(dir) : std::map<int, CheckpointMetrics>{};
  out.constant_output_mse = in.constant_output_mse;
  double evaluate_seconds = 0;
  // Measures the model as it is now; keeps the validation clustering for the last checkpoint.
  auto evaluate = [&](int epoch, double train_loss) {
    const auto t0 = std::chrono::steady_clock::now();
    CheckpointMetrics c;
    c.epoch = epoch;
    c.train_loss = train_loss;
    c.train_mse = model.reconstruction_mse(in.train.images);
    if (may_give_up && c.train_mse >= out.constant_output_mse) {
      const auto before = metrics.lower_bound(epoch);
      if (before != metrics.begin() && c.train_mse >= 0.99 * std::prev(before)->second.train_mse)
        throw StuckRun{{epoch, c.train_mse, std::prev(before)->second.train_mse}};
    }
    const auto latents = model.encode(in.val.images, 256);
    auto result = cluster(latents, in, pool, plan.arch + " epoch " + std::to_string(epoch) + " validation");
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
    save_metrics(dir, metrics);
    evaluate_seconds += seconds_since(t0);
    std::fprintf(stderr, "%s checkpoint epoch %d/%d: train MSE %.5f", plan.arch.c_str(), epoch, plan.epochs,
                 c.train_mse);
    if (has_val_labels) std::fprintf(stderr, ", validation accuracy %.4f, NMI %.4f", c.val_accuracy, c.val_nmi);
    std::fprintf(stderr, "\n");
  };

  TrainRunOptions o;
  o.epochs = plan.epochs;
  o.train = {
      .batch_size = in.args.batch, .adam = {.lr = plan.lr, .weight_decay = in.args.weight_decay}, .seed = in.seed};
  o.train.augment = in.args.augment;
  o.train.schedule = {.kind = aecluster::lr_schedule_kind(in.args.lr_schedule),
                      .epochs = plan.epochs,
                      .final_factor = 0.0,
                      .step_every = std::max(1, plan.epochs / 3),
                      .step_factor = 0.1,
                      .warmup_epochs = in.args.warmup_epochs};
  o.train.output_lr_factor = in.args.output_lr_factor;
  o.checkpoint_epochs = plan.checkpoint_epochs;
  o.out = dir;
  o.resume = in.args.resume;
  o.data = in.data_text + " (" + std::to_string(in.train.size()) + " training images)";
  if (!in.args.resume && !checkpoints_in(dir).empty())
    aecluster::fail(
        dir.string(),
        " already holds checkpoints of an earlier run: add --resume to continue it, or choose another --out");

  const auto t_train = std::chrono::steady_clock::now();
  const auto history = model.train(
      in.train.images, o, [&](int epoch, const std::vector<EpochRecord>& h) { evaluate(epoch, h.back().loss); });
  const double train_and_eval_seconds = seconds_since(t_train);
  out.timings.push_back({plan.arch + ": training", train_and_eval_seconds - evaluate_seconds});

  // A resumed run measures the checkpoints an interruption left unmeasured, then returns to
  // the final weights.
  bool reloaded = false;
  for (int epoch : plan.checkpoint_epochs) {
    if (metrics.contains(epoch) && (epoch != plan.epochs || out.val_embedding.rank() == 2)) continue;
    model.load(checkpoint_file(dir, epoch));
    evaluate(epoch, epoch <= static_cast<int>(history.size()) ? history[epoch - 1].loss : not_measured);
    reloaded = true;
  }
  if (reloaded) model.load(checkpoint_file(dir, plan.epochs));
  out.timings.push_back({plan.arch + ": checkpoint evaluation", evaluate_seconds});
  for (int epoch : plan.checkpoint_epochs) out.checkpoints.push_back(metrics.at(epoch));
  const auto& last = out.checkpoints.back();
  out.val_accuracy = last.val_accuracy;
  out.val_nmi = last.val_nmi;
  if (!out.learned())
    std::fprintf(stderr,
                 "warning: %s (seed %llu) did not learn to reconstruct: its training MSE %.4f is not below %.4f, "
                 "what the average image gives (too few steps, or its output Tanh saturated early and never "
                 "recovered). Its clustering is that of a barely trained encoder; train longer or try another --seed "
                 "(--consensus leaves such runs out of its vote).\n",
                 plan.arch.c_str(), static_cast<unsigned long long>(in.seed), out.final_mse(), out.constant_output_mse);

  // The predictions: the training set clustered, as the assignment submits them (all of it, also
  // when the model trained on a part).
  auto t0 = std::chrono::steady_clock::now();
  const auto latents = model.encode(in.predict.images, 256);
  auto train_result = cluster(latents, in, pool, plan.arch + " training set");
  out.train_clusters = std::move(train_result.labels);
  out.train_kl = train_result.kl_divergence;
  if (in.predict.has_labels()) {
    out.train_accuracy = aecluster::clustering_accuracy(out.train_clusters.span(), in.predict.labels->span());
    out.train_nmi = aecluster::normalized_mutual_info(out.train_clusters.span(), in.predict.labels->span());
  }
  out.timings.push_back({plan.arch + ": clustering the training set (" + std::to_string(in.predict.size()) + " images)",
                         seconds_since(t0)});

  const auto picks = in.train.subset(report_image_indices());
  out.reconstructions = model.reconstruct(picks.images, 256);
  return out;
}

}  // namespace vgg7
