#pragma once
// Trains one model of a `run` and measures it as the assignment does: at every checkpoint the
// reconstruction MSE over all training images and the clustering accuracy of the validation
// set (clustered on its own); at the end the predictions (the whole training set clustered), the
// validation embedding and the reconstructions of the report's images.
#include "any_model.hpp"
#include "run_outcome.hpp"
#include "run_plan.hpp"

#include <aecluster/cluster/result.hpp>
#include <aecluster/data/dataset.hpp>
#include <aecluster/parallel.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace vgg7 {

struct RunInputs {
  const aecluster::data::Dataset& train;
  const aecluster::data::Dataset& val;
  const aecluster::data::Dataset& predict;  // clustered for predictions.csv: the training set, often more than `train`
  int clusters = 2;
  std::filesystem::path out;
  std::string data_text;
  const RunArgs& args;
  std::uint64_t seed = 0;
  std::filesystem::path dir;       // this model's checkpoints
  double constant_output_mse = 0;  // of the training images (aecluster::constant_output_mse), once per run
};

// The run's clustering stage (--reduction, t-SNE, --cluster-method; seeded by in.seed) of
// `latents` (N, D), with progress bars named after `what` for the long stages.
aecluster::ClusterResult cluster(const aecluster::Tensor<float>& latents, const RunInputs& in,
                                 aecluster::ThreadPool& pool, const std::string& what);

// Thrown by run_model, when it may give up, at a checkpoint where the model is stuck at the
// constant output: its training MSE not below the average image's (constant_output_mse) and not
// 1 % below that of the checkpoint before. That is a decoder whose output Tanh saturated in the
// first steps (Adam moves each of the 17x17x64 weights feeding an output pixel by ~lr at once)
// and whose gradient vanished with it: measured on one seed in five of baseline_bn, it stays
// there (MSE 0.630 at all 5 checkpoints) while the runs that recover fall at every checkpoint.
struct StuckRun {
  StuckAttempt attempt;
};

// `model` is freshly initialised (or, with args.resume, about to continue its checkpoints).
// With may_give_up, a run stuck at the constant output throws StuckRun instead of training on.
ModelOutcome run_model(AnyModel& model, aecluster::ThreadPool& pool, const ModelPlan& plan, const RunInputs& in,
                       bool may_give_up = false);

// The initialisation seed of attempt `attempt` (0 = the first) of a run with this seed: the seed
// itself, then seeds no user seed below 2^32 collides with.
[[nodiscard]] inline std::uint64_t attempt_init_seed(std::uint64_t seed, std::size_t attempt) {
  return seed + (static_cast<std::uint64_t>(attempt) << 32);
}

// The abandoned attempts recorded in a model's folder (restarts.json), so that --resume carries
// on with the same attempt; empty when there is none.
std::vector<StuckAttempt> load_restarts(const std::filesystem::path& dir);
void save_restarts(const std::filesystem::path& dir, const std::vector<StuckAttempt>& restarts);

}  // namespace vgg7
