#pragma once
// Trains one model of a `run` and measures it as the assignment does: at every checkpoint the
// reconstruction MSE over all training images and the clustering accuracy of the validation
// set (clustered on its own); at the end the predictions (the whole training set clustered), the
// validation embedding and the reconstructions of the report's images.
#include "any_model.hpp"
#include "run_outcome.hpp"
#include "run_plan.hpp"

#include <aecluster/data/dataset.hpp>
#include <aecluster/parallel.hpp>

#include <filesystem>
#include <string>

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
  std::filesystem::path dir;  // this model's checkpoints
};

// `model` is freshly initialised (or, with args.resume, about to continue its checkpoints).
ModelOutcome run_model(AnyModel& model, aecluster::ThreadPool& pool, const ModelPlan& plan, const RunInputs& in);

}  // namespace vgg7
