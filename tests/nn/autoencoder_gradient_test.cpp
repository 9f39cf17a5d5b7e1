#include <aecluster/cpu/backend.hpp>
#include <aecluster/nn/autoencoder.hpp>
#include <aecluster/nn/gradient_check.hpp>

#include <doctest/doctest.h>

using namespace aecluster;

template <class Arch>
void check_arch(std::int64_t per_tensor) {
  CpuF64::Context ctx(2);
  Autoencoder<Arch, CpuF64> model(ctx, 21);
  model.train();
  const auto r = check_autoencoder_gradients(model, 2, 4, per_tensor);
  INFO(Arch::name << " worst: " << r.worst);
  CHECK(r.finite);
  CHECK(r.checked > 0);
  // Looser than the single-layer checks (1e-6): a parameter step of h moves thousands of ReLU
  // and max-pool inputs, and the few that cross a kink add an O(h^2) error (measured: the
  // worst error falls 100x when h falls 10x, from 8e-3 at h=1e-5 to 8e-5 at h=1e-6). A wrong
  // gradient shows up as an O(1) error.
  CHECK(r.max_error < 1e-3);
}

TEST_CASE("Whole-autoencoder gradients match central differences" * doctest::test_suite("slow")) {
  check_arch<archs::baseline<1>>(6);
  check_arch<archs::baseline<3>>(4);
  check_arch<archs::baseline_bn<1>>(4);
  check_arch<archs::vgg7<3>>(3);
}
