#include <aecluster/cluster/metrics.hpp>
#include <aecluster/pipeline.hpp>

#include <doctest/doctest.h>

#include <limits>

#include "clustering_util.hpp"

using aecluster::ClusterConfig;
using aecluster::Error;
using aecluster::RowMatrixF;
using aecluster::Tensor;
using aecluster::ThreadPool;

namespace {
Tensor<float> to_tensor(const RowMatrixF& m) { return aecluster::linalg::to_tensor(m); }
}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("pipeline: latents -> Kernel PCA -> t-SNE -> k-means recovers separated groups") {
    const auto blobs = test::make_blobs(3, 200, 64, 1.0, 0.15, 31);
    ClusterConfig c;
    c.clusters = 3;
    c.threads = 2;
    c.kernel_pca.components = 50;
    std::vector<std::string> stages;
    const auto r = aecluster::cluster(to_tensor(blobs.x), c, [&](std::string_view stage, std::int64_t, std::int64_t) {
      if (stages.empty() || stages.back() != stage) stages.emplace_back(stage);
    });
    REQUIRE(r.labels.dim(0) == 600);
    REQUIRE(r.embedding.dim(0) == 600);
    REQUIRE(r.embedding.dim(1) == 2);
    CHECK(aecluster::clustering_accuracy(r.labels.span(), blobs.labels) == 1.0);
    CHECK(aecluster::normalized_mutual_info(r.labels.span(), blobs.labels) == doctest::Approx(1.0));
    CHECK(r.kl_divergence > 0);
    CHECK_FALSE(r.nystroem);
    REQUIRE(r.timings.size() == 3);
    CHECK(r.timings[0].stage == "kernel_pca");
    CHECK(r.timings[1].stage == "tsne");
    CHECK(r.timings[2].stage == "kmeans");
    for (const auto& t : r.timings) CHECK(t.seconds >= 0);
    // Progress arrives stage by stage, in the order the data flows.
    REQUIRE(stages.size() >= 3);
    CHECK(stages.front() == "kernel");
    CHECK(stages.back() == "tsne");
  }

  TEST_CASE("pipeline: the same seed gives bit-identical labels and embedding for 1, 2 and 3 threads") {
    const auto blobs = test::make_blobs(4, 120, 32, 1.0, 0.4, 32);
    ClusterConfig c;
    c.clusters = 4;
    c.kernel_pca.components = 40;
    c.tsne.iterations = 300;
    c.seed = 9;
    c.threads = 1;
    const auto x = to_tensor(blobs.x);
    const auto ref = aecluster::cluster(x, c);
    for (int threads : {2, 3}) {
      c.threads = threads;
      const auto r = aecluster::cluster(x, c);
      CHECK(r.kl_divergence == ref.kl_divergence);
      CHECK(r.inertia == ref.inertia);
      for (Eigen::Index i = 0; i < ref.embedding.numel(); ++i) REQUIRE(r.embedding[i] == ref.embedding[i]);
      for (Eigen::Index i = 0; i < ref.labels.numel(); ++i) REQUIRE(r.labels[i] == ref.labels[i]);
    }
  }

  TEST_CASE("pipeline: Nystroem takes over above the exact-kernel limit; Lloyd k-means on request") {
    const auto blobs = test::make_blobs(3, 150, 48, 1.0, 0.15, 33);
    ClusterConfig c;
    c.clusters = 3;
    c.threads = 2;
    c.kernel_pca.components = 30;
    c.kernel_pca.exact_max_points = 100;  // forces the approximation at N = 450
    c.minibatch = false;
    const auto r = aecluster::cluster(to_tensor(blobs.x), c);
    CHECK(r.nystroem);
    CHECK(aecluster::clustering_accuracy(r.labels.span(), blobs.labels) == 1.0);
  }

  TEST_CASE("pipeline: bad input is refused before any stage runs") {
    ClusterConfig c;
    c.threads = 1;
    RowMatrixF x = RowMatrixF::Random(50, 4);
    c.clusters = 51;
    CHECK_THROWS_WITH_AS(aecluster::cluster(to_tensor(x), c), doctest::Contains("50 points cannot form 51 clusters"),
                         Error);
    c.clusters = 2;
    CHECK_THROWS_WITH_AS(aecluster::cluster(to_tensor(RowMatrixF::Random(30, 4)), c),
                         doctest::Contains("perplexity (30) must be positive and less than the number of points (30)"),
                         Error);
    x(10, 3) = std::numeric_limits<float>::infinity();
    CHECK_THROWS_WITH_AS(aecluster::cluster(to_tensor(x), c), doctest::Contains("row 10, column 3"), Error);
    CHECK_THROWS_WITH_AS(aecluster::cluster(to_tensor(RowMatrixF(50, 0)), c), doctest::Contains("zero dimensions"),
                         Error);
    CHECK_THROWS_WITH_AS(aecluster::cluster(to_tensor(RowMatrixF(0, 3)), c), doctest::Contains("no points"), Error);
    Tensor<float> cube(aecluster::Shape{4, 2, 2});
    CHECK_THROWS_WITH_AS(aecluster::cluster(cube, c), doctest::Contains("expected a 2-D (N, D) array"), Error);
  }
}
