#include <aecluster/cpu/gemm.hpp>
#include <aecluster/random.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

namespace {

// Against a plain triple loop in double, for every transposition, odd sizes (edges of the
// micro-kernel and of the packed blocks, 16-row pairs of panels and their remainders),
// leading dimensions larger than the rows, and accumulation into C; `prepacked` takes op(A)
// through pack_a and gemm_packed_a (B not transposed) instead of gemm.
void check_products(bool prepacked) {
  aecluster::Rng rng(3);
  const int sizes[][3] = {{1, 1, 1},      {7, 33, 5},     {8, 32, 256},   {9, 31, 257},
                          {64, 1024, 27}, {130, 70, 600}, {300, 2100, 40}};
  for (const auto& s : sizes) {
    const int m = s[0], n = s[1], k = s[2];
    for (int ta = 0; ta < 2; ++ta)
      for (int tb = 0; tb < (prepacked ? 1 : 2); ++tb)
        for (int acc = 0; acc < 2; ++acc) {
          const int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 5, ldc = n + 2;
          std::vector<float> a(static_cast<std::size_t>((ta ? k : m) * lda)),
              b(static_cast<std::size_t>((tb ? n : k) * ldb)), c(static_cast<std::size_t>(m * ldc));
          for (auto& v : a) v = static_cast<float>(rng.uniform(-1, 1));
          for (auto& v : b) v = static_cast<float>(rng.uniform(-1, 1));
          for (auto& v : c) v = static_cast<float>(rng.uniform(-1, 1));
          const std::vector<float> c0 = c;
          if (prepacked) {
            std::vector<float> packed(static_cast<std::size_t>(aecluster::cpu::packed_a_size<float>(m, k)));
            aecluster::cpu::pack_a(ta != 0, m, k, a.data(), lda, packed.data());
            aecluster::cpu::gemm_packed_a(m, n, k, packed.data(), b.data(), ldb, c.data(), ldc, acc != 0);
          } else {
            aecluster::cpu::gemm(ta != 0, tb != 0, m, n, k, a.data(), lda, b.data(), ldb, c.data(), ldc, acc != 0);
          }
          double worst = 0;
          for (int i = 0; i < m; ++i)
            for (int j = 0; j < n; ++j) {
              double r = acc ? c0[i * ldc + j] : 0.0;
              for (int p = 0; p < k; ++p)
                r += double(ta ? a[p * lda + i] : a[i * lda + p]) * double(tb ? b[j * ldb + p] : b[p * ldb + j]);
              worst = std::max(worst, std::abs(r - c[i * ldc + j]) / (1.0 + std::sqrt(double(k))));
            }
          INFO("m=" << m << " n=" << n << " k=" << k << " ta=" << ta << " tb=" << tb << " acc=" << acc);
          CHECK(worst < 1e-5);
          // The padding between rows of C is never written.
          for (int i = 0; i < m; ++i)
            for (int j = n; j < ldc; ++j) REQUIRE(c[i * ldc + j] == c0[i * ldc + j]);
        }
  }
}

}  // namespace

TEST_CASE("gemm matches a reference product for all transpositions and edge sizes") { check_products(false); }

TEST_CASE("a product with op(A) packed once matches the reference") { check_products(true); }
