// The building blocks of the clustering stage, one at a time, on synthetic data (so the
// benchmark needs no data set): the RBF kernel, the three eigensolvers of Kernel PCA (our block
// Krylov, Spectra's Lanczos, a dense decomposition), exact kNN, one Barnes-Hut gradient, the
// t-SNE affinities and mini-batch k-means. bench/compare_clustering.py measures the whole stage
// against scikit-learn and openTSNE; this file is for tuning the parts.
//
//   build/bin/clustering_bench [--threads N] [google benchmark flags, e.g. --benchmark_filter=Eigen]
#include <aecluster/cluster/kernel_pca.hpp>
#include <aecluster/cluster/kmeans.hpp>
#include <aecluster/cluster/symmetric_eigensolver.hpp>
#include <aecluster/cluster/tsne.hpp>
#include <aecluster/random.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

using namespace aecluster;

namespace {

int g_threads = 2;

// Points on a few low-dimensional manifolds embedded in `dims` dimensions, with noise: the
// spectrum decays like real image features do, not like white noise.
RowMatrixF synthetic(Eigen::Index n, Eigen::Index dims, std::uint64_t seed) {
  Rng rng(seed);
  constexpr int groups = 10, latent = 8;
  RowMatrixD basis(groups * latent, dims);
  for (Eigen::Index i = 0; i < basis.size(); ++i)
    basis.data()[i] = rng.normal() / std::sqrt(static_cast<double>(latent));
  RowMatrixF x(n, dims);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto g = static_cast<Eigen::Index>(rng.below(groups));
    Eigen::RowVectorXd p = 0.3 * Eigen::RowVectorXd::NullaryExpr(dims, [&] { return rng.normal(); });
    for (int l = 0; l < latent; ++l) p += (1.0 + rng.normal()) / (1 + l) * basis.row(g * latent + l);
    x.row(i) = p.cast<float>();
  }
  return x;
}

ThreadPool& pool() {
  static ThreadPool p(g_threads);
  return p;
}

void BM_RbfKernel(benchmark::State& state) {
  const Eigen::Index n = state.range(0), d = state.range(1);
  const RowMatrixF x = synthetic(n, d, 1);
  const Eigen::VectorXd norms = kernel_pca_detail::row_norms(pool(), x);
  for (auto _ : state) {
    auto k = kernel_pca_detail::rbf_kernel_symmetric<float>(pool(), x, norms, 1.0 / d, {});
    benchmark::DoNotOptimize(k.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(static_cast<double>(n) * n * d,
                                                 benchmark::Counter::kIsIterationInvariantRate);  // n^2 d / 2 MACs
}
BENCHMARK(BM_RbfKernel)->Args({2000, 4096})->Args({8500, 4096})->Unit(benchmark::kMillisecond)->UseRealTime();

// The centred kernel of n synthetic points, float (as Kernel PCA keeps it) and double.
struct CentredKernel {
  RowMatrixF f;
  RowMatrixD d;
};
const CentredKernel& centred_kernel(Eigen::Index n) {
  static std::map<Eigen::Index, CentredKernel> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  const RowMatrixF x = synthetic(n, 512, 2);
  const Eigen::VectorXd norms = kernel_pca_detail::row_norms(pool(), x);
  RowMatrixD k = kernel_pca_detail::rbf_kernel_symmetric<double>(pool(), x, norms, 1.0 / 512, {});
  const Eigen::VectorXd m = k.rowwise().mean();
  const double all = m.mean();
  for (Eigen::Index r = 0; r < n; ++r) {
    k.row(r) -= m.transpose();
    k.row(r).array() += all - m[r];
  }
  CentredKernel c{k.cast<float>(), std::move(k)};
  return cache.emplace(n, std::move(c)).first->second;
}

// state.range(1): 0 = block Krylov (float products, as Kernel PCA runs it), 1 = block Krylov
// in double, 2 = Spectra Lanczos, 3 = dense.
void BM_EigenTop200(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  const auto& k = centred_kernel(n);
  EigenOptions o;
  o.count = 200;
  int products = 0;
  for (auto _ : state) {
    EigenResult e;
    switch (state.range(1)) {
      case 0:
        o.block = 32;
        o.tolerance = 1e-6;
        e = top_eigen_block_krylov(
            n,
            [&](const RowMatrixD& z, RowMatrixD& az) {
              const RowMatrixF zf = z.cast<float>();
              RowMatrixF azf(n, z.cols());
              linalg::multiply<float>(pool(), k.f, zf, azf);
              az = azf.cast<double>();
            },
            o, pool());
        break;
      case 1:
        o.tolerance = 1e-9;
        e = top_eigen_block_krylov(
            n, [&](const RowMatrixD& z, RowMatrixD& az) { linalg::multiply<double>(pool(), k.d, z, az); }, o, pool());
        break;
      case 2:
        o.tolerance = 1e-9;
        e = top_eigen_lanczos(k.d, o, pool());
        break;
      default: e = top_eigen_dense(k.d, o); break;
    }
    products = e.products;
    benchmark::DoNotOptimize(e.values.data());
  }
  state.counters["products"] = products;
  state.SetLabel(state.range(1) == 0   ? "block Krylov, float"
                 : state.range(1) == 1 ? "block Krylov, double"
                 : state.range(1) == 2 ? "Spectra Lanczos"
                                       : "dense");
}
BENCHMARK(BM_EigenTop200)
    ->Args({2000, 0})
    ->Args({2000, 1})
    ->Args({2000, 2})
    ->Args({2000, 3})
    ->Args({8500, 0})
    ->Args({8500, 1})
    ->Args({8500, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

void BM_ExactKnn(benchmark::State& state) {
  const RowMatrixF x = synthetic(state.range(0), 200, 3);
  for (auto _ : state) {
    auto nb = tsne::exact_neighbors(x, 91, pool());
    benchmark::DoNotOptimize(nb.index.data());
  }
}
BENCHMARK(BM_ExactKnn)->Arg(8500)->Arg(20000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TsneAffinities(benchmark::State& state) {
  const RowMatrixF x = synthetic(state.range(0), 200, 4);
  for (auto _ : state) {
    auto p = tsne::affinities(x, 30.0, pool());
    benchmark::DoNotOptimize(p.values.data());
  }
}
BENCHMARK(BM_TsneAffinities)->Arg(8500)->Unit(benchmark::kMillisecond)->UseRealTime();

// One gradient evaluation on a spread-out layout (the late, expensive iterations).
void BM_TsneGradient(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  const RowMatrixF x = synthetic(n, 50, 5);
  const auto p = tsne::affinities(x, 30.0, pool());
  Rng rng(6);
  std::vector<double> y(static_cast<std::size_t>(2 * n));
  for (Eigen::Index i = 0; i < n; ++i) {  // ten clusters of radius ~5 on a circle of radius 30
    const double a = 2 * 3.14159265358979 * static_cast<double>(i % 10) / 10;
    y[2 * i] = 30 * std::cos(a) + 5 * rng.normal();
    y[2 * i + 1] = 30 * std::sin(a) + 5 * rng.normal();
  }
  std::vector<double> grad(y.size());
  tsne::Gradient g;
  const double theta = static_cast<double>(state.range(1)) / 10;
  for (auto _ : state) benchmark::DoNotOptimize(g.compute(p, y.data(), 1.0, theta, false, grad.data(), pool(), 32));
  state.counters["points/s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_TsneGradient)->Args({8500, 5})->Args({70000, 5})->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_MiniBatchKMeans(benchmark::State& state) {
  const RowMatrixF x = synthetic(state.range(0), 2, 7);
  MiniBatchKMeansOptions o;
  o.clusters = static_cast<int>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(minibatch_kmeans(x, o, pool()).inertia);
}
BENCHMARK(BM_MiniBatchKMeans)->Args({8500, 2})->Args({8500, 10})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      g_threads = std::atoi(argv[++i]);
      continue;
    }
    rest.push_back(argv[i]);
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::AddCustomContext("threads", std::to_string(g_threads));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
