// vgg7_cluster run (and vgg7_cluster with no arguments): the assignment end to end. Trains each
// architecture with checkpoints, measures every checkpoint, clusters the training set for the
// predictions, and writes the report (figures, predictions.csv, metrics.json, report.html).
#include "cluster_options.hpp"
#include "commands.hpp"
#include "data_spec.hpp"
#include "device.hpp"
#include "model_run.hpp"
#include "reference_run.hpp"
#include "run_plan.hpp"
#include "run_report.hpp"

#include <aecluster/cluster/consensus.hpp>
#include <aecluster/cluster/metrics.hpp>
#include <aecluster/io/output_lock.hpp>
#include <aecluster/nn/training.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <type_traits>
#include <utility>

namespace vgg7 {

namespace {

// Per architecture, the seeds' clusterings of the validation set and of the predicted images
// combined by aligned-label voting. A run that did not learn to reconstruct clusters with an
// untrained encoder's features; it votes only when no run of that architecture learned.
std::vector<ConsensusOutcome> seed_consensus(const RunSummary& s) {
  std::vector<ConsensusOutcome> out;
  for (const auto& arch : s.args.archs) {
    const bool any_learned =
        std::ranges::any_of(s.models, [&](const ModelOutcome& m) { return m.arch == arch && m.learned(); });
    std::vector<aecluster::Tensor<std::int64_t>> val, train;
    ConsensusOutcome c;
    for (const auto& m : s.models)
      if (m.arch == arch && (m.learned() || !any_learned)) {
        val.push_back(m.val_clusters), train.push_back(m.train_clusters);
        c.voters.push_back(m.seed);
      }
    c.arch = arch;
    c.train_clusters = aecluster::consensus_vote(train, s.clusters).labels;
    if (s.val.has_labels())
      c.val_accuracy = aecluster::clustering_accuracy(aecluster::consensus_vote(val, s.clusters).labels.span(),
                                                      s.val.labels->span());
    if (s.predict.has_labels())
      c.train_accuracy = aecluster::clustering_accuracy(c.train_clusters.span(), s.predict.labels->span());
    out.push_back(std::move(c));
  }
  return out;
}

// Trains and measures one model; an attempt stuck at the constant output (StuckRun) is abandoned,
// its folder emptied, and the model starts again from the next initialisation seed, at most
// --restarts times. Only the initialisation changes: the same seed still gives the same files.
template <class Device>
ModelOutcome run_with_restarts(typename Device::Context& ctx, const ModelPlan& m, const RunInputs& in, int channels) {
  std::vector<StuckAttempt> stuck = in.args.resume ? load_restarts(in.dir) : std::vector<StuckAttempt>{};
  for (;;) {
    const auto init_seed = attempt_init_seed(in.seed, stuck.size());
    const auto model = make_model<Device>(ctx, m.arch, channels, init_seed);
    try {
      auto out = run_model(*model, ctx.pool(), m, in, std::cmp_less(stuck.size(), in.args.restarts));
      out.restarts = stuck;
      out.init_seed = init_seed;
      return out;
    } catch (const StuckRun& s) {
      stuck.push_back(s.attempt);
      std::fprintf(stderr,
                   "%s (seed %llu) is stuck at the constant output: training MSE %.4f at epoch %d, %.4f at the "
                   "checkpoint before (its output Tanh saturated). Starting again from another initialisation "
                   "(restart %zu of at most %d).\n",
                   m.arch.c_str(), static_cast<unsigned long long>(in.seed), s.attempt.train_mse, s.attempt.epoch,
                   s.attempt.previous_mse, stuck.size(), in.args.restarts);
      std::filesystem::remove_all(in.dir);
      save_restarts(in.dir, stuck);
    }
  }
}

void run(const RunArgs& a) {
  const auto t_start = std::chrono::steady_clock::now();
  // Refuse bad arguments before anything is loaded or written.
  make_plan(a, false);
  const auto spec = parse_data_spec(a.data, a.channels);
  with_device(
      a.device, a.threads,
      [&]<class Device>(typename Device::Context& ctx) {
        const bool on_gpu = !std::is_same_v<Device, aecluster::Cpu>;
        const RunPlan plan = make_plan(a, on_gpu);
        auto t0 = std::chrono::steady_clock::now();
        auto data = load_data(spec, ctx.pool());
        const auto predict = plan.predict_images > 0 && plan.predict_images < data.train.size()
                                 ? data.train.head(plan.predict_images)
                                 : data.train;
        // A folder of images is in sorted path order, class sub-folder after class sub-folder: its
        // subsets are spread over it, or the first N would hold the first classes only. The other
        // sources come in their own order and keep the assignment's first N.
        const auto take = [sorted = spec.kind == DataSpec::Kind::images](const aecluster::data::Dataset& d,
                                                                         std::int64_t n) {
          return sorted ? d.spread(n) : d.head(n);
        };
        auto train = plan.train_images > 0 && plan.train_images < data.train.size()
                         ? take(data.train, plan.train_images)
                         : std::move(data.train);
        aecluster::data::Dataset val;
        if (data.val)
          val = plan.val_images > 0 && plan.val_images < data.val->size() ? take(*data.val, plan.val_images)
                                                                          : std::move(*data.val);
        else
          val = train;  // no labelled validation set: the training images, without accuracy
        aecluster::require(train.size() > report_image_indices().back(), spec.text, ": needs at least ",
                           report_image_indices().back() + 1, " training images (the report shows image ",
                           report_image_indices().back(), "), got ", train.size());
        aecluster::require(val.channels() == train.channels(), spec.text, ": validation images have ", val.channels(),
                           " channels, training images ", train.channels());
        int clusters = a.clusters.value_or(val.has_labels()     ? val.num_classes()
                                           : train.has_labels() ? train.num_classes()
                                                                : 0);
        aecluster::require(clusters >= 1, spec.text,
                           ": the images have no labels, so give the number of clusters with --clusters");
        std::vector<Timing> timings{
            {"loading the data", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}};
        std::fprintf(stderr,
                     "data: %s; training on %lld images of %dx%dx%d, validating on %lld, predicting %lld, %d clusters; "
                     "preset %s\n",
                     data.description.c_str(), static_cast<long long>(train.size()), train.height(), train.width(),
                     train.channels(), static_cast<long long>(val.size()), static_cast<long long>(predict.size()),
                     clusters, plan.preset.c_str());

        std::filesystem::create_directories(a.out);
        const aecluster::io::OutputLock lock(a.out);  // one run per output folder
        RunSummary summary{a,
                           plan,
                           describe_device(on_gpu, ctx.pool().size(), a.flags),
                           data.description,
                           train,
                           val,
                           predict,
                           clusters,
                           {},
                           {},
                           {},
                           {}};
        const double constant_mse = aecluster::constant_output_mse(train.images);
        const ClusteringOn<Device> clustering_on(ctx);  // on the GPU: Kernel PCA's kernel matrix there
        // One seed keeps the single-run layout (<out>/<arch>/); several get <out>/seed_<s>/<arch>/.
        for (const std::uint64_t seed : plan.seeds) {
          const std::filesystem::path base = plan.seeds.size() > 1
                                                 ? std::filesystem::path(a.out) / ("seed_" + std::to_string(seed))
                                                 : std::filesystem::path(a.out);
          for (const auto& m : plan.models) {
            const RunInputs inputs{train,     val, predict, clusters,      a.out,
                                   spec.text, a,   seed,    base / m.arch, constant_mse};
            summary.models.push_back(run_with_restarts<Device>(ctx, m, inputs, train.channels()));
          }
        }
        if (a.consensus && plan.seeds.size() > 1) summary.consensus = seed_consensus(summary);
        if (a.references && val.has_labels()) {
          const RunInputs inputs{train, val,         predict, clusters, a.out, spec.text, a, plan.seeds.front(),
                                 {},    constant_mse};
          summary.references = measure_references<Device>(ctx, plan, inputs, summary.timings);
        }
        t0 = std::chrono::steady_clock::now();
        const auto files = write_run_outputs(summary);
        summary.timings.push_back(
            {"writing the report", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
        summary.timings.insert(summary.timings.begin(), timings.begin(), timings.end());
        std::fprintf(stderr, "%s", summary_text(summary).c_str());
        std::fprintf(stderr, "report: %s (%zu files, %.0f s in all)\n",
                     (std::filesystem::path(a.out) / "report.html").string().c_str(), files.size(),
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count());
      },
      a.flags);
}

}  // namespace

void add_run_command(CLI::App& app, std::vector<std::string> command_line) {
  auto args = std::make_shared<RunArgs>();
  args->command_line = std::move(command_line);
  auto* cmd = app.add_subcommand(
      "run", "The assignment end to end: train, measure every checkpoint, cluster, write the report");
  cmd->add_option("--data", args->data, "fashion-mnist[:DIR], hw9:DIR (trainX.npy, valX.npy, valY.npy) or images:DIR")
      ->capture_default_str();
  cmd->add_option("--channels", args->channels, channels_help)
      ->check(CLI::IsMember({"1", "3", "auto"}))
      ->capture_default_str();
  cmd->add_option("--arch", args->archs, "Architectures, in order (" + architecture_list() + ")")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--seeds", args->seeds,
                  "Train and cluster every model once per seed (e.g. 0,1,2); the report gives mean +- sd")
      ->delimiter(',');
  cmd->add_option(
         "--predict-images", args->predict_images,
         "Images of the training set clustered for predictions.csv (0 = all; default: all, or the training subset "
         "for fashion-mnist)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("!--no-references", args->references,
                "Skip the reference rows: the validation set clustered on its raw pixels and on each architecture's "
                "untrained network (what training has to beat)");
  cmd->add_flag("--consensus", args->consensus,
                "With several seeds: also combine their clusterings by aligned-label voting");
  cmd->add_option("--crop-padding", args->augment.crop_padding,
                  "Augmentation: random shifts of up to N pixels (a crop of the padded image)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_flag("--flip", args->augment.flip, "Augmentation: random horizontal flips");
  cmd->add_option("--noise", args->augment.noise,
                  "Augmentation: Gaussian noise of this standard deviation (inputs in [-1, 1])")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_flag("--denoise", args->augment.denoise,
                "With --noise: a denoising autoencoder (noisy input, clean target)");
  cmd->add_option(
         "--lr-schedule", args->lr_schedule,
         "Learning-rate schedule: constant, cosine (to 0 at the last step) or step (x0.1 every third of the epochs)")
      ->check(CLI::IsMember({"constant", "cosine", "step"}))
      ->capture_default_str();
  cmd->add_option("--restarts", args->restarts,
                  "A model stuck at the constant output (training MSE not below the average image's and not falling "
                  "between two checkpoints: its output Tanh saturated) starts again from another initialisation, at "
                  "most N times")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  cmd->add_option("--warmup-epochs", args->warmup_epochs,
                  "Learning rate rises linearly from ~0 over the first N epochs")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--output-lr-factor", args->output_lr_factor,
                  "The decoder's output layer learns at this multiple of the learning rate (below 1: its Tanh "
                  "does not saturate in the first steps)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_cluster_options(cmd, args->clustering);
  cmd->add_option(
         "--preset", args->preset,
         "quick: a subset, 10 epochs at lr 1e-3 (minutes on a CPU); paper: the report's settings on all data, lr 8e-6 "
         "for 250 epochs (baseline) and 7e-6 for 200 (BatchNorm models). Default: quick on the CPU, paper on a GPU")
      ->check(CLI::IsMember({"quick", "paper"}));
  cmd->add_option("--epochs", args->epochs, "Epochs for every model (default: the preset's)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--lr", args->lr, "Adam learning rate for every model (default: the preset's)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--weight-decay", args->weight_decay, "Adam weight decay")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--batch", args->batch, "Batch size")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--clusters", args->clusters, "Clusters (default: the number of classes of the validation labels)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--checkpoints", args->checkpoints,
                  "Checkpoints per model, spread over the epochs (default: 5 quick, 10 paper)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--train-images", args->train_images,
                  "Use the first N training images (0 = all; default: the preset's)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--val-images", args->val_images,
                  "Use the first N validation images (0 = all; default: the preset's)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", args->seed, "Seed of everything random; the same seed gives the same files on the CPU")
      ->capture_default_str();
  add_device_option(cmd, args->device, &args->flags);
  cmd->add_option("--out", args->out, "Output folder")->capture_default_str();
  cmd->add_flag("--resume", args->resume, "Continue the run in --out from its last complete checkpoints");
  cmd->add_option("--threads", args->threads, "CPU threads (0 = all cores); results do not depend on it")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args] { run(*args); });
}

void run_main_job(std::vector<std::string> command_line) {
  RunArgs args;
  args.command_line = std::move(command_line);
  args.resume = true;  // running the main job again continues (or just re-reports) the last one
  run(args);
}

}  // namespace vgg7
