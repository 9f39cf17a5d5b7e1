#include <aecluster/cpu/backend.hpp>
#include <aecluster/nn/autoencoder.hpp>
#include <aecluster/nn/checkpoint.hpp>
#include <aecluster/nn/checkpoint_summary.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "test_util.hpp"

using namespace aecluster;
using Model = Autoencoder<archs::baseline_bn<1>, Cpu>;

TEST_CASE("checkpoints round-trip every tensor, counters and metadata included") {
  test::TempDir dir;
  Cpu::Context ctx(1);
  Model a(ctx, 1), b(ctx, 2);
  a.counters()[0] = 17;
  save_checkpoint(dir / "a.safetensors", a, {{"epoch", "3"}});
  const auto meta = load_checkpoint(dir / "a.safetensors", b);
  CHECK(meta.at("epoch") == "3");
  CHECK(meta.at("arch") == "baseline_bn");
  for (std::int64_t i = 0; i < a.parameter_count(); ++i) REQUIRE(a.parameters()[i] == b.parameters()[i]);
  for (std::int64_t i = 0; i < a.buffer_count(); ++i) REQUIRE(a.buffers()[i] == b.buffers()[i]);
  CHECK(b.counters()[0] == 17);
  const auto summary = inspect_checkpoint(dir / "a.safetensors");
  CHECK(summary.arch == "baseline_bn");
  CHECK(summary.channels == 1);
}

TEST_CASE("every architecture of the table is recognised by its metadata and, without it, by its keys") {
  Cpu::Context ctx(1);
  int seen = 0;
  archs::for_each([&]<template <int> class A>() {
    Autoencoder<A<3>, Cpu> model(ctx, 0);
    auto st = checkpoint_contents(model);
    CHECK(st.metadata.at("arch") == A<3>::name);
    CHECK(inspect_checkpoint(st).arch == A<3>::name);
    CHECK(inspect_checkpoint(st).channels == 3);
    st.metadata.clear();  // a state_dict saved by PyTorch
    CHECK(inspect_checkpoint(st).arch == A<3>::name);
    ++seen;
  });
  CHECK(seen == static_cast<int>(archs::names.size()));
  CHECK(archs::name_list() == "baseline, baseline_bn or vgg7");
  CHECK_THROWS_WITH_AS(archs::dispatch("resnet", 1, []<class>() {}),
                       doctest::Contains("expected baseline, baseline_bn or vgg7"), Error);
}

TEST_CASE("the optimiser state round-trips and carries the step count") {
  test::TempDir dir;
  Cpu::Context ctx(1);
  Model m(ctx, 1);
  Adam<Cpu> a(ctx, m.parameter_count(), {.lr = 1e-3}), b(ctx, m.parameter_count(), {.lr = 1e-3});
  std::fill_n(m.gradients(), m.parameter_count(), 0.5f);
  a.step(m.parameters(), m.gradients());
  a.step(m.parameters(), m.gradients());
  save_optimizer(dir / "m.adam.safetensors", m, a);
  load_optimizer(dir / "m.adam.safetensors", m, b);
  CHECK(b.steps() == 2);
  for (std::int64_t i = 0; i < a.size(); ++i) {
    REQUIRE(a.exp_avg()[i] == b.exp_avg()[i]);
    REQUIRE(a.exp_avg_sq()[i] == b.exp_avg_sq()[i]);
  }
}

TEST_CASE("a bad checkpoint is refused with a message naming the file and the tensor, and changes nothing") {
  test::TempDir dir;
  Cpu::Context ctx(1);
  Model m(ctx, 1);
  const auto good = checkpoint_contents(m);
  Model target(ctx, 5);
  const std::vector<float> before(target.parameters(), target.parameters() + target.parameter_count());
  auto expect_refused = [&](io::SafeTensors st, const char* what) {
    st.source = (dir / "bad.safetensors").string();
    CHECK_THROWS_WITH_AS(load_checkpoint(st, target), doctest::Contains(what), Error);
    CHECK_THROWS_WITH_AS(load_checkpoint(st, target), doctest::Contains("bad.safetensors"), Error);
    for (std::int64_t i = 0; i < target.parameter_count(); ++i)
      REQUIRE(target.parameters()[i] == before[static_cast<std::size_t>(i)]);
  };
  {
    auto st = good;
    st.tensors.erase("decoder.4.bias");
    expect_refused(st, "decoder.4.bias");
  }
  {
    auto st = good;
    auto t = st.tensors.at("encoder.0.weight");
    st.tensors.erase("encoder.0.weight");
    t.shape = Shape{64, 1, 9};
    st.add(t);
    expect_refused(st, "has shape (64, 1, 9), expected (64, 1, 3, 3)");
  }
  {
    auto st = good;
    st.add("encoder.99.weight", std::vector<float>{1.0f}.data(), Shape{1});
    expect_refused(st, "unexpected tensor 'encoder.99.weight'");
  }
  {
    auto st = good;
    auto& t = st.tensors.at("decoder.0.weight");
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::memcpy(t.bytes.data() + 40, &nan, sizeof nan);
    expect_refused(st, "non-finite");
  }
  {
    auto st = good;
    auto& t = st.tensors.at("decoder.0.bias");
    t.dtype = io::DType::i32;  // same size, wrong kind
    expect_refused(st, "expected a floating-point type");
  }
  // A model of another architecture or channel count.
  Autoencoder<archs::baseline<3>, Cpu> other(ctx, 1);
  auto st = good;
  st.source = "other.safetensors";
  CHECK_THROWS_WITH_AS(load_checkpoint(st, other), doctest::Contains("other.safetensors"), Error);
}

TEST_CASE("hostile checkpoints: num_batches_tracked of F32 2^63 and an input channel count past int (issue 11)") {
  Cpu::Context ctx(1);
  Model m(ctx, 1);
  auto st = checkpoint_contents(m);
  st.source = "hostile.safetensors";
  auto& counter = st.tensors.at("encoder.1.num_batches_tracked");
  counter.dtype = io::DType::f32;
  const float two_63 = 9223372036854775808.0f;
  counter.bytes.assign(reinterpret_cast<const char*>(&two_63), sizeof two_63);
  CHECK_THROWS_WITH_AS(load_checkpoint(st, m),
                       doctest::Contains("hostile.safetensors: tensor 'encoder.1.num_batches_tracked': element 0"),
                       Error);

  auto wide = checkpoint_contents(m);
  wide.source = "wide.safetensors";
  auto& w = wide.tensors.at("encoder.0.weight");
  w.shape = Shape{64, 4294967297, 0, 3};
  w.bytes.clear();
  CHECK_THROWS_WITH_AS(
      inspect_checkpoint(wide),
      doctest::Contains("wide.safetensors: tensor 'encoder.0.weight' has shape (64, 4294967297, 0, 3)"), Error);
}
