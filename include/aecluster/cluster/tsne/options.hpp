#pragma once
// t-SNE's settings (tsne.hpp), in a header of their own so that code which only configures the
// pipeline (cluster_config.hpp) does not compile t-SNE itself.
#include <cstdint>

namespace aecluster {

enum class TsneInit { pca, random };

struct TsneOptions {
  double perplexity = 30;
  double early_exaggeration = 12;
  double learning_rate = 0;          // <= 0: 'auto', max(N / early_exaggeration / 4, 50)
  int iterations = 1000;             // in all, early exaggeration included
  int exploration_iterations = 250;  // with early exaggeration and momentum 0.5
  // The attraction's factor after the early phase. 1 is classic t-SNE (scikit-learn's only
  // choice); values above 1 trade the embedding's spread within a cluster for wider gaps
  // between clusters (Boehm, Berens & Kobak 2022; openTSNE's `exaggeration`). With the 'auto'
  // learning rate, the late phase's rate is divided by it.
  double exaggeration = 1;
  double theta = 0.5;  // Barnes-Hut opening angle; 0 = exact repulsion (O(N^2))
  TsneInit init = TsneInit::pca;
  int iterations_without_progress = 300;
  double min_grad_norm = 1e-7;
  int leaf_size = 32;      // points per quadtree leaf (a speed knob; theta sets accuracy)
  std::uint64_t seed = 0;  // PCA sketch or random initialisation
};

}  // namespace aecluster
