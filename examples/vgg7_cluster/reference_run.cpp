#include "reference_run.hpp"

#include <aecluster/cluster/metrics.hpp>
#include <aecluster/data/preprocess.hpp>

#include <cstdio>

namespace vgg7 {

aecluster::Tensor<float> pixel_features(const aecluster::data::Dataset& d, aecluster::ThreadPool& pool) {
  const std::int64_t per_image = std::int64_t{d.height()} * d.width() * d.channels();
  aecluster::Tensor<float> x(aecluster::Shape{d.size(), per_image});
  aecluster::data::to_input(d.images, 0, d.size(), x.data(), &pool);
  return x;
}

ReferenceOutcome reference_from_features(const aecluster::Tensor<float>& features, const RunInputs& in,
                                         aecluster::ThreadPool& pool, std::string what, bool untrained_network) {
  ReferenceOutcome r;
  r.name = std::move(what);
  r.untrained_network = untrained_network;
  const std::string label = untrained_network ? "untrained " + r.name : r.name;
  const auto result = cluster(features, in, pool, "reference: " + label);
  if (in.val.has_labels()) {
    r.val_accuracy = aecluster::clustering_accuracy(result.labels.span(), in.val.labels->span());
    r.val_nmi = aecluster::normalized_mutual_info(result.labels.span(), in.val.labels->span());
    std::fprintf(stderr, "reference, %s: validation accuracy %.4f, NMI %.4f\n", label.c_str(), r.val_accuracy,
                 r.val_nmi);
  }
  return r;
}

}  // namespace vgg7
