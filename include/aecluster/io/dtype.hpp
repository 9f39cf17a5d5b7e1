#pragma once
// The element types our file formats carry (.npy, safetensors), their sizes and names, and the
// checked conversion of raw little-endian bytes into a C++ element type.
#include <aecluster/error.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>

namespace aecluster::io {

static_assert(std::endian::native == std::endian::little, "aecluster's file formats assume a little-endian host");

// f16 and bf16 have no C++20 element type: they are read as raw bytes and converted to float.
enum class DType { u8, i32, i64, f32, f64, i8, i16, u16, u32, u64, f16, bf16, boolean };

inline std::string_view dtype_name(DType t) {
  switch (t) {
    case DType::u8: return "uint8";
    case DType::i32: return "int32";
    case DType::i64: return "int64";
    case DType::f32: return "float32";
    case DType::f64: return "float64";
    case DType::i8: return "int8";
    case DType::i16: return "int16";
    case DType::u16: return "uint16";
    case DType::u32: return "uint32";
    case DType::u64: return "uint64";
    case DType::f16: return "float16";
    case DType::bf16: return "bfloat16";
    case DType::boolean: return "bool";
  }
  return "?";
}
inline std::size_t dtype_size(DType t) {
  switch (t) {
    case DType::u8:
    case DType::i8:
    case DType::boolean: return 1;
    case DType::i16:
    case DType::u16:
    case DType::f16:
    case DType::bf16: return 2;
    case DType::i32:
    case DType::u32:
    case DType::f32: return 4;
    case DType::i64:
    case DType::u64:
    case DType::f64: return 8;
  }
  return 0;
}
inline bool dtype_is_integer(DType t) {
  switch (t) {
    case DType::u8:
    case DType::i8:
    case DType::i16:
    case DType::u16:
    case DType::i32:
    case DType::u32:
    case DType::i64:
    case DType::u64: return true;
    default: return false;
  }
}
inline bool dtype_is_float(DType t) {
  return t == DType::f16 || t == DType::bf16 || t == DType::f32 || t == DType::f64;
}

template <class T>
constexpr DType dtype_of() {
  if constexpr (std::is_same_v<T, std::uint8_t>)
    return DType::u8;
  else if constexpr (std::is_same_v<T, std::int8_t>)
    return DType::i8;
  else if constexpr (std::is_same_v<T, std::int16_t>)
    return DType::i16;
  else if constexpr (std::is_same_v<T, std::uint16_t>)
    return DType::u16;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return DType::i32;
  else if constexpr (std::is_same_v<T, std::uint32_t>)
    return DType::u32;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return DType::i64;
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return DType::u64;
  else if constexpr (std::is_same_v<T, float>)
    return DType::f32;
  else if constexpr (std::is_same_v<T, bool>)
    return DType::boolean;
  else {
    static_assert(std::is_same_v<T, double>, "unsupported element type");
    return DType::f64;
  }
}

// IEEE binary16 -> float, exact (every half is a float).
inline float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t exponent = (h >> 10) & 0x1fu;
  std::uint32_t mantissa = h & 0x3ffu;
  std::uint32_t bits;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000u | (mantissa << 13);  // inf / NaN
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {  // subnormal half: normalise
    int e = 113;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      --e;
    }
    bits = sign | (static_cast<std::uint32_t>(e) << 23) | ((mantissa & 0x3ffu) << 13);
  }
  return std::bit_cast<float>(bits);
}
inline float bfloat16_to_float(std::uint16_t b) { return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16); }

namespace detail {

template <class From, class To>
void convert_elements_as(std::string_view what, const char* src, To* dst, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    From raw;
    std::memcpy(&raw, src + i * static_cast<std::int64_t>(sizeof(From)), sizeof(From));
    if constexpr (std::is_same_v<To, bool>) {
      dst[i] = raw != From{};
    } else if constexpr (std::is_same_v<From, bool>) {
      dst[i] = static_cast<To>(raw ? 1 : 0);
    } else if constexpr (std::is_integral_v<To> && std::is_floating_point_v<From>) {
      // Only integral values in range: a float label or index that is not a whole number is an error.
      // The bounds are powers of two, exact in every float type: To's min (0 or -2^digits)
      // inclusive and 2^digits exclusive. (static_cast<From>(max) would round up to 2^digits
      // itself, and converting that is undefined behaviour.)
      constexpr int digits = std::numeric_limits<To>::digits;
      const From upper = std::ldexp(From{1}, digits);
      const From lower = std::is_signed_v<To> ? -upper : From{0};
      if (!(std::isfinite(raw) && raw == std::trunc(raw) && raw >= lower && raw < upper))
        fail(what, ": element ", i, " (", raw, ") is not an integer that fits the expected integer type");
      dst[i] = static_cast<To>(raw);
    } else if constexpr (std::is_integral_v<To> && std::is_integral_v<From>) {
      if (!std::in_range<To>(raw)) fail(what, ": element ", i, " (", +raw, ") does not fit the expected integer type");
      dst[i] = static_cast<To>(raw);
    } else {
      dst[i] = static_cast<To>(raw);
    }
  }
}

template <class To, float (*Convert)(std::uint16_t)>
void convert_half_elements(std::string_view what, const char* src, To* dst, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    std::uint16_t raw;
    std::memcpy(&raw, src + 2 * i, 2);
    const float v = Convert(raw);
    detail::convert_elements_as<float, To>(what, reinterpret_cast<const char*>(&v), dst + i, 1);
  }
}

}  // namespace detail

// Converts n elements of `from` (raw little-endian bytes at src) to To. Integers must fit To exactly
// and floats converted to integers must be whole numbers; otherwise Error, starting with `what`
// (the file, and the tensor in it).
template <class To>
void convert_elements(std::string_view what, DType from, const char* src, To* dst, std::int64_t n) {
  switch (from) {
    case DType::u8: return detail::convert_elements_as<std::uint8_t>(what, src, dst, n);
    case DType::i8: return detail::convert_elements_as<std::int8_t>(what, src, dst, n);
    case DType::i16: return detail::convert_elements_as<std::int16_t>(what, src, dst, n);
    case DType::u16: return detail::convert_elements_as<std::uint16_t>(what, src, dst, n);
    case DType::i32: return detail::convert_elements_as<std::int32_t>(what, src, dst, n);
    case DType::u32: return detail::convert_elements_as<std::uint32_t>(what, src, dst, n);
    case DType::i64: return detail::convert_elements_as<std::int64_t>(what, src, dst, n);
    case DType::u64: return detail::convert_elements_as<std::uint64_t>(what, src, dst, n);
    case DType::f32: return detail::convert_elements_as<float>(what, src, dst, n);
    case DType::f64: return detail::convert_elements_as<double>(what, src, dst, n);
    case DType::boolean: {
      for (std::int64_t i = 0; i < n; ++i) {
        const auto byte = static_cast<unsigned char>(src[i]);
        if (byte > 1) fail(what, ": element ", i, " is a bool stored as byte ", int(byte), " (expected 0 or 1)");
        const bool b = byte != 0;
        detail::convert_elements_as<bool, To>(what, reinterpret_cast<const char*>(&b), dst + i, 1);
      }
      return;
    }
    case DType::f16: return detail::convert_half_elements<To, half_to_float>(what, src, dst, n);
    case DType::bf16: return detail::convert_half_elements<To, bfloat16_to_float>(what, src, dst, n);
  }
}

}  // namespace aecluster::io
