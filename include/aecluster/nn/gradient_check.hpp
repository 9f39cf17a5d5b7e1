#pragma once
// Central-difference gradient checks for any network on the CPU backend in double precision
// (CpuF64), as dlib's test_layer does: the analytic gradients of a random linear functional
// of the output, with every gradient pre-filled with NaN so that one a layer forgets to write
// fails the check, against (L(p + h) - L(p - h)) / 2h.
#include <aecluster/cpu/backend.hpp>
#include <aecluster/random.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace aecluster {

struct GradientCheckResult {
  double max_error = 0;      // max over checked entries of |analytic - numeric| / scale
  std::string worst;         // where it occurred
  std::int64_t checked = 0;  // entries compared
  bool finite = true;        // every analytic gradient was written (no NaN left)
};

namespace detail {
// The error of one entry relative to the size of the gradient it belongs to, so that entries
// whose true gradient is ~0 do not blow up a relative error.
inline void record(GradientCheckResult& r, double analytic, double numeric, double scale, const std::string& where) {
  ++r.checked;
  if (!std::isfinite(analytic)) {
    r.finite = false;
    r.max_error = std::numeric_limits<double>::infinity();
    r.worst = where + " (not written)";
    return;
  }
  const double err = std::abs(analytic - numeric) / std::max({std::abs(numeric), std::abs(analytic), scale, 1e-12});
  if (err > r.max_error) {
    r.max_error = err;
    r.worst = where + ": analytic " + std::to_string(analytic) + " numeric " + std::to_string(numeric);
  }
}
// Up to `limit` distinct indices in [0, n), all of them when n <= limit.
inline std::vector<std::int64_t> sample_indices(Rng& rng, std::int64_t n, std::int64_t limit) {
  std::vector<std::int64_t> idx;
  if (n <= limit) {
    for (std::int64_t i = 0; i < n; ++i) idx.push_back(i);
    return idx;
  }
  while (static_cast<std::int64_t>(idx.size()) < limit) {
    const auto i = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n)));
    if (std::find(idx.begin(), idx.end(), i) == idx.end()) idx.push_back(i);
  }
  return idx;
}
inline double max_abs(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}
}  // namespace detail

// Checks a Network<CpuF64, ...> in training mode on n random images: the input gradient and
// every parameter tensor, at most `per_tensor` entries of each.
template <class Net>
GradientCheckResult check_gradients(Net& net, int n, std::uint64_t seed, std::int64_t per_tensor = 64,
                                    double h = 1e-6) {
  using Input = typename Net::Input;
  using Output = typename Net::Output;
  Rng rng(seed);
  std::vector<double> x(static_cast<std::size_t>(n * Input::size)), r(static_cast<std::size_t>(n * Output::size));
  for (auto& v : x) v = rng.uniform(-1, 1);
  for (auto& v : r) v = rng.uniform(-1, 1);
  auto loss = [&] {
    const double* y = net.forward(x.data(), n, Mode::train);
    double s = 0;
    for (std::size_t i = 0; i < r.size(); ++i) s += r[i] * y[i];
    return s;
  };

  const auto P = net.parameter_count();
  std::fill_n(net.gradients(), P, std::numeric_limits<double>::quiet_NaN());
  loss();
  net.stack().fill_gradient_buffers(net.context(), std::numeric_limits<double>::quiet_NaN());
  std::vector<double> dy = r;
  const double* dx_ptr = net.backward(dy.data(), n, true);
  const std::vector<double> dx(dx_ptr, dx_ptr + x.size());
  const std::vector<double> grads(net.gradients(), net.gradients() + P);

  GradientCheckResult result;
  auto numeric = [&](double& v) {
    const double old = v;
    v = old + h;
    const double up = loss();
    v = old - h;
    const double down = loss();
    v = old;
    return (up - down) / (2 * h);
  };
  // Entries far below the largest gradient (e.g. a bias that BatchNorm cancels, exactly 0)
  // are compared at that level: numeric noise there is ~1e-16 |L| / h, not a relative error.
  const double floor = 1e-4 * std::max(detail::max_abs(dx), detail::max_abs(grads));
  const double dx_scale = std::max(1e-3 * detail::max_abs(dx), floor);
  for (auto i : detail::sample_indices(rng, static_cast<std::int64_t>(x.size()), per_tensor))
    detail::record(result, dx[i], numeric(x[i]), dx_scale, "input[" + std::to_string(i) + "]");
  for (const auto& e : net.state()) {
    if (e.kind != TensorSpec::Kind::parameter) continue;
    const std::vector<double> g(grads.begin() + e.offset, grads.begin() + e.offset + e.numel);
    const double scale = std::max(1e-3 * detail::max_abs(g), floor);
    for (auto i : detail::sample_indices(rng, e.numel, per_tensor))
      detail::record(result, g[i], numeric(net.parameters()[e.offset + i]), scale,
                     e.name + "[" + std::to_string(i) + "]");
  }
  return result;
}

// Checks an Autoencoder<Arch, CpuF64> in training mode: the gradient of its own loss, the MSE
// between n random images and their reconstructions, for every parameter tensor (at most
// `per_tensor` entries of each).
template <class Model>
GradientCheckResult check_autoencoder_gradients(Model& model, int n, std::uint64_t seed, std::int64_t per_tensor = 8,
                                                double h = 1e-6) {
  Rng rng(seed);
  std::vector<double> x(static_cast<std::size_t>(n * Model::input_size));
  for (auto& v : x) v = rng.uniform(-1, 1);
  const auto P = model.parameter_count();
  std::fill_n(model.gradients(), P, std::numeric_limits<double>::quiet_NaN());
  model.forward_backward(x.data(), n);
  const std::vector<double> grads(model.gradients(), model.gradients() + P);
  auto loss = [&] {
    const double* y = model.forward(x.data(), n);
    double s = 0;
    for (std::size_t i = 0; i < x.size(); ++i) s += (y[i] - x[i]) * (y[i] - x[i]);
    return s / static_cast<double>(x.size());
  };
  GradientCheckResult result;
  const double floor = 1e-4 * detail::max_abs(grads);
  for (const auto& e : model.state()) {
    if (e.kind != TensorSpec::Kind::parameter) continue;
    const std::vector<double> g(grads.begin() + e.offset, grads.begin() + e.offset + e.numel);
    const double scale = std::max(1e-3 * detail::max_abs(g), floor);
    for (auto i : detail::sample_indices(rng, e.numel, per_tensor)) {
      double& p = model.parameters()[e.offset + i];
      const double old = p;
      p = old + h;
      const double up = loss();
      p = old - h;
      const double down = loss();
      p = old;
      detail::record(result, g[i], (up - down) / (2 * h), scale, e.name + "[" + std::to_string(i) + "]");
    }
  }
  return result;
}

}  // namespace aecluster
