// Test-only helper for tests/python/test_clustering_vs_sklearn.py and bench/: runs one stage
// of the clustering pipeline on .npy inputs so scikit-learn can be compared stage by stage.
//   clustering_probe pca IN OUT --components K [--solver full|randomized]
//   clustering_probe kpca IN OUT --components K [--gamma G] [--solver S] [--double] [--landmarks M] [--eigenvalues E]
//   clustering_probe tsne IN OUT [--perplexity P] [--iterations I] [--seed S] [--theta T]
//   clustering_probe kl IN EMBEDDING [--perplexity P] [--theta T]  KL of a given embedding under our P
//                                                         (Z exact unless theta > 0)
//   clustering_probe kmeans IN OUT --clusters K [--lloyd] [--refine R] [--runs R] [--seed S]
//   clustering_probe metrics PRED TRUTH
// Every command prints one JSON object on stdout: seconds and cpu_seconds of the stage,
// peak_rss_mb of the process (VmHWM), and what the stage reports.
// Errors go to stderr with exit code 1.
#include <aecluster/cluster/config.hpp>
#include <aecluster/cluster/kernel_pca.hpp>
#include <aecluster/cluster/kmeans.hpp>
#include <aecluster/cluster/metrics.hpp>
#include <aecluster/cluster/pca.hpp>
#include <aecluster/cluster/tsne.hpp>
#include <aecluster/io/npy.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <fstream>
#include <string>

namespace io = aecluster::io;

namespace {

aecluster::Tensor<float> load_points(const std::string& path) {
  auto t = io::load_npy<float>(path);
  aecluster::require(t.rank() == 2, path, ": expected (N, D), got ", t.shape().str());
  return t;
}

aecluster::Tensor<std::int64_t> load_labels(const std::string& path) { return io::load_npy<std::int64_t>(path); }

double cpu_seconds_used = 0;

template <class F>
double timed(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();  // CPU time of the whole process, all threads
  f();
  cpu_seconds_used = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// This process's own memory high-water mark (getrusage's ru_maxrss also counts the parent's
// memory before exec).
double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"clustering_probe: one clustering stage at a time, for the scikit-learn cross-checks"};
  app.require_subcommand(1, 1);
  std::string in, out, second, solver, eigenvalues_path;
  int components = 2, clusters = 2, iterations = 1000, threads = 0, landmarks = 0;
  double gamma = 0, perplexity = 30, theta = 0.5, kl_theta = 0;
  std::uint64_t seed = 0;
  bool use_double = false, lloyd = false;
  app.add_option("--threads", threads, "threads (0 = all)");
  nlohmann::json result;

  auto* pca = app.add_subcommand("pca");
  pca->add_option("in", in)->required();
  pca->add_option("out", out)->required();
  pca->add_option("--components", components);
  pca->add_option("--solver", solver);
  auto* kpca = app.add_subcommand("kpca");
  kpca->add_option("in", in)->required();
  kpca->add_option("out", out)->required();
  kpca->add_option("--components", components);
  kpca->add_option("--gamma", gamma);
  kpca->add_option("--solver", solver);
  kpca->add_flag("--double", use_double);
  kpca->add_option("--landmarks", landmarks);
  kpca->add_option("--eigenvalues", eigenvalues_path);
  kpca->add_option("--seed", seed);
  auto* tsne = app.add_subcommand("tsne");
  tsne->add_option("in", in)->required();
  tsne->add_option("out", out)->required();
  tsne->add_option("--perplexity", perplexity);
  tsne->add_option("--iterations", iterations);
  tsne->add_option("--seed", seed);
  tsne->add_option("--theta", theta);
  auto* kl = app.add_subcommand("kl");
  kl->add_option("in", in)->required();
  kl->add_option("embedding", second)->required();
  kl->add_option("--perplexity", perplexity);
  kl->add_option("--theta", kl_theta, "0 = exact Z (O(N^2)), else Barnes-Hut");
  auto* km = app.add_subcommand("kmeans");
  km->add_option("in", in)->required();
  km->add_option("out", out)->required();
  km->add_option("--clusters", clusters);
  km->add_flag("--lloyd", lloyd);
  int refine = aecluster::ClusterConfig{}.minibatch_kmeans.lloyd_refinement;
  km->add_option("--refine", refine,
                 "mini-batch: Lloyd iterations afterwards (default: the pipeline's; 0 = scikit-learn's)");
  int runs = aecluster::ClusterConfig{}.minibatch_kmeans.runs;
  km->add_option("--runs", runs,
                 "mini-batch: whole runs, the lowest inertia wins (default: the pipeline's; 1 = scikit-learn's)");
  km->add_option("--seed", seed);
  auto* metrics = app.add_subcommand("metrics");
  metrics->add_option("pred", in)->required();
  metrics->add_option("truth", second)->required();

  try {
    app.parse(argc, argv);
    aecluster::ThreadPool pool(threads);
    if (*pca) {
      const auto x = load_points(in);
      aecluster::PcaOptions o;
      o.components = components;
      if (solver == "full") o.solver = aecluster::PcaSolver::full;
      if (solver == "randomized") o.solver = aecluster::PcaSolver::randomized;
      aecluster::Pca p(o);
      aecluster::Tensor<float> s;
      result["seconds"] = timed([&] { s = p.fit_transform(x, pool); });
      io::save_npy(out, s);
      result["explained_variance_ratio"] =
          std::vector<double>(p.explained_variance_ratio().data(), p.explained_variance_ratio().data() + components);
    } else if (*kpca) {
      const auto x = load_points(in);
      aecluster::KernelPcaOptions o;
      o.components = components;
      o.gamma = gamma;
      o.double_precision = use_double;
      o.landmarks = landmarks;
      o.seed = seed;
      if (solver == "dense") o.solver = aecluster::KernelPcaSolver::dense;
      if (solver == "lanczos") o.solver = aecluster::KernelPcaSolver::lanczos;
      if (solver == "block_krylov") o.solver = aecluster::KernelPcaSolver::block_krylov;
      aecluster::KernelPca k(o);
      aecluster::Tensor<float> s;
      result["seconds"] = timed([&] { s = k.fit_transform(x, pool); });
      io::save_npy(out, s);
      if (!eigenvalues_path.empty()) {
        const auto& ev = k.eigenvalues();
        io::save_npy(eigenvalues_path, ev.data(), aecluster::Shape{ev.size()});
      }
      result["products"] = k.matrix_products();
      result["max_residual"] = k.max_residual();
    } else if (*tsne) {
      const auto x = load_points(in);
      aecluster::TsneOptions o;
      o.perplexity = perplexity;
      o.iterations = iterations;
      o.seed = seed;
      o.theta = theta;
      aecluster::TsneResult r;
      result["seconds"] = timed([&] { r = aecluster::tsne_embed(x, o, pool); });
      io::save_npy(out, r.embedding);
      result["kl_divergence"] = r.kl_divergence;
      result["iterations"] = r.iterations;
    } else if (*kl) {
      const auto x = load_points(in);
      const auto e = load_points(second);
      aecluster::require(e.dim(0) == x.dim(0) && e.dim(1) == 2, second, ": expected (", x.dim(0), ", 2)");
      const auto p = aecluster::tsne::affinities(aecluster::linalg::as_matrix(x, in), perplexity, pool);
      std::vector<double> y(e.span().begin(), e.span().end());
      result["kl_divergence"] = aecluster::tsne::kl_divergence(p, y, kl_theta, pool);
    } else if (*km) {
      const auto x = load_points(in);
      aecluster::KMeansResult r;
      if (lloyd) {
        aecluster::KMeansOptions o;
        o.clusters = clusters;
        o.seed = seed;
        result["seconds"] = timed([&] { r = aecluster::kmeans(x, o, pool); });
      } else {
        aecluster::MiniBatchKMeansOptions o;
        o.clusters = clusters;
        o.seed = seed;
        o.lloyd_refinement = refine;
        o.runs = runs;
        result["seconds"] = timed([&] { r = aecluster::minibatch_kmeans(x, o, pool); });
      }
      io::save_npy(out, r.labels);
      result["inertia"] = r.inertia;
      result["iterations"] = r.iterations;
    } else if (*metrics) {
      const auto pred = load_labels(in);
      const auto truth = load_labels(second);
      result["accuracy"] = aecluster::clustering_accuracy(pred.span(), truth.span());
      result["nmi"] = aecluster::normalized_mutual_info(pred.span(), truth.span());
      result["ari"] = aecluster::adjusted_rand_index(pred.span(), truth.span());
    }
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  if (result.contains("seconds")) result["cpu_seconds"] = cpu_seconds_used;
  result["peak_rss_mb"] = peak_rss_mb();
  std::printf("%s\n", result.dump().c_str());
  return 0;
}
