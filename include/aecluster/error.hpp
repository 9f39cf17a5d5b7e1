#pragma once
// The library reports every failure by throwing aecluster::Error; it never prints or exits.
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace aecluster {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
template <class... Args>
[[nodiscard]] inline std::string concat(Args&&... args) {
  std::ostringstream s;
  (s << ... << std::forward<Args>(args));
  return s.str();
}
}  // namespace detail

// Throws Error with the arguments streamed into one message.
template <class... Args>
[[noreturn]] inline void fail(Args&&... args) {
  throw Error(detail::concat(std::forward<Args>(args)...));
}

template <class... Args>
inline void require(bool condition, Args&&... args) {
  if (!condition) fail(std::forward<Args>(args)...);
}

}  // namespace aecluster
