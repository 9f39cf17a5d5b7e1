#pragma once
// Checkpoints as safetensors files with PyTorch's state_dict keys, so that a PyTorch user can
// load_state_dict(safetensors.torch.load_file(path)) and a PyTorch model's weights saved as
// safetensors load here. The optimiser state goes into a sibling file (<stem>.adam.safetensors)
// so that the model file stays a clean state_dict; together they resume training exactly.
#include <aecluster/error.hpp>
#include <aecluster/io/safetensors.hpp>
#include <aecluster/nn/adam.hpp>
#include <aecluster/nn/parameter_store.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace aecluster {

inline constexpr const char* checkpoint_format = "aecluster-checkpoint-1";

// A double as metadata text that reads back to the same bits.
inline std::string format_double(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// The model's state_dict (plus metadata) as safetensors contents.
template <class Model>
io::SafeTensors checkpoint_contents(Model& model, const std::map<std::string, std::string>& metadata = {}) {
  using T = typename Model::T;
  using Device = typename Model::Device;
  io::SafeTensors st;
  st.metadata = metadata;
  st.metadata["format"] = checkpoint_format;
  st.metadata["arch"] = std::string(Model::arch_name);
  st.metadata["in_channels"] = std::to_string(Model::channels);
  std::vector<T> params(static_cast<std::size_t>(model.parameter_count()));
  std::vector<T> buffers(static_cast<std::size_t>(model.buffer_count()));
  Device::download(model.context(), model.parameters(), params.data(), model.parameter_count());
  Device::download(model.context(), model.buffers(), buffers.data(), model.buffer_count());
  for (const auto& e : model.state()) {
    switch (e.kind) {
      case TensorSpec::Kind::parameter: st.add(e.name, params.data() + e.offset, e.shape); break;
      case TensorSpec::Kind::buffer: st.add(e.name, buffers.data() + e.offset, e.shape); break;
      case TensorSpec::Kind::counter: st.add(e.name, model.counters().data() + e.offset, e.shape); break;
    }
  }
  return st;
}

template <class Model>
void save_checkpoint(const std::filesystem::path& path, Model& model,
                     const std::map<std::string, std::string>& metadata = {}) {
  io::write_safetensors(path, checkpoint_contents(model, metadata));
}

// Loads every tensor of the model from `st`, as PyTorch's load_state_dict(strict=True) does:
// a missing, unexpected or misshapen tensor is an error naming it. Floating-point tensors of
// any precision are converted; nothing in the model changes unless everything checks out.
template <class Model>
void load_checkpoint(const io::SafeTensors& st, Model& model) {
  using T = typename Model::T;
  using Device = typename Model::Device;
  std::vector<std::string> missing;
  for (const auto& e : model.state())
    if (!st.contains(e.name)) missing.push_back(e.name);
  if (!missing.empty()) {
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 8; ++i) list += (i ? ", " : "") + missing[i];
    fail(st.source, ": ", missing.size(), " tensor(s) of architecture '", Model::arch_name, "' with ", Model::channels,
         " channel(s) are missing: ", list, missing.size() > 8 ? ", ..." : "");
  }
  for (const auto& [name, t] : st.tensors) {
    bool known = false;
    for (const auto& e : model.state()) known = known || e.name == name;
    require(known, st.source, ": unexpected tensor '", name, "' for architecture '", Model::arch_name, "'");
  }
  std::vector<T> params(static_cast<std::size_t>(model.parameter_count()));
  std::vector<T> buffers(static_cast<std::size_t>(model.buffer_count()));
  std::vector<std::int64_t> counters(model.counters().begin(), model.counters().end());
  for (const auto& e : model.state()) {
    const auto& t = st.at(e.name);
    require(t.shape == e.shape, st.source, ": tensor '", e.name, "' has shape ", t.shape.str(), ", expected ",
            e.shape.str());
    if (e.kind == TensorSpec::Kind::counter) {
      const auto v = st.get_converted<std::int64_t>(e.name);
      counters[static_cast<std::size_t>(e.offset)] = v[0];
      continue;
    }
    require(io::dtype_is_float(t.dtype), st.source, ": tensor '", e.name, "' has dtype ",
            io::safetensors_dtype_code(t.dtype), ", expected a floating-point type");
    const auto v = st.get_converted<T>(e.name);
    for (std::int64_t i = 0; i < e.numel; ++i) {
      require(std::isfinite(static_cast<double>(v[i])), st.source, ": tensor '", e.name,
              "' holds a non-finite value at index ", i);
    }
    auto& dst = e.kind == TensorSpec::Kind::parameter ? params : buffers;
    std::copy_n(v.data(), e.numel, dst.data() + e.offset);
  }
  Device::upload(model.context(), params.data(), model.parameters(), model.parameter_count());
  Device::upload(model.context(), buffers.data(), model.buffers(), model.buffer_count());
  std::ranges::copy(counters, model.counters().begin());
}
template <class Model>
std::map<std::string, std::string> load_checkpoint(const std::filesystem::path& path, Model& model) {
  const auto st = io::read_safetensors(path);
  load_checkpoint(st, model);
  return st.metadata;
}

// <dir>/<stem>.adam.safetensors beside <dir>/<stem>.safetensors.
inline std::filesystem::path optimizer_path(const std::filesystem::path& checkpoint) {
  auto p = checkpoint;
  p.replace_extension(".adam.safetensors");
  return p;
}

// The Adam state, keyed "<parameter>.exp_avg" and "<parameter>.exp_avg_sq", with the step count
// and settings as metadata.
template <class Model, class Optimizer>
void save_optimizer(const std::filesystem::path& path, Model& model, Optimizer& adam,
                    const std::map<std::string, std::string>& metadata = {}) {
  using T = typename Model::T;
  using Device = typename Model::Device;
  require(adam.size() == model.parameter_count(), path.string(), ": optimiser and model sizes differ");
  io::SafeTensors st;
  st.metadata = metadata;
  st.metadata["format"] = checkpoint_format;
  st.metadata["step"] = std::to_string(adam.steps());
  const auto& s = adam.settings();
  for (auto [k, v] : {std::pair{"lr", s.lr},
                      {"beta1", s.beta1},
                      {"beta2", s.beta2},
                      {"eps", s.eps},
                      {"weight_decay", s.weight_decay}})
    st.metadata[k] = format_double(v);
  std::vector<T> m(static_cast<std::size_t>(adam.size())), v(m.size());
  Device::download(model.context(), adam.exp_avg(), m.data(), adam.size());
  Device::download(model.context(), adam.exp_avg_sq(), v.data(), adam.size());
  for (const auto& e : model.state()) {
    if (e.kind != TensorSpec::Kind::parameter) continue;
    st.add(e.name + ".exp_avg", m.data() + e.offset, e.shape);
    st.add(e.name + ".exp_avg_sq", v.data() + e.offset, e.shape);
  }
  io::write_safetensors(path, st);
}

template <class Model, class Optimizer>
std::map<std::string, std::string> load_optimizer(const std::filesystem::path& path, Model& model, Optimizer& adam) {
  using T = typename Model::T;
  using Device = typename Model::Device;
  const auto st = io::read_safetensors(path);
  const auto it = st.metadata.find("step");
  require(it != st.metadata.end(), path.string(), ": no 'step' in the metadata; not an aecluster optimiser file");
  std::int64_t step = 0;
  try {
    step = std::stoll(it->second);
  } catch (const std::exception&) {
    fail(path.string(), ": metadata 'step' is not an integer: '", it->second, "'");
  }
  require(step >= 0, path.string(), ": negative step count ", step);
  std::vector<T> m(static_cast<std::size_t>(adam.size())), v(m.size());
  std::size_t expected = 0;
  for (const auto& e : model.state()) {
    if (e.kind != TensorSpec::Kind::parameter) continue;
    st.copy_to<T>(e.name + ".exp_avg", e.shape, m.data() + e.offset);
    st.copy_to<T>(e.name + ".exp_avg_sq", e.shape, v.data() + e.offset);
    expected += 2;
  }
  require(st.tensors.size() == expected, path.string(), ": has ", st.tensors.size(), " tensors, expected ", expected);
  Device::upload(model.context(), m.data(), adam.exp_avg(), adam.size());
  Device::upload(model.context(), v.data(), adam.exp_avg_sq(), adam.size());
  adam.set_steps(step);
  return st.metadata;
}

}  // namespace aecluster
