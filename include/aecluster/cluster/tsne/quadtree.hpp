#pragma once
// The space-partitioning tree of Barnes-Hut t-SNE in 2-D, built for speed:
//
// * Points are sorted along a Morton (Z-order) curve by a stable radix sort of their 42-bit
//   cell keys, so every node owns a contiguous range of the sorted points and the tree is
//   built in O(N) after the sort. Positions are kept sorted, as separate x and y arrays.
// * Leaves hold up to `leaf_size` points; a leaf at the maximum depth (21 levels) holds any
//   number, so duplicate points cannot make the tree deep.
// * Repulsion is computed per leaf ("group"), not per point: one walk of the tree for all the
//   points of a leaf, with a conservative opening test: a cell is summarised by its centre of
//   mass only if width^2 < theta^2 * d^2 where d is the distance from the centre of mass to the
//   leaf's bounding box, i.e. the test holds for every point of the leaf at once. This is at
//   least as accurate as the per-point test of scikit-learn (width^2 / |y_i - com|^2 < theta^2)
//   for each point, cells that contain the leaf are always opened (no self-interaction is ever
//   summarised), and the resulting interaction lists are evaluated with vector instructions.
//   With theta = 0 every interaction is exact.
// The walk writes each point's own sums, so results do not depend on the thread count.
#include <aecluster/error.hpp>
#include <aecluster/parallel.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace aecluster::tsne {

class QuadTree {
 public:
  static constexpr int max_depth = 21;

  struct Node {
    double cx = 0, cy = 0;   // centre of mass
    double width = 0;        // side of the (square) cell
    std::int32_t count = 0;  // points in the cell
    std::int32_t first_child = -1;
    std::int32_t children = 0;        // 0 for a leaf
    std::int32_t begin = 0, end = 0;  // range in the sorted order
  };

  // Builds the tree over n points y (x0, y0, x1, y1, ...).
  void build(const double* y, std::int64_t n, int leaf_size) {
    require(n >= 1 && n < (std::int64_t{1} << 31), "QuadTree: cannot hold ", n, " points");
    require(leaf_size >= 1, "QuadTree: leaf_size must be >= 1, got ", leaf_size);
    n_ = n;
    double x0 = y[0], x1 = y[0], y0 = y[1], y1 = y[1];
    for (std::int64_t i = 1; i < n; ++i) {
      x0 = std::min(x0, y[2 * i]);
      x1 = std::max(x1, y[2 * i]);
      y0 = std::min(y0, y[2 * i + 1]);
      y1 = std::max(y1, y[2 * i + 1]);
    }
    require(std::isfinite(x0) && std::isfinite(x1) && std::isfinite(y0) && std::isfinite(y1),
            "t-SNE: the embedding diverged (non-finite coordinates)");
    double width = std::max(x1 - x0, y1 - y0);
    if (!(width > 0)) width = 1;
    width *= 1 + 1e-9;  // keep the largest coordinate strictly inside the last cell
    const double scale = static_cast<double>(std::uint32_t{1} << max_depth) / width;
    const std::uint32_t top = (std::uint32_t{1} << max_depth) - 1;

    keys_.resize(static_cast<std::size_t>(n));
    order_.resize(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
      const auto qx = static_cast<std::uint32_t>(std::min<double>(top, std::max(0.0, (y[2 * i] - x0) * scale)));
      const auto qy = static_cast<std::uint32_t>(std::min<double>(top, std::max(0.0, (y[2 * i + 1] - y0) * scale)));
      keys_[i] = interleave(qx) | (interleave(qy) << 1);
      order_[i] = static_cast<std::int32_t>(i);
    }
    radix_sort();
    xs_.resize(static_cast<std::size_t>(n));
    ys_.resize(static_cast<std::size_t>(n));
    for (std::int64_t s = 0; s < n; ++s) {
      xs_[s] = y[2 * static_cast<std::int64_t>(order_[s])];
      ys_[s] = y[2 * static_cast<std::int64_t>(order_[s]) + 1];
    }

    // Breadth-first construction: a node's children are consecutive and come after it.
    nodes_.clear();
    leaves_.clear();
    depth_.clear();
    nodes_.push_back(Node{0, 0, width, static_cast<std::int32_t>(n), -1, 0, 0, static_cast<std::int32_t>(n)});
    depth_.push_back(0);
    for (std::size_t c = 0; c < nodes_.size(); ++c) {
      const int level = depth_[c];
      const std::int32_t b = nodes_[c].begin, e = nodes_[c].end;
      if (e - b <= leaf_size || level == max_depth) {
        leaves_.push_back(static_cast<std::int32_t>(c));
        continue;
      }
      const int shift = 2 * (max_depth - 1 - level);
      const double child_width = nodes_[c].width / 2;
      nodes_[c].first_child = static_cast<std::int32_t>(nodes_.size());
      std::int32_t s = b;
      for (std::uint64_t quadrant = 0; quadrant < 4 && s < e; ++quadrant) {
        std::int32_t t = s;
        while (t < e && ((keys_[t] >> shift) & 3) == quadrant) ++t;
        if (t > s) {
          nodes_.push_back(Node{0, 0, child_width, t - s, -1, 0, s, t});
          depth_.push_back(level + 1);
          ++nodes_[c].children;
        }
        s = t;
      }
    }
    // Centres of mass, children before parents.
    for (std::size_t c = nodes_.size(); c-- > 0;) {
      Node& nd = nodes_[c];
      double sx = 0, sy = 0;
      if (nd.children == 0) {
        for (std::int32_t s = nd.begin; s < nd.end; ++s) {
          sx += xs_[s];
          sy += ys_[s];
        }
      } else {
        for (std::int32_t ch = nd.first_child; ch < nd.first_child + nd.children; ++ch) {
          sx += nodes_[ch].cx * nodes_[ch].count;
          sy += nodes_[ch].cy * nodes_[ch].count;
        }
      }
      nd.cx = sx / nd.count;
      nd.cy = sy / nd.count;
    }
  }

  // Repulsion of every point: for sorted point s, z[s] = sum_j q_sj and
  // (fx[s], fy[s]) = sum_j q_sj^2 (y_s - y_j), with q = 1 / (1 + |y_s - y_j|^2), over all
  // j != s, far cells summarised by their centres of mass (see the file comment).
  void repulsion(double theta, ThreadPool& pool, double* fx, double* fy, double* z) {
    const double theta2 = theta * theta;
    scratch_.resize(static_cast<std::size_t>(pool.size()));
    const auto leaves = static_cast<std::int64_t>(leaves_.size());
    pool.for_range(leaves, 16, [&](std::int64_t l0, std::int64_t l1, int worker) {
      Scratch& sc = scratch_[static_cast<std::size_t>(worker)];
      for (std::int64_t l = l0; l < l1; ++l) walk(leaves_[l], theta2, sc, fx, fy, z);
    });
  }

  [[nodiscard]] std::int64_t size() const { return n_; }
  [[nodiscard]] const std::vector<std::int32_t>& order() const { return order_; }  // sorted -> original index
  [[nodiscard]] const std::vector<Node>& nodes() const { return nodes_; }
  [[nodiscard]] const std::vector<std::int32_t>& leaves() const { return leaves_; }
  [[nodiscard]] const std::vector<double>& sorted_x() const { return xs_; }
  [[nodiscard]] const std::vector<double>& sorted_y() const { return ys_; }

 private:
  struct Scratch {
    std::vector<float> lx, ly, ln;  // interaction list: position relative to the leaf, mass
    std::vector<std::int32_t> stack;
  };

  static std::uint64_t interleave(std::uint32_t v) {  // moves bit i to bit 2i
    std::uint64_t x = v;
    x = (x | (x << 16)) & 0x0000ffff0000ffffull;
    x = (x | (x << 8)) & 0x00ff00ff00ff00ffull;
    x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0full;
    x = (x | (x << 2)) & 0x3333333333333333ull;
    x = (x | (x << 1)) & 0x5555555555555555ull;
    return x;
  }

  // Stable LSD radix sort of (key, original index) by key, 11 bits per pass over 42 bits.
  void radix_sort() {
    const std::size_t n = keys_.size();
    tmp_keys_.resize(n);
    tmp_order_.resize(n);
    std::vector<std::uint32_t> count(2048);
    for (int pass = 0; pass < 4; ++pass) {
      const int shift = 11 * pass;
      std::fill(count.begin(), count.end(), 0);
      for (std::size_t i = 0; i < n; ++i) ++count[(keys_[i] >> shift) & 2047];
      std::uint32_t sum = 0;
      for (auto& c : count) {
        const std::uint32_t t = c;
        c = sum;
        sum += t;
      }
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t slot = count[(keys_[i] >> shift) & 2047]++;
        tmp_keys_[slot] = keys_[i];
        tmp_order_[slot] = order_[i];
      }
      keys_.swap(tmp_keys_);
      order_.swap(tmp_order_);
    }
  }

  void walk(std::int32_t leaf, double theta2, Scratch& sc, double* fx, double* fy, double* z) const {
    const Node& g = nodes_[leaf];
    double gx0 = xs_[g.begin], gx1 = gx0, gy0 = ys_[g.begin], gy1 = gy0;
    for (std::int32_t s = g.begin + 1; s < g.end; ++s) {
      gx0 = std::min(gx0, xs_[s]);
      gx1 = std::max(gx1, xs_[s]);
      gy0 = std::min(gy0, ys_[s]);
      gy1 = std::max(gy1, ys_[s]);
    }
    // Interactions are listed relative to the leaf's centre, so float keeps the near ones
    // (small differences) accurate and the far ones accurate relative to their distance.
    const double rx = (gx0 + gx1) / 2, ry = (gy0 + gy1) / 2;
    sc.lx.clear();
    sc.ly.clear();
    sc.ln.clear();
    sc.stack.clear();
    sc.stack.push_back(0);
    while (!sc.stack.empty()) {
      const std::int32_t c = sc.stack.back();
      sc.stack.pop_back();
      const Node& nd = nodes_[c];
      const bool contains_group = nd.begin <= g.begin && g.end <= nd.end;
      if (!contains_group) {
        const double dx = std::max({gx0 - nd.cx, 0.0, nd.cx - gx1});
        const double dy = std::max({gy0 - nd.cy, 0.0, nd.cy - gy1});
        if (nd.width * nd.width < theta2 * (dx * dx + dy * dy)) {
          sc.lx.push_back(static_cast<float>(nd.cx - rx));
          sc.ly.push_back(static_cast<float>(nd.cy - ry));
          sc.ln.push_back(static_cast<float>(nd.count));
          continue;
        }
      }
      if (nd.children == 0) {
        for (std::int32_t t = nd.begin; t < nd.end; ++t) {
          sc.lx.push_back(static_cast<float>(xs_[t] - rx));
          sc.ly.push_back(static_cast<float>(ys_[t] - ry));
          sc.ln.push_back(1.0f);
        }
      } else {
        for (std::int32_t ch = nd.first_child + nd.children; ch-- > nd.first_child;) sc.stack.push_back(ch);
      }
    }
    // One pass over the list per point of the leaf, in float with sixteen independent lanes
    // per sum (vectorised without reordering anything), each point's totals in double.
    constexpr int lanes = 16;
    const std::size_t count = sc.lx.size();
    sc.lx.resize(count + lanes, 0.0f);  // padding: far away, no mass
    sc.ly.resize(count + lanes, 1e18f);
    sc.ln.resize(count + lanes, 0.0f);
    const float* lx = sc.lx.data();
    const float* ly = sc.ly.data();
    const float* ln = sc.ln.data();
    for (std::int32_t s = g.begin; s < g.end; ++s) {
      const auto px = static_cast<float>(xs_[s] - rx), py = static_cast<float>(ys_[s] - ry);
      float az[lanes] = {}, ax[lanes] = {}, ay[lanes] = {};
      for (std::size_t j = 0; j < count; j += lanes)
        for (int l = 0; l < lanes; ++l) {
          const float dx = px - lx[j + l], dy = py - ly[j + l];
          const float q = 1.0f / (1.0f + dx * dx + dy * dy);
          const float nq = ln[j + l] * q;
          az[l] += nq;
          ax[l] += nq * q * dx;
          ay[l] += nq * q * dy;
        }
      double sz = 0, sx = 0, sy = 0;
      for (int l = 0; l < lanes; ++l) {
        sz += az[l];
        sx += ax[l];
        sy += ay[l];
      }
      // The point met itself in its own leaf: q = 1 and no force.
      z[s] = sz - 1.0;
      fx[s] = sx;
      fy[s] = sy;
    }
  }

  std::int64_t n_ = 0;
  std::vector<std::uint64_t> keys_, tmp_keys_;
  std::vector<std::int32_t> order_, tmp_order_;
  std::vector<double> xs_, ys_;
  std::vector<Node> nodes_;
  std::vector<int> depth_;
  std::vector<std::int32_t> leaves_;
  std::vector<Scratch> scratch_;
};

}  // namespace aecluster::tsne
