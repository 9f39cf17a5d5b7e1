#pragma once
// Learning-rate schedules over a training run, evaluated per optimiser step so that a resumed
// run (which knows its epoch and batch) continues the same curve exactly.
//   constant: lr throughout (PyTorch's default, the assignment's)
//   cosine:   lr * (f + (1 - f) * (1 + cos(pi t / T)) / 2), from lr down to f * lr at the last step
//   step:     lr * factor^floor(epoch / every)
// Optional linear warm-up over the first `warmup_epochs` (from lr / (warmup steps) upwards).
#include <aecluster/error.hpp>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>

namespace aecluster {

struct LrSchedule {
  enum class Kind { constant, cosine, step };
  Kind kind = Kind::constant;
  int epochs = 1;            // the run's length (cosine)
  double final_factor = 0;   // cosine: the last step's lr as a fraction of lr
  int step_every = 0;        // step: epochs between decays
  double step_factor = 0.1;  // step: multiplier per decay
  int warmup_epochs = 0;

  // The multiplier of the base lr at step `batch` (0-based) of epoch `epoch` (0-based) of
  // `batches_per_epoch` steps.
  [[nodiscard]] double factor(std::int64_t epoch, std::int64_t batch, std::int64_t batches_per_epoch) const {
    const double t = double(epoch * batches_per_epoch + batch);
    double f = 1;
    switch (kind) {
      case Kind::constant: break;
      case Kind::cosine: {
        const double total = double(std::int64_t{std::max(epochs, 1)} * batches_per_epoch);
        const double progress = std::min(t / std::max(total - 1, 1.0), 1.0);
        f = final_factor + (1 - final_factor) * 0.5 * (1 + std::cos(std::numbers::pi * progress));
        break;
      }
      case Kind::step: f = step_every > 0 ? std::pow(step_factor, double(epoch / step_every)) : 1; break;
    }
    const double warm = double(std::int64_t{warmup_epochs} * batches_per_epoch);
    if (warm > 0 && t < warm) f *= (t + 1) / warm;
    return f;
  }

  [[nodiscard]] std::string name() const {
    switch (kind) {
      case Kind::constant: return "constant";
      case Kind::cosine: return "cosine";
      case Kind::step: return "step";
    }
    return "?";
  }
};

inline LrSchedule::Kind lr_schedule_kind(const std::string& name) {
  if (name == "constant") return LrSchedule::Kind::constant;
  if (name == "cosine") return LrSchedule::Kind::cosine;
  if (name == "step") return LrSchedule::Kind::step;
  fail("learning-rate schedule: expected constant, cosine or step, got '", name, "'");
}

}  // namespace aecluster
