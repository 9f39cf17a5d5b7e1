#include "run_report.hpp"

#include "checkpoint_metrics_json.hpp"
#include "cluster_options.hpp"
#include "report/figures.hpp"
#include "report/format.hpp"
#include "report/html_report.hpp"

#include <aecluster/data/preprocess.hpp>
#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>
#include <aecluster/version.hpp>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace vgg7 {

namespace {

std::string percent_or_dash(double v) { return std::isfinite(v) ? report::format_percent(v, 2) : "-"; }
std::string fixed_or_dash(double v, int decimals) { return std::isfinite(v) ? report::format_fixed(v, decimals) : "-"; }

// The first seed's runs: the figures, predictions_<arch>.csv and metrics.json's "models" show these.
std::vector<const ModelOutcome*> first_seed(const RunSummary& s) {
  std::vector<const ModelOutcome*> out;
  for (const auto& m : s.models)
    if (m.seed == s.models.front().seed) out.push_back(&m);
  return out;
}

std::string mean_sd_text(const std::vector<double>& v) {
  const auto [mean, sd] = mean_sd(v);
  if (!std::isfinite(mean)) return "-";
  std::string t = report::format_percent(mean, 1);
  if (v.size() > 1) t += " +- " + report::format_fixed(100 * sd, 1);
  return t;
}

std::string seed_label(const RunSummary& s, const ModelOutcome& m) {
  return s.plan.seeds.size() > 1 ? m.arch + " (seed " + std::to_string(m.seed) + ")" : m.arch;
}

std::string predictions_csv(const aecluster::Tensor<std::int64_t>& labels) {
  std::string csv = "id,label\n";
  for (std::int64_t i = 0; i < labels.numel(); ++i) csv += std::to_string(i) + "," + std::to_string(labels[i]) + "\n";
  return csv;
}

std::string build_info() {
  std::ostringstream s;
  s << "aecluster " << aecluster::version << ", "
    <<
#if defined(__clang__)
      "clang " << __clang_major__ << "." << __clang_minor__
#elif defined(__GNUC__)
      "g++ " << __GNUC__ << "." << __GNUC_MINOR__
#else
      "unknown compiler"
#endif
    << ", Eigen " << EIGEN_WORLD_VERSION << "." << EIGEN_MAJOR_VERSION << "." << EIGEN_MINOR_VERSION;
  return s.str();
}

nlohmann::json metrics_json(const RunSummary& s) {
  nlohmann::json j;
  j["aecluster_version"] = aecluster::version;
  j["build"] = build_info();
  j["device"] = s.device;
  j["seed"] = s.plan.seeds.front();
  j["command_line"] = s.args.command_line;
  j["settings"] = {{"data", s.args.data},
                   {"data_description", s.data_description},
                   {"preset", s.plan.preset},
                   {"training_images", s.train.size()},
                   {"validation_images", s.val.size()},
                   {"clusters", s.clusters},
                   {"batch", s.args.batch},
                   {"weight_decay", s.args.weight_decay},
                   {"checkpoints", s.plan.checkpoints},
                   {"predicted_images", s.predict.size()},
                   {"augment",
                    {{"crop_padding", s.args.augment.crop_padding},
                     {"flip", s.args.augment.flip},
                     {"noise", s.args.augment.noise},
                     {"denoise", s.args.augment.denoise}}},
                   {"lr_schedule", s.args.lr_schedule},
                   {"warmup_epochs", s.args.warmup_epochs},
                   {"output_lr_factor", s.args.output_lr_factor},
                   {"clustering", describe(s.args.clustering)}};
  auto model_json = [](const ModelOutcome& m) {
    nlohmann::json cps = nlohmann::json::array();
    for (const auto& c : m.checkpoints) cps.push_back(to_json(c));
    return nlohmann::json{{"epochs", m.epochs},
                          {"seed", m.seed},
                          {"lr", m.lr},
                          {"checkpoints", cps},
                          {"final",
                           {{"val_accuracy", number_or_null(m.val_accuracy)},
                            {"val_nmi", number_or_null(m.val_nmi)},
                            {"train_accuracy", number_or_null(m.train_accuracy)},
                            {"train_nmi", number_or_null(m.train_nmi)},
                            {"val_kl_divergence", number_or_null(m.val_kl)},
                            {"train_kl_divergence", number_or_null(m.train_kl)}}},
                          {"predictions", "predictions_" + m.arch + ".csv"},
                          {"constant_output_mse", number_or_null(m.constant_output_mse)},
                          {"learned", m.learned()},
                          {"init_seed", m.init_seed},
                          {"restarts", to_json(m.restarts)}};
  };
  nlohmann::json models = nlohmann::json::object();
  for (const auto* m : first_seed(s)) models[m->arch] = model_json(*m);
  j["models"] = models;
  j["seeds"] = s.plan.seeds;
  // every seed's figures, and per architecture the mean and standard deviation over the seeds
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& m : s.models) runs.push_back({{"seed", m.seed}, {"arch", m.arch}, {"model", model_json(m)}});
  j["runs"] = runs;
  nlohmann::json summary = nlohmann::json::object();
  for (const auto& a : arch_stats(s)) {
    const auto [vm, vs] = mean_sd(a.val_accuracy);
    const auto [tm, ts] = mean_sd(a.train_accuracy);
    summary[a.arch] = {
        {"seeds", a.val_accuracy.size()},          {"val_accuracy", a.val_accuracy},
        {"val_accuracy_mean", number_or_null(vm)}, {"val_accuracy_sd", number_or_null(vs)},
        {"train_accuracy", a.train_accuracy},      {"train_accuracy_mean", number_or_null(tm)},
        {"train_accuracy_sd", number_or_null(ts)}, {"published_accuracy", number_or_null(published_accuracy(a.arch))}};
  }
  j["summary"] = summary;
  nlohmann::json consensus = nlohmann::json::object();
  for (const auto& c : s.consensus)
    consensus[c.arch] = {{"val_accuracy", number_or_null(c.val_accuracy)},
                         {"train_accuracy", number_or_null(c.train_accuracy)},
                         {"predictions", "predictions_" + c.arch + "_consensus.csv"},
                         {"voting_seeds", c.voters}};
  j["consensus"] = consensus;
  nlohmann::json references = nlohmann::json::array();
  for (const auto& r : s.references)
    references.push_back({{"features", r.untrained_network ? "untrained network" : "raw pixels"},
                          {"arch", r.untrained_network ? nlohmann::json(r.name) : nlohmann::json(nullptr)},
                          {"seed", s.plan.seeds.front()},
                          {"val_accuracy", number_or_null(r.val_accuracy)},
                          {"val_nmi", number_or_null(r.val_nmi)}});
  j["references"] = references;
  j["best_model"] = best_model(s).arch;
  // Times vary from run to run; everything above does not (for a given seed on the CPU).
  nlohmann::json timings = nlohmann::json::array();
  for (const auto& t : s.timings) timings.push_back({{"stage", t.stage}, {"seconds", t.seconds}});
  for (const auto& m : s.models)
    for (const auto& t : m.timings) timings.push_back({{"stage", t.stage}, {"seconds", t.seconds}});
  j["timings"] = timings;
  return j;
}

std::vector<std::string> class_names(const aecluster::data::Dataset& d) { return d.class_names; }

}  // namespace

std::pair<double, double> mean_sd(const std::vector<double>& v) {
  double sum = 0, sq = 0;
  int n = 0;
  for (double x : v)
    if (std::isfinite(x)) sum += x, ++n;
  if (n == 0) return {not_measured, not_measured};
  const double mean = sum / n;
  for (double x : v)
    if (std::isfinite(x)) sq += (x - mean) * (x - mean);
  return {mean, n > 1 ? std::sqrt(sq / (n - 1)) : 0.0};
}

double published_accuracy(const std::string& arch) {
  // seed-hw9-report.txt: Kaggle accuracy on the assignment's private test data
  if (arch == "baseline") return 0.75576;
  if (arch == "baseline_bn") return 0.78705;
  if (arch == "vgg7") return 0.84752;
  return not_measured;
}

std::vector<ArchStats> arch_stats(const RunSummary& s) {
  std::vector<ArchStats> out;
  for (const auto& m : s.models) {
    auto it = std::find_if(out.begin(), out.end(), [&](const ArchStats& a) { return a.arch == m.arch; });
    if (it == out.end()) {
      out.push_back({m.arch, m.epochs, m.lr, {}, {}, {}});
      it = out.end() - 1;
    }
    it->val_accuracy.push_back(m.val_accuracy);
    it->train_accuracy.push_back(m.train_accuracy);
    it->train_mse.push_back(m.checkpoints.empty() ? not_measured : m.checkpoints.back().train_mse);
  }
  return out;
}

// "Restarted: baseline_bn seed 4 (stuck at epoch 4 ...)." or "".
std::string restarted_text(const RunSummary& s) {
  std::string runs;
  for (const auto& m : s.models)
    for (const auto& r : m.restarts)
      runs += (runs.empty() ? "" : "; ") + m.arch + " seed " + std::to_string(m.seed) + " (stuck at epoch " +
              std::to_string(r.epoch) + ", training MSE " + report::format_fixed(r.train_mse, 4) + ")";
  if (runs.empty()) return runs;
  return "Started again from another initialisation: " + runs +
         ". Their output Tanh had saturated in the first steps, leaving them at the constant output; the figures "
         "above are those of the attempt that followed (--restarts; its initialisation seed is in metrics.json).";
}

// "Did not learn: baseline_bn seed 4 (training MSE 0.6300, the average image's 0.3550). ..." or "".
std::string not_learned_text(const RunSummary& s) {
  std::string runs;
  for (const auto& m : s.models)
    if (!m.learned())
      runs += (runs.empty() ? "" : "; ") + m.arch + " seed " + std::to_string(m.seed) + " (training MSE " +
              report::format_fixed(m.final_mse(), 4) + ", the average image's " +
              report::format_fixed(m.constant_output_mse, 4) + ")";
  if (runs.empty()) return runs;
  return "Did not learn to reconstruct: " + runs +
         ". Either it trained for too few steps, or (as with one of five seeds of baseline_bn in the default run) its "
         "output Tanh saturated early in training and never recovered; either way its clustering is that of a barely "
         "trained encoder, not of a trained model. Train longer or try another seed; --consensus leaves such runs out "
         "of its vote.";
}

const ModelOutcome& best_model(const RunSummary& s) {
  aecluster::require(!s.models.empty(), "no model was trained");
  std::string best_arch = s.models.back().arch;
  double best = not_measured;
  for (const auto& a : arch_stats(s)) {
    const double mean = mean_sd(a.val_accuracy).first;
    if (std::isfinite(mean) && (!std::isfinite(best) || mean > best)) best = mean, best_arch = a.arch;
  }
  for (const auto* m : first_seed(s))
    if (m->arch == best_arch) return *m;
  return s.models.back();
}

std::vector<std::filesystem::path> write_run_outputs(const RunSummary& s) {
  const std::filesystem::path out = s.args.out;
  std::vector<std::filesystem::path> written;
  auto wrote = [&](const std::filesystem::path& p) { written.push_back(p); };

  for (const auto* m : first_seed(s)) {
    const auto p = out / ("predictions_" + m->arch + ".csv");
    aecluster::io::write_text_atomically(p, predictions_csv(m->train_clusters));
    wrote(p);
  }
  for (const auto& c : s.consensus) {
    const auto p = out / ("predictions_" + c.arch + "_consensus.csv");
    aecluster::io::write_text_atomically(p, predictions_csv(c.train_clusters));
    wrote(p);
  }
  const auto& best = best_model(s);
  aecluster::io::write_text_atomically(out / "predictions.csv", predictions_csv(best.train_clusters));
  wrote(out / "predictions.csv");

  // Q1: the validation images in 2-D, coloured by their true label, one figure per model.
  const bool labelled = s.val.has_labels();
  for (const auto* mp : first_seed(s)) {
    const auto& m = *mp;
    report::EmbeddingPanel panel;
    panel.title = m.arch + ": validation set, t-SNE of the latents";
    if (std::isfinite(m.val_accuracy)) panel.title += " (accuracy " + report::format_percent(m.val_accuracy, 1) + ")";
    panel.points = m.val_embedding.span();
    if (labelled) {
      panel.labels = s.val.labels->span();
      panel.class_names = class_names(s.val);
    }
    const auto p = out / ("embedding_" + m.arch + ".png");
    report::write_embedding_png(p, {panel});
    wrote(p);
  }

  // Q2: the report's training images above each model's reconstructions.
  const auto picks = s.train.subset(report_image_indices());
  const int c = s.train.channels(), h = s.train.height(), w = s.train.width();
  const int count = static_cast<int>(report_image_indices().size());
  std::vector<report::ImageRow> rows{report::image_row("original", picks.images.span(), count, h, w, c)};
  for (const auto* m : first_seed(s))
    rows.push_back(report::image_row_from_nchw(m->arch, m->reconstructions.span(), count, c, h, w));
  std::vector<std::string> columns;
  for (auto i : report_image_indices()) columns.push_back("#" + std::to_string(i));
  report::write_reconstructions_png(out / "reconstructions.png", rows, columns,
                                    "Training images and their reconstructions");
  wrote(out / "reconstructions.png");

  // Q3: MSE over all training images and validation accuracy at every checkpoint.
  std::vector<report::CurveSeries> series;
  for (const auto& m : s.models) {
    report::CurveSeries cs;
    cs.model = seed_label(s, m);
    for (const auto& cp : m.checkpoints) {
      cs.epoch.push_back(cp.epoch);
      cs.mse.push_back(cp.train_mse);
      cs.accuracy.push_back(cp.val_accuracy);
    }
    series.push_back(cs);
  }
  report::write_checkpoints_png(out / "checkpoints.png", series);
  wrote(out / "checkpoints.png");

  aecluster::io::write_text_atomically(out / "metrics.json", metrics_json(s).dump(2) + "\n");
  wrote(out / "metrics.json");

  // The page.
  report::HtmlReport page("Clustering images with convolutional autoencoders",
                          s.data_description + " - " + std::to_string(s.clusters) + " clusters");
  page.add_section("Accuracy before and after the improvement");
  const auto stats = arch_stats(s);
  const std::size_t seeds = s.plan.seeds.size();
  const double reference = stats.empty() ? not_measured : mean_sd(stats.front().val_accuracy).first;
  const bool leaderboard = s.predict.has_labels();
  std::vector<std::vector<std::string>> table;
  for (const auto& a : stats) {
    const double mean = mean_sd(a.val_accuracy).first;
    const double gain = 100 * (mean - reference);
    const double published = published_accuracy(a.arch);
    table.push_back(
        {a.arch, std::to_string(a.epochs), report::format_fixed(a.lr, 7), mean_sd_text(a.val_accuracy),
         &a == &stats.front() || !std::isfinite(gain) ? "-" : (gain >= 0 ? "+" : "") + report::format_fixed(gain, 1),
         leaderboard ? mean_sd_text(a.train_accuracy) : "-", fixed_or_dash(mean_sd(a.train_mse).first, 5),
         std::isfinite(published) ? report::format_fixed(published, 5) : "-"});
  }
  page.add_table(
      {"model", "epochs", "learning rate", seeds > 1 ? "validation accuracy (mean +- sd)" : "validation accuracy",
       "improvement (points)", "leaderboard-style accuracy", "training MSE", "the assignment's published figure"},
      table,
      "Clustering accuracy (clusters matched to labels by the Hungarian method; for two clusters this is the "
      "assignment's max(acc, 1 - acc)), " +
          (seeds > 1 ? "mean +- standard deviation in points over " + std::to_string(seeds) + " seeds, "
                     : std::string("one seed, ")) +
          "improvement over " + (stats.empty() ? std::string("-") : stats.front().arch) +
          ". The validation set is clustered on its own. The leaderboard-style accuracy is that of predictions.csv: "
          "all " +
          std::to_string(s.predict.size()) + " images of the training set clustered (the models trained on " +
          std::to_string(s.train.size()) +
          "), scored against its labels where the data has them (hw9: trainY.npy). "
          "The last column is the report's Kaggle accuracy on the assignment's own private data, which we do not have: "
          "it is not our measurement and not comparable point for point. predictions.csv holds the clusters of " +
          best.arch + (seeds > 1 ? " (seed " + std::to_string(best.seed) + ")" : std::string()) + ".");
  if (const auto restarted = restarted_text(s); !restarted.empty()) page.add_paragraph(restarted);
  if (const auto stuck = not_learned_text(s); !stuck.empty()) page.add_paragraph(stuck);
  if (!s.references.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : s.references) {
      const auto it = std::find_if(stats.begin(), stats.end(), [&](const ArchStats& a) { return a.arch == r.name; });
      const double trained = it == stats.end() ? not_measured : mean_sd(it->val_accuracy).first;
      const double bought = 100 * (trained - r.val_accuracy);
      rows.push_back({r.untrained_network ? r.name + ", untrained" : r.name, percent_or_dash(r.val_accuracy),
                      it == stats.end() ? "-" : mean_sd_text(it->val_accuracy),
                      std::isfinite(bought) ? (bought >= 0 ? "+" : "") + report::format_fixed(bought, 1) : "-"});
    }
    page.add_table({"features clustered", "validation accuracy", "trained model", "what training bought (points)"},
                   rows,
                   "The same clustering of the same validation images without a trained model: their raw pixels "
                   "(x/255*2-1), and the latents of each architecture's network as initialised, before any step "
                   "(seed " +
                       std::to_string(s.plan.seeds.front()) +
                       "). Training is worth what it adds to these; with a short training budget it may add nothing.");
  }
  if (!s.consensus.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : s.consensus) {
      const auto it = std::find_if(stats.begin(), stats.end(), [&](const ArchStats& a) { return a.arch == c.arch; });
      std::string voters;
      for (auto seed : c.voters) voters += (voters.empty() ? "" : ", ") + std::to_string(seed);
      rows.push_back({c.arch, voters, percent_or_dash(c.val_accuracy),
                      it == stats.end() ? "-" : mean_sd_text(it->val_accuracy), percent_or_dash(c.train_accuracy),
                      it == stats.end() || !leaderboard ? "-" : mean_sd_text(it->train_accuracy)});
    }
    page.add_table(
        {"model", "seeds voting", "consensus validation accuracy", "single runs", "consensus leaderboard-style",
         "single runs"},
        rows,
        "The seeds' clusterings combined by aligned-label voting (predictions_<model>_consensus.csv). A run that did "
        "not learn to reconstruct (final training MSE not below the average image's) does not vote.");
  }
  page.add_section("Q1: the validation images in two dimensions");
  for (const auto* m : first_seed(s))
    page.add_figure("embedding_" + m->arch + ".png",
                    m->arch + ": " + describe(s.args.clustering) +
                        " of the validation latents, coloured by true label" +
                        (seeds > 1 ? " (seed " + std::to_string(m->seed) + ")." : "."));
  page.add_section("Q2: reconstructions");
  page.add_figure("reconstructions.png",
                  "Training images 1, 2, 3, 6, 7 and 9 (top) and each model's reconstruction of them.");
  page.add_section("Q3: checkpoints");
  page.add_figure(
      "checkpoints.png",
      "Reconstruction MSE over all training images (evaluation mode) and validation accuracy at every checkpoint" +
          std::string(seeds > 1 ? ", one line per model and seed: their spread is the run-to-run variation." : "."));
  page.add_section("Settings");
  std::vector<std::pair<std::string, std::string>> settings{
      {"data", s.data_description},
      {"training images", std::to_string(s.train.size())},
      {"validation images", std::to_string(s.val.size())},
      {"preset", s.plan.preset},
      {"batch", std::to_string(s.args.batch)},
      {"weight decay", report::format_fixed(s.args.weight_decay, 6)},
      {"seeds",
       [&] {
         std::string t;
         for (auto v : s.plan.seeds) t += (t.empty() ? "" : ", ") + std::to_string(v);
         return t;
       }()},
      {"predicted images", std::to_string(s.predict.size()) + " (the training set's first; predictions.csv)"},
      {"augmentation", s.args.augment.active() ? "crop padding " + std::to_string(s.args.augment.crop_padding) +
                                                     ", flip " + (s.args.augment.flip ? "yes" : "no") + ", noise " +
                                                     report::format_fixed(s.args.augment.noise, 3) +
                                                     (s.args.augment.denoise ? " (denoising)" : "")
                                               : "none"},
      {"learning-rate schedule",
       s.args.lr_schedule +
           (s.args.warmup_epochs > 0 ? ", warm-up over " + std::to_string(s.args.warmup_epochs) + " epochs" : "") +
           (s.args.output_lr_factor != 1.0
                ? ", output layer at " + aecluster::format_double(s.args.output_lr_factor) + " x lr"
                : "")},
      {"clustering", describe(s.args.clustering)},
      {"device", s.device},
      {"build", build_info()}};
  std::string cmd;
  for (const auto& a : s.args.command_line) cmd += (cmd.empty() ? "" : " ") + a;
  settings.push_back({"command", cmd});
  page.add_key_values(settings);
  page.add_section("Time");
  std::vector<std::vector<std::string>> times;
  for (const auto& t : s.timings) times.push_back({t.stage, report::format_duration(t.seconds)});
  for (const auto& m : s.models)
    for (const auto& t : m.timings) times.push_back({t.stage, report::format_duration(t.seconds)});
  page.add_table({"stage", "time"}, times);
  page.write(out / "report.html");
  wrote(out / "report.html");
  return written;
}

std::string summary_text(const RunSummary& s) {
  std::ostringstream o;
  char line[256];
  std::snprintf(line, sizeof line, "\n%-12s %7s %18s %18s %10s\n", "model", "epochs", "val acc", "train acc",
                "train MSE");
  o << line;
  for (const auto& a : arch_stats(s)) {
    std::snprintf(line, sizeof line, "%-12s %7d %18s %18s %10s\n", a.arch.c_str(), a.epochs,
                  mean_sd_text(a.val_accuracy).c_str(), mean_sd_text(a.train_accuracy).c_str(),
                  fixed_or_dash(mean_sd(a.train_mse).first, 5).c_str());
    o << line;
  }
  for (const auto& c : s.consensus) {
    std::snprintf(line, sizeof line, "%-12s %7s %18s %18s\n", (c.arch + "*").c_str(), "vote",
                  percent_or_dash(c.val_accuracy).c_str(), percent_or_dash(c.train_accuracy).c_str());
    o << line;
  }
  for (const auto& r : s.references) {
    std::snprintf(line, sizeof line, "%-12s %7s %18s\n", (r.untrained_network ? r.name + "~" : r.name).c_str(),
                  r.untrained_network ? "0" : "-", percent_or_dash(r.val_accuracy).c_str());
    o << line;
  }
  if (!s.references.empty()) o << "(~: the untrained network, clustered as the models are)\n";
  if (const auto restarted = restarted_text(s); !restarted.empty()) o << "\n" << restarted << "\n";
  if (const auto stuck = not_learned_text(s); !stuck.empty()) o << "\n" << stuck << "\n";
  o << "\n";
  double total = 0;
  auto row = [&](const Timing& t) {
    std::snprintf(line, sizeof line, "  %-44s %12s\n", t.stage.c_str(), report::format_duration(t.seconds).c_str());
    o << line;
    total += t.seconds;
  };
  o << "stage                                                  time\n";
  for (const auto& t : s.timings) row(t);
  for (const auto& m : s.models)
    for (const auto& t : m.timings) row(t);
  std::snprintf(line, sizeof line, "  %-44s %12s\n", "total", report::format_duration(total).c_str());
  o << line;
  return o.str();
}

}  // namespace vgg7
