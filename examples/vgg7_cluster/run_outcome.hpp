#pragma once
// What training and evaluating one model produced, in plain data (no model types), for the
// report, metrics.json and the summary.
#include <aecluster/tensor.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace vgg7 {

inline constexpr double not_measured = std::numeric_limits<double>::quiet_NaN();

struct CheckpointMetrics {
  int epoch = 0;
  double train_loss = not_measured;  // mean training loss of that epoch
  double train_mse = not_measured;   // reconstruction MSE over all training images (evaluation mode)
  double val_accuracy = not_measured;
  double val_nmi = not_measured;
};

// A training attempt abandoned because it was stuck at the constant output (see model_run.hpp).
struct StuckAttempt {
  int epoch = 0;            // the checkpoint that showed it
  double train_mse = 0;     // its training MSE there
  double previous_mse = 0;  // at the checkpoint before
};

struct Timing {
  std::string stage;
  double seconds = 0;
};

struct ModelOutcome {
  std::string arch;
  std::uint64_t seed = 0;
  int epochs = 0;
  double lr = 0;
  std::vector<CheckpointMetrics> checkpoints;
  // the final model
  aecluster::Tensor<float> val_embedding;          // (M, 2) t-SNE of the validation latents
  aecluster::Tensor<std::int64_t> val_clusters;    // (M,)
  aecluster::Tensor<std::int64_t> train_clusters;  // (N,): the predictions, for the whole training set
  double val_accuracy = not_measured, val_nmi = not_measured;
  double train_accuracy = not_measured, train_nmi = not_measured;  // when training labels exist
  double val_kl = not_measured, train_kl = not_measured;
  // The MSE of the best constant output (the training images' per-pixel variance): a model whose
  // final training MSE is not below it did not learn to reconstruct (its decoder's Tanh saturated).
  double constant_output_mse = not_measured;
  std::vector<StuckAttempt> restarts;  // abandoned attempts, in order; the outcome is the last attempt's
  std::uint64_t init_seed = 0;         // the initialisation of the last attempt (seed when none was abandoned)
  [[nodiscard]] double final_mse() const { return checkpoints.empty() ? not_measured : checkpoints.back().train_mse; }
  [[nodiscard]] bool learned() const {
    return !std::isfinite(final_mse()) || !std::isfinite(constant_output_mse) || final_mse() < constant_output_mse;
  }
  aecluster::Tensor<float> reconstructions;  // (6, C, 32, 32) of the report's training images
  std::vector<Timing> timings;
};

// The clustering of the validation set without a trained model (reference_run.hpp): its raw
// pixels, or the latents of an untrained network of architecture `name`.
struct ReferenceOutcome {
  std::string name;  // "raw pixels" or the architecture
  bool untrained_network = false;
  double val_accuracy = not_measured, val_nmi = not_measured;
};

// The training images whose reconstructions the assignment shows (Q2), 0-based as its code.
inline const std::vector<std::int64_t>& report_image_indices() {
  static const std::vector<std::int64_t> indices = {1, 2, 3, 6, 7, 9};
  return indices;
}

}  // namespace vgg7
