#pragma once
// Shared by the layer tests: a gradient check of one small network in double precision.
#include <aecluster/nn/gradient_check.hpp>
#include <aecluster/nn/network.hpp>

#include <doctest/doctest.h>

namespace test {

template <class In, class List>
void check_network_gradients(int n = 2, std::uint64_t seed = 1, double tolerance = 1e-6) {
  aecluster::CpuF64::Context ctx(2);
  aecluster::Network<aecluster::CpuF64, In, List> net(ctx, seed);
  const auto r = aecluster::check_gradients(net, n, seed + 100);
  INFO("worst: " << r.worst);
  CHECK(r.finite);
  CHECK(r.checked > 0);
  CHECK(r.max_error < tolerance);
}

}  // namespace test
