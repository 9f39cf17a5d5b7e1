#pragma once
// The library reports every failure by throwing aecluster::Error; it never prints or exits.
#include <cctype>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
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

// At most `limit` characters of untrusted text for an error message, non-printable bytes escaped.
[[nodiscard]] inline std::string excerpt(std::string_view text, std::size_t limit = 80) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isprint(c))
      out += static_cast<char>(c);
    else {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (text.size() > limit) out += "...";
  return out;
}

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
