#pragma once
// Which architecture, and how many input channels, a checkpoint file holds (checkpoint.hpp
// writes them; a PyTorch state_dict is recognised by its keys), so that a program can create
// the matching model before loading it.
#include <aecluster/error.hpp>
#include <aecluster/io/safetensors.hpp>
#include <aecluster/nn/archs.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace aecluster {

// What a checkpoint file says about itself.
struct CheckpointSummary {
  std::string arch;  // one of archs::names
  int channels = 0;  // input channels, from encoder.0.weight
  std::map<std::string, std::string> metadata;
};

// Reads the architecture and input channels of a checkpoint: the architecture from our
// metadata ("arch", written on save), or for a state_dict saved elsewhere (PyTorch) from the
// keys it has; both must agree when both are there.
inline CheckpointSummary inspect_checkpoint(const io::SafeTensors& st) {
  CheckpointSummary s;
  s.metadata = st.metadata;
  const auto& w = st.at("encoder.0.weight");
  require(w.shape.rank() == 4, st.source, ": tensor 'encoder.0.weight' has shape ", w.shape.str(),
          ", expected (64, C, 3, 3)");
  require(w.shape[1] >= 1 && w.shape[1] <= 4096, st.source, ": tensor 'encoder.0.weight' has shape ", w.shape.str(),
          ", expected (64, C, 3, 3) with C a channel count");
  s.channels = static_cast<int>(w.shape[1]);
  const std::string inferred(archs::guess([&](std::string_view key) { return st.contains(std::string(key)); }));
  if (auto it = st.metadata.find("arch"); it != st.metadata.end()) {
    require(archs::known(it->second), st.source, ": metadata names an unknown architecture '", it->second,
            "' (expected ", archs::name_list(), ")");
    require(it->second == inferred, st.source, ": metadata says architecture '", it->second,
            "' but the tensors are those of '", inferred, "'");
    s.arch = it->second;
  } else {
    s.arch = inferred;
  }
  return s;
}
inline CheckpointSummary inspect_checkpoint(const std::filesystem::path& path) {
  return inspect_checkpoint(io::read_safetensors(path));
}

}  // namespace aecluster
