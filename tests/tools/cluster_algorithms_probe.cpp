// Test-only helper for tests/python/test_cluster_algorithms_vs_sklearn.py: runs one of the
// clustering algorithms beyond k-means on .npy points so scikit-learn can be compared on the
// same input.
//   cluster_algorithms_probe gmm IN OUT --clusters K [--inits I] [--seed S] [--init-labels L.npy]
//   cluster_algorithms_probe ward IN OUT --clusters K
//   cluster_algorithms_probe spectral IN OUT --clusters K [--neighbors M] [--seed S]
// OUT receives int64 labels; stdout one JSON object (gmm: log_likelihood, iterations, means).
#include <aecluster/cluster/agglomerative.hpp>
#include <aecluster/cluster/gaussian_mixture.hpp>
#include <aecluster/cluster/spectral_clustering.hpp>
#include <aecluster/io/npy.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv) {
  CLI::App app{"cluster_algorithms_probe: Gaussian mixture, Ward and spectral clustering on .npy points"};
  app.require_subcommand(1, 1);
  std::string in, out, init_labels;
  int clusters = 2, inits = 1, neighbors = 10, threads = 0;
  std::uint64_t seed = 0;
  app.add_option("--threads", threads);
  for (const char* name : {"gmm", "ward", "spectral"}) {
    auto* c = app.add_subcommand(name);
    c->add_option("in", in)->required();
    c->add_option("out", out)->required();
    c->add_option("--clusters", clusters);
    c->add_option("--seed", seed);
    c->add_option("--inits", inits);
    c->add_option("--init-labels", init_labels, "gmm: start EM from these labels (one-hot responsibilities)");
    c->add_option("--neighbors", neighbors);
  }
  try {
    app.parse(argc, argv);
    aecluster::ThreadPool pool(threads);
    const auto x = aecluster::io::load_npy<float>(in);
    aecluster::require(x.rank() == 2, in, ": expected (N, D)");
    const auto m = aecluster::linalg::as_matrix(x, "points");
    nlohmann::json j;
    aecluster::Tensor<std::int64_t> labels;
    const std::string cmd = app.get_subcommands().front()->get_name();
    if (cmd == "gmm") {
      const aecluster::GaussianMixtureOptions o{.components = clusters, .inits = inits, .seed = seed};
      aecluster::GaussianMixtureResult r;
      if (!init_labels.empty()) {
        const auto l = aecluster::io::load_npy<std::int64_t>(init_labels);
        aecluster::RowMatrixD resp = aecluster::RowMatrixD::Zero(m.rows(), clusters);
        for (Eigen::Index i = 0; i < m.rows(); ++i) resp(i, l[i]) = 1;
        r = aecluster::gaussian_mixture_from(m.cast<double>(), resp, o);
      } else {
        r = aecluster::gaussian_mixture(m, o, pool);
      }
      j["log_likelihood"] = r.log_likelihood;
      j["iterations"] = r.iterations;
      j["converged"] = r.converged;
      j["means"] = std::vector<double>(r.means.data(), r.means.data() + r.means.size());
      j["weights"] = r.weights;
      labels = std::move(r.labels);
    } else if (cmd == "ward") {
      labels = aecluster::ward_clustering(m, clusters);
    } else {
      labels = aecluster::spectral_clustering(m, {.clusters = clusters, .neighbors = neighbors, .seed = seed}, pool);
    }
    aecluster::io::save_npy(out, labels);
    std::printf("%s\n", j.dump().c_str());
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
