#pragma once
// One checkpoint's measurements (and the record of restarts) as JSON, the same in metrics.json and in the resumable
// checkpoint_metrics.json of each model folder. Values that were not measured are null.
#include "run_outcome.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <vector>

namespace vgg7 {

inline nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}
inline double number_or_nan(const nlohmann::json& j) { return j.is_number() ? j.get<double>() : not_measured; }

inline nlohmann::json to_json(const CheckpointMetrics& c) {
  return {{"epoch", c.epoch},
          {"train_loss", number_or_null(c.train_loss)},
          {"train_mse", number_or_null(c.train_mse)},
          {"val_accuracy", number_or_null(c.val_accuracy)},
          {"val_nmi", number_or_null(c.val_nmi)}};
}

inline CheckpointMetrics checkpoint_metrics_from_json(const nlohmann::json& e) {
  CheckpointMetrics c;
  c.epoch = e.at("epoch").get<int>();
  c.train_loss = number_or_nan(e.at("train_loss"));
  c.train_mse = number_or_nan(e.at("train_mse"));
  c.val_accuracy = number_or_nan(e.at("val_accuracy"));
  c.val_nmi = number_or_nan(e.at("val_nmi"));
  return c;
}

// The abandoned attempts of --restarts, the same in metrics.json and in a model folder's
// restarts.json (which --resume reads back).
inline nlohmann::json to_json(const std::vector<StuckAttempt>& restarts) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& r : restarts)
    j.push_back({{"epoch", r.epoch}, {"train_mse", r.train_mse}, {"previous_mse", r.previous_mse}});
  return j;
}

}  // namespace vgg7
