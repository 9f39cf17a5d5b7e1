// Test-only helper for tests/python/test_safetensors_reference.py: lets the Python reference
// implementation of safetensors check our reader and writer from the outside.
//   safetensors_roundtrip rewrite IN OUT        read IN with our reader, write OUT with our writer
//   safetensors_roundtrip dump IN DIR           every tensor to DIR/<i>.npy, plus DIR/manifest.json
//                                               {"metadata": {...}, "tensors": {name: {"file", "dtype", "shape"}}}
//                                               (bfloat16, which .npy lacks, is dumped as its raw uint16 bits)
//   safetensors_roundtrip from-npy MANIFEST OUT  the reverse: {"metadata": {...}, "tensors": {name: "file.npy"}}
//                                               (file names relative to the manifest) -> OUT
// Errors go to stderr with exit code 1.
#include <aecluster/io/npy.hpp>
#include <aecluster/io/safetensors.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

namespace io = aecluster::io;

namespace {

int dump(const std::filesystem::path& in, const std::filesystem::path& dir) {
  const auto st = io::read_safetensors(in);
  std::filesystem::create_directories(dir);
  nlohmann::json manifest;
  manifest["metadata"] = nlohmann::json::object();
  for (const auto& [k, v] : st.metadata) manifest["metadata"][k] = v;
  manifest["tensors"] = nlohmann::json::object();
  int i = 0;
  for (const auto& [name, t] : st.tensors) {
    const std::string file = std::to_string(i++) + ".npy";
    const auto dtype = t.dtype == io::DType::bf16 ? io::DType::u16 : t.dtype;
    io::write_text_atomically(dir / file, io::npy_bytes(dtype, t.bytes.data(), t.shape));
    nlohmann::json shape = nlohmann::json::array();
    for (int d = 0; d < t.shape.rank(); ++d) shape.push_back(t.shape[d]);
    manifest["tensors"][name] = {{"file", file}, {"dtype", io::safetensors_dtype_code(t.dtype)}, {"shape", shape}};
  }
  io::write_text_atomically(dir / "manifest.json", manifest.dump(1));
  return 0;
}

int from_npy(const std::filesystem::path& manifest_path, const std::filesystem::path& out) {
  const auto manifest = nlohmann::json::parse(io::read_file(manifest_path));
  io::SafeTensors st;
  const auto metadata = manifest.value("metadata", nlohmann::json::object());
  for (const auto& [k, v] : metadata.items()) st.metadata[k] = v.get<std::string>();
  for (const auto& [name, file] : manifest.at("tensors").items()) {
    auto a = io::read_npy(manifest_path.parent_path() / file.get<std::string>());
    st.add(io::SafeTensor{name, a.dtype, a.shape, std::move(a.bytes)});
  }
  io::write_safetensors(out, st);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string command = argc > 1 ? argv[1] : "";
    if (argc == 4 && command == "rewrite") {
      io::write_safetensors(argv[3], io::read_safetensors(argv[2]));
      return 0;
    }
    if (argc == 4 && command == "dump") return dump(argv[2], argv[3]);
    if (argc == 4 && command == "from-npy") return from_npy(argv[2], argv[3]);
    std::fprintf(stderr, "usage: %s rewrite IN OUT | dump IN DIR | from-npy MANIFEST OUT\n", argv[0]);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
