#pragma once
// The order in which training visits the images: per epoch, a permutation of 0..size-1 drawn from
// aecluster::Rng (fully specified, so the same seed gives the same order on every machine), cut
// into mini-batches, the last one partial (PyTorch's DataLoader default, drop_last=False).
//
// Epoch e's order depends only on (seed, e): it is the identity shuffled by
// Rng(seed, batches_rng_stream + e), not a continuation of earlier epochs, so a run resumed at
// epoch e sees the same batches as one that never stopped. The stream offset keeps these draws
// apart from other uses of the same seed (weight initialisation, say).
#include <aecluster/error.hpp>
#include <aecluster/random.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

namespace aecluster::data {

inline constexpr std::uint64_t batches_rng_stream = 0x6261746368000000ull;  // "batch"

struct BatchOptions {
  std::int64_t batch_size = 64;
  bool shuffle = true;  // false: images in order 0, 1, 2, ... every epoch
  std::uint64_t seed = 0;
  std::int64_t limit = 0;  // > 0: use only the first `limit` images (all if the data set is smaller)
};

class Batches {
 public:
  Batches(std::int64_t dataset_size, const BatchOptions& options) : options_(options) {
    require(dataset_size > 0, "batches: the data set is empty");
    require(options.batch_size > 0, "batches: the batch size must be positive, got ", options.batch_size);
    require(options.limit >= 0, "batches: the limit must be >= 0 (0 = all images), got ", options.limit);
    size_ = options.limit > 0 ? std::min(options.limit, dataset_size) : dataset_size;
    order_.resize(static_cast<std::size_t>(size_));
    start_epoch(0);
  }

  // Sets the order for `epoch` (0-based). Allocates nothing.
  void start_epoch(std::int64_t epoch) {
    require(epoch >= 0, "batches: epoch must be >= 0, got ", epoch);
    std::iota(order_.begin(), order_.end(), std::int64_t{0});
    if (options_.shuffle) {
      Rng rng(options_.seed, batches_rng_stream + static_cast<std::uint64_t>(epoch));
      rng.shuffle(std::span<std::int64_t>(order_));
    }
    epoch_ = epoch;
  }

  [[nodiscard]] std::int64_t epoch() const { return epoch_; }
  [[nodiscard]] std::int64_t size() const { return size_; }  // images per epoch
  [[nodiscard]] std::int64_t batch_size() const { return options_.batch_size; }
  [[nodiscard]] std::int64_t batch_count() const { return (size_ + options_.batch_size - 1) / options_.batch_size; }
  [[nodiscard]] std::span<const std::int64_t> order() const { return order_; }
  // The image indices of batch b of the current epoch (the last one may be shorter).
  [[nodiscard]] std::span<const std::int64_t> batch(std::int64_t b) const {
    require(b >= 0 && b < batch_count(), "batches: batch ", b, " is outside 0..", batch_count() - 1);
    const auto begin = b * options_.batch_size;
    const auto end = std::min(size_, begin + options_.batch_size);
    return std::span<const std::int64_t>(order_).subspan(static_cast<std::size_t>(begin),
                                                         static_cast<std::size_t>(end - begin));
  }

 private:
  BatchOptions options_;
  std::int64_t size_ = 0;
  std::int64_t epoch_ = 0;
  std::vector<std::int64_t> order_;
};

}  // namespace aecluster::data
