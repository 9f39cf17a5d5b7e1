#include "run_plan.hpp"

#include "training_run.hpp"

#include <aecluster/error.hpp>
#include <aecluster/nn/archs.hpp>

#include <algorithm>

namespace vgg7 {

RunPlan make_plan(const RunArgs& a, bool on_gpu) {
  RunPlan plan;
  plan.preset = a.preset.empty() ? (on_gpu ? "paper" : "quick") : a.preset;
  aecluster::require(plan.preset == "quick" || plan.preset == "paper", "--preset must be quick or paper, got '",
                     plan.preset, "'");
  aecluster::require(!a.archs.empty(), "--arch: name at least one architecture");
  const bool quick = plan.preset == "quick";
  // quick: five checkpoints, because measuring one (encoding and clustering the validation set,
  // the training MSE) costs a third of an epoch, time better spent on training
  plan.checkpoints = a.checkpoints.value_or(quick ? 5 : 10);
  aecluster::require(plan.checkpoints >= 1, "--checkpoints must be at least 1, got ", plan.checkpoints);
  // quick: the three models in under 10 minutes on two CPU cores (training, measuring every
  // checkpoint, clustering), on a subset, with a learning rate that makes progress
  // in few steps; paper: the report's settings (MISSION.md) on all the data.
  plan.train_images = a.train_images.value_or(quick ? 2000 : 0);
  plan.val_images = a.val_images.value_or(quick ? 1000 : 0);
  // The predictions cover the whole training set, as a leaderboard wants every image of trainX;
  // Fashion-MNIST has no leaderboard and 60,000 images, so there they cover the images trained on.
  const bool fashion = a.data.rfind("fashion-mnist", 0) == 0;
  plan.predict_images = a.predict_images.value_or(fashion ? plan.train_images : 0);
  aecluster::require(plan.train_images >= 0 && plan.val_images >= 0 && plan.predict_images >= 0,
                     "--train-images, --val-images and --predict-images must be >= 0");
  plan.seeds = a.seeds.empty() ? std::vector<std::uint64_t>{a.seed} : a.seeds;
  for (std::size_t i = 0; i < plan.seeds.size(); ++i)
    aecluster::require(std::count(plan.seeds.begin(), plan.seeds.end(), plan.seeds[i]) == 1, "--seeds: ", plan.seeds[i],
                       " is named twice");
  for (const auto& arch : a.archs) {
    aecluster::require(aecluster::archs::known(arch), "--arch: unknown architecture '", arch, "' (expected ",
                       aecluster::archs::name_list(), ")");
    aecluster::require(std::count(a.archs.begin(), a.archs.end(), arch) == 1, "--arch: '", arch, "' is named twice");
    ModelPlan m;
    m.arch = arch;
    const bool batch_norm =
        aecluster::archs::dispatch_template(arch, []<template <int> class A>() { return A<1>::batch_norm; });
    // paper: the report's settings, baseline lr 8e-6 for 250 epochs, the BatchNorm models (its
    // steps 2 and 3) lr 7e-6 for 200 epochs
    m.epochs = a.epochs.value_or(quick ? 10 : (batch_norm ? 200 : 250));
    m.lr = a.lr.value_or(quick ? 1e-3 : (batch_norm ? 7e-6 : 8e-6));
    aecluster::require(m.epochs >= 1, "--epochs must be at least 1, got ", m.epochs);
    aecluster::require(m.lr > 0, "--lr must be positive, got ", m.lr);
    m.checkpoint_epochs = spread_checkpoints(m.epochs, plan.checkpoints);
    plan.models.push_back(m);
  }
  return plan;
}

}  // namespace vgg7
