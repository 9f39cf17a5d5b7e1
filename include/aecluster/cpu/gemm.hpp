#pragma once
// Single-threaded row-major matrix products for the CPU backend; callers parallelise over
// independent products so that results never depend on the thread count.
#include <Eigen/Core>

namespace aecluster::cpu {

// C (m x n) = op(A) * op(B) (+ C when accumulate), all row-major with leading dimensions.
template <class T>
void gemm(bool trans_a, bool trans_b, int m, int n, int k, const T* a, int lda, const T* b, int ldb, T* c, int ldc,
          bool accumulate = false) {
  using Stride = Eigen::OuterStride<>;
  using RowMat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using ColMat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
  Eigen::Map<RowMat, 0, Stride> C(c, m, n, Stride(ldc));
  auto run = [&](const auto& A, const auto& B) {
    if (accumulate) C.noalias() += A * B;
    else C.noalias() = A * B;
  };
  // A transposed row-major matrix is the same memory read column-major.
  if (!trans_a && !trans_b) run(Eigen::Map<const RowMat, 0, Stride>(a, m, k, Stride(lda)), Eigen::Map<const RowMat, 0, Stride>(b, k, n, Stride(ldb)));
  else if (trans_a && !trans_b) run(Eigen::Map<const ColMat, 0, Stride>(a, m, k, Stride(lda)), Eigen::Map<const RowMat, 0, Stride>(b, k, n, Stride(ldb)));
  else if (!trans_a && trans_b) run(Eigen::Map<const RowMat, 0, Stride>(a, m, k, Stride(lda)), Eigen::Map<const ColMat, 0, Stride>(b, k, n, Stride(ldb)));
  else run(Eigen::Map<const ColMat, 0, Stride>(a, m, k, Stride(lda)), Eigen::Map<const ColMat, 0, Stride>(b, k, n, Stride(ldb)));
}

}  // namespace aecluster::cpu
