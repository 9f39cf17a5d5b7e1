#pragma once
// Kernel PCA's settings (kernel_pca.hpp), in a header of their own so that code which only
// configures the pipeline does not compile Kernel PCA itself.
#include <cstdint>

namespace aecluster {

enum class KernelPcaSolver { automatic, dense, lanczos, block_krylov };

struct KernelPcaOptions {
  static constexpr int automatic_landmarks = -1;

  int components = 200;
  double gamma = 0;  // <= 0: 1 / n_features (scikit-learn's default)
  KernelPcaSolver solver = KernelPcaSolver::automatic;
  // The exact kernel takes 4 N^2 bytes (2.5 GB at 25,000 points); the Nystroem approximation
  // O(N m). automatic_landmarks: exact up to exact_max_points points, Nystroem with
  // large_landmarks landmarks beyond; 0: always exact; > 0: Nystroem with this many landmarks.
  // Nystroem never uses fewer landmarks than components.
  int landmarks = automatic_landmarks;
  int exact_max_points = 25000;
  int large_landmarks = 2000;
  bool double_precision = false;  // keep the kernel (and its products) in double, not float
  double tolerance = 0;           // eigensolver residual relative to the largest eigenvalue;
                                  // 0 = 1e-6 for a float kernel, 1e-9 for a double one
  int block = 0;                  // block Krylov block size; 0 = automatic
  std::uint64_t seed = 0;         // the eigensolver's start and the landmark choice

  // The landmarks used for n points and `components` (already at most n) components; 0 = exact.
  [[nodiscard]] std::int64_t landmarks_for(std::int64_t n, std::int64_t used_components) const {
    const std::int64_t m = landmarks >= 0 ? landmarks : n > exact_max_points ? large_landmarks : 0;
    return m > 0 && m < used_components ? used_components : m;
  }
};

}  // namespace aecluster
