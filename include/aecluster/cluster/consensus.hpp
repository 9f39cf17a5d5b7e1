#pragma once
// Consensus of several clusterings of the same points (several seeds, or the last checkpoints
// of one training run) by aligned-label voting: every clustering's labels are renamed to best
// agree with a reference (Hungarian matching on the contingency table, as clustering_accuracy),
// then each point takes the label most clusterings gave it. The reference starts as the medoid
// clustering (the one agreeing best with all the others) and is replaced by the vote until the
// vote no longer changes. Ties go to the lower label; the result does not depend on the order
// only through the reference choice, which breaks ties towards the first clustering.
// O(R N + R K^3) for R clusterings of N points into K clusters.
#include <aecluster/cluster/metrics.hpp>
#include <aecluster/error.hpp>
#include <aecluster/tensor.hpp>

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace aecluster {

struct ConsensusResult {
  Tensor<std::int64_t> labels;    // (N,), values in [0, K)
  std::vector<double> agreement;  // per input clustering: fraction of points agreeing with the consensus
  int rounds = 0;                 // voting rounds until the vote stopped changing
};

namespace consensus_detail {

// `labels` renamed so that they agree best with `reference` (both with values in [0, k)).
inline std::vector<std::int64_t> aligned(std::span<const std::int64_t> labels, std::span<const std::int64_t> reference,
                                         int k) {
  const auto kk = static_cast<std::size_t>(k);
  std::vector<double> cost(kk * kk, 0.0);
  for (std::size_t i = 0; i < labels.size(); ++i)
    cost[static_cast<std::size_t>(labels[i]) * kk + static_cast<std::size_t>(reference[i])] -= 1;
  const auto match = hungarian(cost, kk, kk);  // row -> column
  std::vector<std::int64_t> out(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i)
    out[i] = static_cast<std::int64_t>(match[static_cast<std::size_t>(labels[i])]);
  return out;
}

inline double agreement(std::span<const std::int64_t> a, std::span<const std::int64_t> b) {
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return double(same) / double(a.size());
}

}  // namespace consensus_detail

// `clusterings`: R >= 1 label vectors of equal length N with values in [0, clusters).
inline ConsensusResult consensus_vote(const std::vector<Tensor<std::int64_t>>& clusterings, int clusters,
                                      int max_rounds = 20) {
  using namespace consensus_detail;
  require(!clusterings.empty(), "consensus: no clusterings to combine");
  require(clusters >= 1, "consensus: clusters must be at least 1, got ", clusters);
  const std::int64_t n = clusterings.front().numel();
  require(n > 0, "consensus: the clusterings are empty");
  for (std::size_t r = 0; r < clusterings.size(); ++r) {
    require(clusterings[r].numel() == n, "consensus: clustering ", r, " has ", clusterings[r].numel(),
            " labels, the first has ", n);
    for (std::int64_t i = 0; i < n; ++i)
      require(clusterings[r][i] >= 0 && clusterings[r][i] < clusters, "consensus: clustering ", r, " labels point ", i,
              " with ", clusterings[r][i], ", outside [0, ", clusters, ")");
  }
  const std::size_t runs = clusterings.size();
  // the medoid: the clustering with the highest total aligned agreement with the others
  std::size_t medoid = 0;
  double best = -1;
  for (std::size_t a = 0; a < runs; ++a) {
    double total = 0;
    for (std::size_t b = 0; b < runs; ++b)
      if (a != b)
        total += agreement(aligned(clusterings[b].span(), clusterings[a].span(), clusters), clusterings[a].span());
    if (total > best) {
      best = total;
      medoid = a;
    }
  }
  std::vector<std::int64_t> reference(clusterings[medoid].span().begin(), clusterings[medoid].span().end());
  ConsensusResult result;
  std::vector<std::vector<std::int64_t>> renamed(runs);
  for (int round = 1; round <= max_rounds; ++round) {
    result.rounds = round;
    for (std::size_t r = 0; r < runs; ++r) renamed[r] = aligned(clusterings[r].span(), reference, clusters);
    std::vector<std::int64_t> vote(static_cast<std::size_t>(n));
    std::vector<int> count(static_cast<std::size_t>(clusters));
    for (std::int64_t i = 0; i < n; ++i) {
      std::fill(count.begin(), count.end(), 0);
      for (std::size_t r = 0; r < runs; ++r) ++count[static_cast<std::size_t>(renamed[r][static_cast<std::size_t>(i)])];
      vote[static_cast<std::size_t>(i)] = std::max_element(count.begin(), count.end()) - count.begin();
    }
    const bool stable = vote == reference;
    reference = std::move(vote);
    if (stable) break;
  }
  result.labels = Tensor<std::int64_t>({n});
  std::copy(reference.begin(), reference.end(), result.labels.data());
  for (std::size_t r = 0; r < runs; ++r)
    result.agreement.push_back(agreement(aligned(clusterings[r].span(), reference, clusters), reference));
  return result;
}

}  // namespace aecluster
