#pragma once
// Owning, 64-byte aligned host tensors with a run-time shape of rank <= 4, and the
// compile-time (C, H, W) shapes the layers are typed with.
#include <aecluster/error.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace aecluster {

// A feature map shape known at compile time: every stage of a network has one.
template <int C, int H, int W>
struct Shape3 {
  static_assert(C > 0 && H > 0 && W > 0, "a feature map needs positive channels, height and width");
  static constexpr int c = C;
  static constexpr int h = H;
  static constexpr int w = W;
  static constexpr std::int64_t size = std::int64_t{C} * H * W;
};

// Element counts and byte sizes computed from dimensions that come from files go through
// checked_mul, so a header that lies about its shape is an error instead of a wrapped count.
// No shape may hold more than max_numel elements: then numel() x the widest element (8 bytes)
// still fits int64 and no size derived from a Shape can overflow.
inline constexpr std::int64_t max_numel = std::int64_t{1} << 59;

// a * b for non-negative sizes, or nullopt when either is negative or the product exceeds `limit`.
[[nodiscard]] constexpr std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b,
                                                                std::int64_t limit = max_numel) {
  if (a < 0 || b < 0 || a > limit || b > limit) return std::nullopt;
  if (a != 0 && b > limit / a) return std::nullopt;
  return a * b;
}

class Shape {
 public:
  static constexpr int max_rank = 4;
  Shape() = default;
  Shape(std::initializer_list<std::int64_t> dims) {
    require(dims.size() <= max_rank, "Shape: rank ", dims.size(), " exceeds ", max_rank);
    for (auto d : dims) push_back(d);
  }
  // The invariant: the product of the non-zero dimensions is at most max_numel (a zero makes the
  // shape empty, but (2^62, 4, 0) is still refused: code that multiplies two of its dimensions
  // would overflow).
  void push_back(std::int64_t d) {
    require(rank_ < max_rank, "Shape: rank exceeds ", max_rank);
    require(d >= 0, "Shape: negative dimension ", d);
    const auto volume = checked_mul(volume_, std::max<std::int64_t>(d, 1));
    require(volume.has_value(), "Shape: adding dimension ", d, " to ", str(), " exceeds ", max_numel, " elements");
    volume_ = *volume;
    zero_ = zero_ || d == 0;
    dims_[rank_++] = d;
  }
  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] std::int64_t operator[](int i) const { return dims_[i]; }
  [[nodiscard]] std::int64_t numel() const { return zero_ ? 0 : volume_; }
  [[nodiscard]] std::string str() const {
    std::string s = "(";
    for (int i = 0; i < rank_; ++i) s += (i ? ", " : "") + std::to_string(dims_[i]);
    return s + (rank_ == 1 ? ",)" : ")");
  }
  friend bool operator==(const Shape& a, const Shape& b) {
    if (a.rank_ != b.rank_) return false;
    for (int i = 0; i < a.rank_; ++i)
      if (a.dims_[i] != b.dims_[i]) return false;
    return true;
  }

 private:
  std::array<std::int64_t, max_rank> dims_{};
  int rank_ = 0;
  std::int64_t volume_ = 1;  // the product of the non-zero dimensions
  bool zero_ = false;
};

// The shape of `dims` read from a file, or an Error starting with `what` (the file) when a
// dimension is negative, the rank exceeds Shape::max_rank or the element count max_numel.
template <class Dims>
[[nodiscard]] Shape checked_shape(std::string_view what, const Dims& dims) {
  std::string text = "(";
  std::int64_t volume = 1;
  bool fits = true;
  int rank = 0;
  for (const auto d : dims) {
    text += (rank++ ? ", " : "") + std::to_string(d);
    if (std::cmp_less(d, 0)) fail(what, ": shape has a negative dimension ", d);
    const auto v = std::in_range<std::int64_t>(d)
                       ? checked_mul(volume, std::max<std::int64_t>(static_cast<std::int64_t>(d), 1))
                       : std::nullopt;
    fits = fits && v.has_value();
    if (v) volume = *v;
  }
  text += rank == 1 ? ",)" : ")";
  if (rank > Shape::max_rank)
    fail(what, ": shape ", text, " has rank ", rank, "; at most ", Shape::max_rank, " is supported");
  if (!fits) fail(what, ": shape ", text, " has more than 2^59 elements (a header that lies?)");
  Shape shape;
  for (const auto d : dims) shape.push_back(static_cast<std::int64_t>(d));
  return shape;
}

// numel x item bytes for a checked shape (cannot overflow: see max_numel).
[[nodiscard]] inline std::int64_t byte_size(const Shape& shape, std::size_t item) {
  return shape.numel() * static_cast<std::int64_t>(item);
}

namespace detail {
struct AlignedFree {
  void operator()(void* p) const { std::free(p); }
};
inline constexpr std::size_t tensor_alignment = 64;
}  // namespace detail

// Grow-only storage: resize() to a smaller or equal size never reallocates, so buffers
// sized by a warm-up step are reused without touching the allocator again.
template <class T>
class Tensor {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  Tensor() = default;
  explicit Tensor(const Shape& shape) { resize(shape); }
  Tensor(const Tensor& o) : Tensor(o.shape_) { std::copy_n(o.data(), o.numel(), data()); }
  Tensor& operator=(const Tensor& o) {
    if (this != &o) {
      resize(o.shape_);
      std::copy_n(o.data(), o.numel(), data());
    }
    return *this;
  }
  Tensor(Tensor&&) noexcept = default;
  Tensor& operator=(Tensor&&) noexcept = default;

  void resize(const Shape& shape) {
    const auto n = static_cast<std::size_t>(shape.numel());
    if (n > capacity_) {
      std::size_t bytes = n * sizeof(T);
      bytes = (bytes + detail::tensor_alignment - 1) / detail::tensor_alignment * detail::tensor_alignment;
      void* p = std::aligned_alloc(detail::tensor_alignment, bytes);
      if (p == nullptr) fail("Tensor: cannot allocate ", bytes, " bytes for shape ", shape.str());
      data_.reset(p);
      capacity_ = n;
    }
    shape_ = shape;
  }
  void fill(T value) { std::fill_n(data(), numel(), value); }

  [[nodiscard]] const Shape& shape() const { return shape_; }
  [[nodiscard]] std::int64_t dim(int i) const { return shape_[i]; }
  [[nodiscard]] int rank() const { return shape_.rank(); }
  [[nodiscard]] std::int64_t numel() const { return shape_.numel(); }
  [[nodiscard]] bool empty() const { return numel() == 0; }
  [[nodiscard]] T* data() { return static_cast<T*>(data_.get()); }
  [[nodiscard]] const T* data() const { return static_cast<const T*>(data_.get()); }
  [[nodiscard]] T& operator[](std::int64_t i) { return data()[i]; }
  [[nodiscard]] const T& operator[](std::int64_t i) const { return data()[i]; }
  [[nodiscard]] std::span<T> span() { return {data(), static_cast<std::size_t>(numel())}; }
  [[nodiscard]] std::span<const T> span() const { return {data(), static_cast<std::size_t>(numel())}; }

 private:
  std::unique_ptr<void, detail::AlignedFree> data_;
  std::size_t capacity_ = 0;
  Shape shape_;
};

}  // namespace aecluster
