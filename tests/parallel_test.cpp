#include <aecluster/parallel.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <numeric>
#include <vector>

TEST_CASE("ThreadPool runs every task exactly once, whatever the thread count") {
  for (int threads : {1, 2, 3, 8}) {
    aecluster::ThreadPool pool(threads);
    CHECK(pool.size() == threads);
    std::vector<int> hits(1000, 0);
    for (int round = 0; round < 20; ++round) pool.run(1000, [&](std::int64_t i, int) { ++hits[i]; });
    for (int h : hits) REQUIRE(h == 20);
  }
}

TEST_CASE("ThreadPool gives workers distinct slots and rethrows task errors") {
  aecluster::ThreadPool pool(4);
  std::vector<std::atomic<int>> in_use(4);
  bool overlap = false;
  pool.run(400, [&](std::int64_t, int w) {
    if (in_use[w].fetch_add(1) != 0) overlap = true;
    in_use[w].fetch_sub(1);
  });
  CHECK_FALSE(overlap);
  CHECK_THROWS_WITH_AS(pool.run(10,
                                [](std::int64_t i, int) {
                                  if (i == 3) throw aecluster::Error("task 3");
                                }),
                       "task 3", aecluster::Error);
  // The pool stays usable after a failure.
  std::atomic<int> count{0};
  pool.run(10, [&](std::int64_t, int) { ++count; });
  CHECK(count == 10);
}

TEST_CASE("Nested parallel regions run serially instead of deadlocking") {
  aecluster::ThreadPool pool(2);
  std::atomic<int> count{0};
  pool.run(4, [&](std::int64_t, int) { pool.run(5, [&](std::int64_t, int) { ++count; }); });
  CHECK(count == 20);
}

TEST_CASE("for_range covers the range in fixed blocks") {
  aecluster::ThreadPool pool(3);
  std::vector<int> v(103, 0);
  pool.for_range(103, 10, [&](std::int64_t b, std::int64_t e, int) {
    CHECK(e - b <= 10);
    for (auto i = b; i < e; ++i) v[i] += 1;
  });
  CHECK(std::accumulate(v.begin(), v.end(), 0) == 103);
}
