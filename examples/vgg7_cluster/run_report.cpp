#include "run_report.hpp"

#include "checkpoint_metrics_json.hpp"
#include "report/figures.hpp"
#include "report/format.hpp"
#include "report/html_report.hpp"

#include <aecluster/data/preprocess.hpp>
#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>
#include <aecluster/version.hpp>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace vgg7 {

namespace {

std::string percent_or_dash(double v) { return std::isfinite(v) ? report::format_percent(v, 2) : "-"; }
std::string fixed_or_dash(double v, int decimals) { return std::isfinite(v) ? report::format_fixed(v, decimals) : "-"; }

std::string predictions_csv(const aecluster::Tensor<std::int64_t>& labels) {
  std::string csv = "id,label\n";
  for (std::int64_t i = 0; i < labels.numel(); ++i) csv += std::to_string(i) + "," + std::to_string(labels[i]) + "\n";
  return csv;
}

std::string build_info() {
  std::ostringstream s;
  s << "aecluster " << aecluster::version << ", " <<
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
  j["seed"] = s.args.seed;
  j["command_line"] = s.args.command_line;
  j["settings"] = {{"data", s.args.data},
                   {"data_description", s.data_description},
                   {"preset", s.plan.preset},
                   {"training_images", s.train.size()},
                   {"validation_images", s.val.size()},
                   {"clusters", s.clusters},
                   {"batch", s.args.batch},
                   {"weight_decay", s.args.weight_decay},
                   {"checkpoints", s.args.checkpoints}};
  nlohmann::json models = nlohmann::json::object();
  for (const auto& m : s.models) {
    nlohmann::json cps = nlohmann::json::array();
    for (const auto& c : m.checkpoints) cps.push_back(to_json(c));
    models[m.arch] = {{"epochs", m.epochs},
                      {"lr", m.lr},
                      {"checkpoints", cps},
                      {"final",
                       {{"val_accuracy", number_or_null(m.val_accuracy)},
                        {"val_nmi", number_or_null(m.val_nmi)},
                        {"train_accuracy", number_or_null(m.train_accuracy)},
                        {"train_nmi", number_or_null(m.train_nmi)},
                        {"val_kl_divergence", number_or_null(m.val_kl)},
                        {"train_kl_divergence", number_or_null(m.train_kl)}}},
                      {"predictions", "predictions_" + m.arch + ".csv"}};
  }
  j["models"] = models;
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

const ModelOutcome& best_model(const RunSummary& s) {
  aecluster::require(!s.models.empty(), "no model was trained");
  const ModelOutcome* best = &s.models.back();
  for (const auto& m : s.models)
    if (std::isfinite(m.val_accuracy) && (!std::isfinite(best->val_accuracy) || m.val_accuracy > best->val_accuracy)) best = &m;
  return *best;
}

std::vector<std::filesystem::path> write_run_outputs(const RunSummary& s) {
  const std::filesystem::path out = s.args.out;
  std::vector<std::filesystem::path> written;
  auto wrote = [&](const std::filesystem::path& p) { written.push_back(p); };

  for (const auto& m : s.models) {
    const auto p = out / ("predictions_" + m.arch + ".csv");
    aecluster::io::write_text_atomically(p, predictions_csv(m.train_clusters));
    wrote(p);
  }
  const auto& best = best_model(s);
  aecluster::io::write_text_atomically(out / "predictions.csv", predictions_csv(best.train_clusters));
  wrote(out / "predictions.csv");

  // Q1: the validation images in 2-D, coloured by their true label, one figure per model.
  const bool labelled = s.val.has_labels();
  for (const auto& m : s.models) {
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
  for (const auto& m : s.models) rows.push_back(report::image_row_from_nchw(m.arch, m.reconstructions.span(), count, c, h, w));
  std::vector<std::string> columns;
  for (auto i : report_image_indices()) columns.push_back("#" + std::to_string(i));
  report::write_reconstructions_png(out / "reconstructions.png", rows, columns, "Training images and their reconstructions");
  wrote(out / "reconstructions.png");

  // Q3: MSE over all training images and validation accuracy at every checkpoint.
  std::vector<report::CurveSeries> series;
  for (const auto& m : s.models) {
    report::CurveSeries cs;
    cs.model = m.arch;
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
  std::vector<std::vector<std::string>> table;
  for (const auto& m : s.models)
    table.push_back({m.arch, std::to_string(m.epochs), report::format_fixed(m.lr, 7), percent_or_dash(m.val_accuracy),
                     fixed_or_dash(m.val_nmi, 4), percent_or_dash(m.train_accuracy), fixed_or_dash(m.checkpoints.back().train_mse, 5)});
  page.add_table({"model", "epochs", "learning rate", "validation accuracy", "validation NMI", "training-set accuracy",
                  "training MSE"},
                 table,
                 "Clustering accuracy (clusters matched to labels by the Hungarian method; for two clusters this is the "
                 "assignment's max(acc, 1 - acc)). The validation set is clustered on its own; the training set's "
                 "clusters are the predictions (predictions.csv holds those of " + best.arch + ").");
  page.add_section("Q1: the validation images in two dimensions");
  for (const auto& m : s.models)
    page.add_figure("embedding_" + m.arch + ".png",
                    m.arch + ": Kernel PCA (RBF, 200 components) then t-SNE of the validation latents, coloured by true label.");
  page.add_section("Q2: reconstructions");
  page.add_figure("reconstructions.png", "Training images 1, 2, 3, 6, 7 and 9 (top) and each model's reconstruction of them.");
  page.add_section("Q3: checkpoints");
  page.add_figure("checkpoints.png",
                  "Reconstruction MSE over all training images (evaluation mode) and validation accuracy at every checkpoint.");
  page.add_section("Settings");
  std::vector<std::pair<std::string, std::string>> settings{
      {"data", s.data_description},
      {"training images", std::to_string(s.train.size())},
      {"validation images", std::to_string(s.val.size())},
      {"preset", s.plan.preset},
      {"batch", std::to_string(s.args.batch)},
      {"weight decay", report::format_fixed(s.args.weight_decay, 6)},
      {"seed", std::to_string(s.args.seed)},
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
  std::snprintf(line, sizeof line, "\n%-12s %7s %10s %8s %10s %10s\n", "model", "epochs", "val acc", "val NMI", "train acc", "train MSE");
  o << line;
  for (const auto& m : s.models) {
    std::snprintf(line, sizeof line, "%-12s %7d %10s %8s %10s %10s\n", m.arch.c_str(), m.epochs, percent_or_dash(m.val_accuracy).c_str(),
                  fixed_or_dash(m.val_nmi, 4).c_str(), percent_or_dash(m.train_accuracy).c_str(),
                  fixed_or_dash(m.checkpoints.back().train_mse, 5).c_str());
    o << line;
  }
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
