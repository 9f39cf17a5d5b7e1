// vgg7_cluster cluster: latents -> Kernel PCA -> t-SNE -> k-means (aecluster/pipeline.hpp).
// Reads float32/float64 latents (N, D) (higher ranks are flattened per row, as PyTorch's
// .view(N, -1)), writes int64 labels (N,) and optionally the float32 (N, 2) embedding; with
// true labels it also prints accuracy (Hungarian-matched), NMI and ARI. Everything is checked
// before the work starts, and nothing is written unless every stage succeeded.
#include "cluster_options.hpp"
#include "commands.hpp"
#include "progress_bar.hpp"

#include <aecluster/cluster/metrics.hpp>
#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>
#include <aecluster/io/npy.hpp>
#include <aecluster/pipeline.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vgg7 {
namespace {

struct ClusterArgs {
  std::string input, output, embedding, labels;
  int clusters = 2;
  ClusterChoice choice;
  std::uint64_t seed = 0;
  int threads = 0;
};

aecluster::Tensor<float> read_latents(const std::string& path) {
  const auto a = aecluster::io::read_npy(path);
  aecluster::require(a.dtype == aecluster::io::DType::f32 || a.dtype == aecluster::io::DType::f64, path,
                     ": latents must be float32 or float64, got ", aecluster::io::dtype_name(a.dtype));
  aecluster::require(a.shape.rank() >= 2, path, ": latents must be an (N, D) array, got shape ", a.shape.str());
  std::int64_t d = 1;
  for (int i = 1; i < a.shape.rank(); ++i) d *= a.shape[i];
  auto t = a.to<float>();
  t.resize(aecluster::Shape{a.shape[0], d});  // same element count: a view change, no copy
  for (std::int64_t i = 0; i < t.numel(); ++i)
    if (!std::isfinite(t[i]))
      aecluster::fail(path, ": latents must be finite, but row ", i / d, ", column ", i % d, " is ", t[i]);
  return t;
}

aecluster::Tensor<std::int64_t> read_labels(const std::string& path, std::int64_t n) {
  const auto a = aecluster::io::read_npy(path);
  aecluster::require(aecluster::io::dtype_is_integer(a.dtype), path, ": labels must be integers, got ",
                     aecluster::io::dtype_name(a.dtype));
  aecluster::require(a.shape.rank() == 1, path, ": labels must be a 1-D array, got shape ", a.shape.str());
  aecluster::require(a.shape[0] == n, path, ": ", a.shape[0], " labels for ", n, " points");
  return a.to<std::int64_t>();
}

void require_writable_parent(const std::string& path, const char* what) {
  const auto parent = std::filesystem::absolute(std::filesystem::path(path)).parent_path();
  aecluster::require(std::filesystem::is_directory(parent), what, " ", path, ": folder ", parent.string(),
                     " does not exist");
}

void run(const ClusterArgs& args) {
  // Everything that can be checked cheaply is checked before the heavy work.
  const auto latents = read_latents(args.input);
  const std::int64_t n = latents.dim(0);
  std::optional<aecluster::Tensor<std::int64_t>> truth;
  if (!args.labels.empty()) truth = read_labels(args.labels, n);
  require_writable_parent(args.output, "--output");
  if (!args.embedding.empty()) require_writable_parent(args.embedding, "--embedding");
  aecluster::require(
      args.embedding.empty() || std::filesystem::absolute(args.embedding) != std::filesystem::absolute(args.output),
      "--embedding and --output name the same file");

  const aecluster::ClusterConfig config = cluster_config(args.choice, args.clusters, args.seed);
  std::fprintf(stderr, "clustering %lld points of %lld values into %d clusters\n", static_cast<long long>(n),
               static_cast<long long>(latents.dim(1)), args.clusters);

  std::unique_ptr<ProgressBar> bar;
  std::string current;
  const auto progress = [&](std::string_view stage, std::int64_t done, std::int64_t total) {
    if (stage != current) {
      current = stage;
      const char* unit = stage == "tsne" ? "it" : stage == "eigensolver" ? "products" : "blocks";
      bar = std::make_unique<ProgressBar>(std::string(stage), total, unit);
    }
    bar->update(done);
  };
  aecluster::ThreadPool pool(args.threads);
  const auto result = aecluster::cluster(aecluster::linalg::as_matrix(latents, "latents"), config, pool, progress);
  bar.reset();

  double total = 0;
  for (const auto& [stage, seconds] : result.timings) {
    std::printf("%-10s %8.2f s\n", stage.c_str(), seconds);
    total += seconds;
  }
  std::printf("%-10s %8.2f s\n", "total", total);
  std::printf("kl_divergence %.6f%s\n", result.kl_divergence, result.nystroem ? "  (Kernel PCA: Nystroem)" : "");
  if (truth) {
    const auto pred = result.labels.span();
    const auto y = truth->span();
    std::printf("accuracy %.5f\nnmi %.5f\nari %.5f\n", aecluster::clustering_accuracy(pred, y),
                aecluster::normalized_mutual_info(pred, y), aecluster::adjusted_rand_index(pred, y));
  }

  // Each file is written atomically; if the second write fails the first is taken back.
  if (!args.embedding.empty()) aecluster::io::save_npy(args.embedding, result.embedding);
  try {
    aecluster::io::save_npy(args.output, result.labels);
  } catch (...) {
    if (!args.embedding.empty()) {
      std::error_code ec;
      std::filesystem::remove(args.embedding, ec);
    }
    throw;
  }
}

}  // namespace

void add_cluster_command(CLI::App& app) {
  auto args = std::make_shared<ClusterArgs>();
  auto* cmd = app.add_subcommand("cluster",
                                 "Cluster latents: Kernel PCA (rbf) -> t-SNE (2-D) -> MiniBatchKMeans (each stage "
                                 "selectable), seeded and multi-threaded");
  cmd->add_option("--input", args->input, "float32/float64 .npy latents (N, D); higher ranks are flattened per row")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--clusters", args->clusters, "number of clusters (2 for the assignment, 10 for Fashion-MNIST)")
      ->required()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--output", args->output, "int64 .npy labels (N,)")->required();
  cmd->add_option("--embedding", args->embedding, "also write the float32 (N, 2) t-SNE embedding here");
  cmd->add_option("--labels", args->labels, "integer .npy true labels (N,): print accuracy, NMI and ARI")
      ->check(CLI::ExistingFile);
  add_cluster_options(cmd, args->choice);
  cmd->add_option("--seed", args->seed, "seed of every random choice")->capture_default_str();
  cmd->add_option("--threads", args->threads, "threads (0 = all cores); results do not depend on it")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args] { run(*args); });
}

}  // namespace vgg7
