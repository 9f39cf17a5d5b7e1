#pragma once
// Everything `run` hands back, written into the output folder: the figures (Q1-Q3),
// predictions.csv, metrics.json and report.html; and the summary printed at the end.
#include "run_outcome.hpp"
#include "run_plan.hpp"

#include <aecluster/data/dataset.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace vgg7 {

// The clusterings of several seeds combined by aligned-label voting (aecluster/consensus.hpp).
struct ConsensusOutcome {
  std::string arch;
  double val_accuracy = not_measured, train_accuracy = not_measured;
  aecluster::Tensor<std::int64_t> train_clusters;
  std::vector<std::uint64_t> voters;  // the seeds whose runs voted: those that learned (all if none did)
};

// One architecture's figures over the seeds.
struct ArchStats {
  std::string arch;
  int epochs = 0;
  double lr = 0;
  std::vector<double> val_accuracy, train_accuracy, train_mse;  // one per seed
};

struct RunSummary {
  const RunArgs& args;
  const RunPlan& plan;
  std::string device;
  std::string data_description;
  const aecluster::data::Dataset& train;
  const aecluster::data::Dataset& val;
  const aecluster::data::Dataset& predict;  // the images of predictions.csv
  int clusters = 2;
  std::vector<ModelOutcome> models;          // every (seed, model), seeds in order, models in the plan's order
  std::vector<Timing> timings;               // the run's own stages, besides each model's
  std::vector<ConsensusOutcome> consensus;   // with --consensus and several seeds
  std::vector<ReferenceOutcome> references;  // raw pixels and untrained networks, unless --no-references
};

// Per architecture, in the plan's order.
std::vector<ArchStats> arch_stats(const RunSummary& s);
// Mean and sample standard deviation (0 for one value) of the finite values; NaN when none.
std::pair<double, double> mean_sd(const std::vector<double>& v);
// The assignment's published Kaggle accuracy for an architecture (on its own private data), or NaN.
double published_accuracy(const std::string& arch);

// The model whose predictions go to predictions.csv: the first seed's run of the architecture with
// the best mean validation accuracy (the last model named when none could be measured).
const ModelOutcome& best_model(const RunSummary& s);

// The runs that did not learn to reconstruct, and what that means, for the report and the
// console; empty when every run learned.
std::string not_learned_text(const RunSummary& s);
// The runs started again after being stuck at the constant output (--restarts); empty if none.
std::string restarted_text(const RunSummary& s);

// Writes every output file atomically; returns the files written.
std::vector<std::filesystem::path> write_run_outputs(const RunSummary& s);

// The accuracy table and the stages with their times, for the terminal.
std::string summary_text(const RunSummary& s);

}  // namespace vgg7
