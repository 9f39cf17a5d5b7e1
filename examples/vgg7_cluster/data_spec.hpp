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
  int channels = 0;  // images:DIR only: 1, 3, or 0 (auto: 1 when every image is grey)
};

// `channels` is the --channels argument: "1", "3" or "auto".
DataSpec parse_data_spec(const std::string& text, const std::string& channels = "auto");

// --channels 1|3|auto, for the commands that take --data.
inline constexpr const char* channels_help =
    "Channels of images:DIR: 1 (grey), 3 (RGB) or auto (1 when every image is grey)";

struct TrainValData {
  aecluster::data::Dataset train;
  std::optional<aecluster::data::Dataset> val;  // labelled, when the source has one
  std::string description;
};

// Loads the source (a folder of images with spec.channels channels).
TrainValData load_data(const DataSpec& spec, aecluster::ThreadPool& pool);

}  // namespace vgg7
