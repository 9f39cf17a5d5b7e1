#include <aecluster/data/batches.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

namespace data = aecluster::data;
using aecluster::Error;

namespace {
std::vector<std::int64_t> epoch_order(std::int64_t n, std::uint64_t seed, std::int64_t epoch) {
  data::Batches b(n, {.batch_size = 4, .shuffle = true, .seed = seed});
  b.start_epoch(epoch);
  return {b.order().begin(), b.order().end()};
}
}  // namespace

TEST_CASE("batches: every epoch is a permutation cut into batches, the last one partial") {
  data::Batches b(10, {.batch_size = 4, .shuffle = true, .seed = 1});
  CHECK(b.size() == 10);
  CHECK(b.batch_count() == 3);
  CHECK(b.batch(0).size() == 4);
  CHECK(b.batch(2).size() == 2);  // drop_last=False, as PyTorch's DataLoader
  std::vector<std::int64_t> seen;
  for (std::int64_t k = 0; k < b.batch_count(); ++k)
    for (auto i : b.batch(k)) seen.push_back(i);
  std::sort(seen.begin(), seen.end());
  for (int i = 0; i < 10; ++i) CHECK(seen[static_cast<std::size_t>(i)] == i);
  CHECK_THROWS_WITH_AS((void)b.batch(3), "batches: batch 3 is outside 0..2", Error);
}

TEST_CASE("batches: the order depends only on seed and epoch") {
  CHECK(epoch_order(50, 7, 0) == epoch_order(50, 7, 0));
  CHECK(epoch_order(50, 7, 0) != epoch_order(50, 7, 1));
  CHECK(epoch_order(50, 7, 0) != epoch_order(50, 8, 0));
  // Resuming: epoch 5 after epochs 0..4 is epoch 5 from scratch.
  data::Batches b(50, {.batch_size = 4, .seed = 7});
  for (int e = 0; e < 5; ++e) b.start_epoch(e);
  b.start_epoch(5);
  CHECK(std::vector<std::int64_t>(b.order().begin(), b.order().end()) == epoch_order(50, 7, 5));
  // Pinned values: the same on every machine and compiler (xoshiro256++ and Lemire's bounded draw).
  const std::vector<std::int64_t> pinned = epoch_order(8, 0, 0);
  CHECK(pinned == std::vector<std::int64_t>{3, 0, 4, 2, 1, 6, 7, 5});
}

TEST_CASE("batches: no-shuffle mode and a limit") {
  data::Batches b(10, {.batch_size = 3, .shuffle = false, .limit = 7});
  CHECK(b.size() == 7);
  CHECK(b.batch_count() == 3);
  b.start_epoch(4);
  for (int i = 0; i < 7; ++i) CHECK(b.order()[static_cast<std::size_t>(i)] == i);
  CHECK(b.batch(2).size() == 1);
  data::Batches limited(10, {.batch_size = 3, .shuffle = true, .seed = 3, .limit = 4});
  for (auto i : limited.order()) CHECK(i < 4);
  CHECK(data::Batches(5, {.batch_size = 2, .limit = 50}).size() == 5);  // a limit above the size uses everything
}

TEST_CASE("batches: bad arguments") {
  CHECK_THROWS_WITH_AS(data::Batches(0, {}), "batches: the data set is empty", Error);
  CHECK_THROWS_WITH_AS(data::Batches(5, {.batch_size = 0}), doctest::Contains("batch size must be positive"), Error);
  CHECK_THROWS_WITH_AS(data::Batches(5, {.limit = -1}), doctest::Contains("limit must be >= 0"), Error);
  data::Batches b(5, {});
  CHECK_THROWS_WITH_AS(b.start_epoch(-1), doctest::Contains("epoch must be >= 0"), Error);
}
