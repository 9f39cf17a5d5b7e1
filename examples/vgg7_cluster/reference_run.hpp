#pragma once
// What the clustering gets without training, measured in every run beside the models: the same
// clustering stage (same seed) on the validation images' own pixels, and on the latents of each
// architecture's untrained network (its initialisation for the run's first seed). A trained model
// that does not beat them has learned nothing the clustering can use; on the quick preset's
// budget that is what docs/quality.md measured, so the report says it instead of leaving the
// user to find out.
#include "any_model.hpp"
#include "model_run.hpp"
#include "run_outcome.hpp"
#include "run_plan.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace vgg7 {

// The clustering of `features` (N, D) of the validation images, scored against their labels.
ReferenceOutcome reference_from_features(const aecluster::Tensor<float>& features, const RunInputs& in,
                                         aecluster::ThreadPool& pool, std::string what, bool untrained_network);

// The validation images' pixels as the networks see them (x/255*2-1), one row per image.
aecluster::Tensor<float> pixel_features(const aecluster::data::Dataset& d, aecluster::ThreadPool& pool);

// Raw pixels first, then one untrained network per architecture of the plan, in its order; the
// time of each is appended to `timings`.
template <class Device>
std::vector<ReferenceOutcome> measure_references(typename Device::Context& ctx, const RunPlan& plan,
                                                 const RunInputs& in, std::vector<Timing>& timings) {
  std::vector<ReferenceOutcome> out;
  auto timed = [&](auto&& measure) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto& r = out.emplace_back(measure());
    timings.push_back({"reference: " + (r.untrained_network ? "untrained " + r.name : r.name),
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
  };
  timed(
      [&] { return reference_from_features(pixel_features(in.val, ctx.pool()), in, ctx.pool(), "raw pixels", false); });
  for (const auto& m : plan.models)
    timed([&] {
      const auto model = make_model<Device>(ctx, m.arch, in.val.channels(), attempt_init_seed(in.seed, 0));
      return reference_from_features(model->encode(in.val.images, 256), in, ctx.pool(), m.arch, true);
    });
  return out;
}

}  // namespace vgg7
