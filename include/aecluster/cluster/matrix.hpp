#pragma once
// The matrix types the clustering code passes around, and the view of an (N, D) tensor as one;
// light to include (Eigen/Core only), for the declarations of pipeline.hpp.
#include <aecluster/error.hpp>
#include <aecluster/tensor.hpp>

#include <Eigen/Core>

#include <string_view>

namespace aecluster {

template <class Scalar>
using RowMatrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMatrixF = RowMatrix<float>;
using RowMatrixD = RowMatrix<double>;
// What every clustering routine accepts: a row-major float (N, D) matrix, one point per row,
// viewed without a copy (an Eigen matrix, a block of one, or a Tensor through as_matrix).
using ConstMatrixRef = Eigen::Ref<const RowMatrixF>;

namespace linalg {

// A (N, D) tensor seen as a row-major Eigen matrix, without a copy.
inline Eigen::Map<const RowMatrixF> as_matrix(const Tensor<float>& t, std::string_view what) {
  require(t.rank() == 2, what, ": expected a 2-D (N, D) array, got shape ", t.shape().str());
  return {t.data(), static_cast<Eigen::Index>(t.dim(0)), static_cast<Eigen::Index>(t.dim(1))};
}

}  // namespace linalg
}  // namespace aecluster
