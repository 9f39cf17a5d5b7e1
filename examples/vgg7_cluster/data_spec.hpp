#pragma once
// The --data argument: fashion-mnist[:DIR], hw9:DIR or images:DIR, and the train/validation
// sets each source provides.
#include <aecluster/data/dataset.hpp>
#include <aecluster/parallel.hpp>

#include <optional>
#include <string>

namespace vgg7 {

struct DataSpec {
  enum class Kind { fashion_mnist, hw9, images };
  Kind kind = Kind::fashion_mnist;
  std::string path;  // empty for fashion-mnist's Debian folder
  std::string text;  // as given
};

DataSpec parse_data_spec(const std::string& text);

struct TrainValData {
  aecluster::data::Dataset train;
  std::optional<aecluster::data::Dataset> val;  // labelled, when the source has one
  std::string description;
};

// Loads the source; `channels` > 0 converts a folder of images to that many channels.
TrainValData load_data(const DataSpec& spec, aecluster::ThreadPool& pool, int channels = 3);

}  // namespace vgg7
