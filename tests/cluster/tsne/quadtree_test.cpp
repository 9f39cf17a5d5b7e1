#include <aecluster/cluster/tsne/quadtree.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "cluster/tsne/exact_reference.hpp"
#include "clustering_util.hpp"

using aecluster::Error;
using aecluster::RowMatrixF;
using aecluster::ThreadPool;
namespace tsne = aecluster::tsne;
using test::Exact;
using test::exact_gradient;
using test::random_layout;

TEST_SUITE("tsne") {
  TEST_CASE("tsne: the quadtree holds every point once with correct centres of mass") {
    std::vector<double> y = random_layout(3000, 5.0, 23);
    for (int i = 0; i < 40; ++i) y[2 * i] = y[2 * i + 1] = 0.25;  // duplicates must not break it
    tsne::QuadTree tree;
    tree.build(y.data(), 3000, 8);
    const auto& nodes = tree.nodes();
    std::vector<int> seen(3000, 0);
    for (std::int32_t leaf : tree.leaves()) {
      const auto& nd = nodes[leaf];
      CHECK(nd.children == 0);
      for (std::int32_t s = nd.begin; s < nd.end; ++s) ++seen[tree.order()[s]];
    }
    for (int v : seen) REQUIRE(v == 1);
    for (const auto& nd : nodes) {
      double sx = 0;
      for (std::int32_t s = nd.begin; s < nd.end; ++s) sx += tree.sorted_x()[s];
      REQUIRE(nd.count == nd.end - nd.begin);
      REQUIRE(nd.cx == doctest::Approx(sx / nd.count));
      if (nd.children > 0) {
        std::int32_t covered = 0;
        for (std::int32_t c = nd.first_child; c < nd.first_child + nd.children; ++c) covered += nodes[c].count;
        REQUIRE(covered == nd.count);
      }
    }
    // All points identical: one leaf at the maximum depth, no infinite recursion.
    std::vector<double> same(2 * 100, 1.5);
    tree.build(same.data(), 100, 4);
    CHECK(tree.leaves().size() == 1);
  }
}
