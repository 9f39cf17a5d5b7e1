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

struct RunSummary {
  const RunArgs& args;
  const RunPlan& plan;
  std::string device;
  std::string data_description;
  const aecluster::data::Dataset& train;
  const aecluster::data::Dataset& val;
  int clusters = 2;
  std::vector<ModelOutcome> models;
  std::vector<Timing> timings;  // the run's own stages, besides each model's
};

// The model whose predictions go to predictions.csv: the best validation accuracy (the last
// model named when none could be measured).
const ModelOutcome& best_model(const RunSummary& s);

// Writes every output file atomically; returns the files written.
std::vector<std::filesystem::path> write_run_outputs(const RunSummary& s);

// The accuracy table and the stages with their times, for the terminal.
std::string summary_text(const RunSummary& s);

}  // namespace vgg7
