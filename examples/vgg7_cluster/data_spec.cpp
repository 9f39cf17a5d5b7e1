#include "data_spec.hpp"

#include <aecluster/data/fashion_mnist.hpp>
#include <aecluster/data/hw9.hpp>
#include <aecluster/data/image_folder.hpp>
#include <aecluster/error.hpp>

namespace vgg7 {

DataSpec parse_data_spec(const std::string& text, const std::string& channels) {
  DataSpec spec;
  spec.text = text;
  if (channels == "1" || channels == "3")
    spec.channels = channels[0] - '0';
  else
    aecluster::require(channels == "auto", "--channels ", channels, ": expected 1, 3 or auto");
  const auto colon = text.find(':');
  const std::string kind = text.substr(0, colon);
  spec.path = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (kind == "fashion-mnist") {
    spec.kind = DataSpec::Kind::fashion_mnist;
  } else if (kind == "hw9" || kind == "images") {
    spec.kind = kind == "hw9" ? DataSpec::Kind::hw9 : DataSpec::Kind::images;
    aecluster::require(!spec.path.empty(), "--data ", text, ": give the folder, as ", kind, ":DIR");
  } else {
    aecluster::fail("--data ", text, ": expected fashion-mnist, hw9:DIR or images:DIR");
  }
  return spec;
}

TrainValData load_data(const DataSpec& spec, aecluster::ThreadPool& pool) {
  namespace data = aecluster::data;
  TrainValData out;
  switch (spec.kind) {
    case DataSpec::Kind::fashion_mnist: {
      const auto dir = spec.path.empty() ? data::fashion_mnist_default_dir : std::filesystem::path(spec.path);
      out.train = data::load_fashion_mnist(data::Split::train, dir);
      out.val = data::load_fashion_mnist(data::Split::test, dir);
      out.description = "Fashion-MNIST (" + dir.string() + "): train 60000, test 10000 as validation";
      break;
    }
    case DataSpec::Kind::hw9: {
      auto hw9 = data::load_hw9(spec.path);
      out.train = std::move(hw9.train);
      out.val = std::move(hw9.val);
      out.description = "assignment layout in " + spec.path;
      break;
    }
    case DataSpec::Kind::images: {
      data::ImageFolderOptions options;
      options.channels = spec.channels;
      options.pool = &pool;
      auto folder = data::load_image_folder(spec.path, options);
      out.train = std::move(folder.dataset);
      if (out.train.has_labels()) out.val = out.train;
      out.description = "images in " + spec.path;
      break;
    }
  }
  out.train.validate_size();
  if (out.val) out.val->validate_size();
  return out;
}

}  // namespace vgg7
