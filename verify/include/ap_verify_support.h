// ascend-port verify: argument proxies for the generated runners, and JSON string escaping
// shared by the runners' glue and the driver. A runner receives every
// kernel argument as `void*` (tensors) or `double` (scalars); these proxies convert to the
// parameter type the kernel or launch wrapper declares, so the runner never spells a type.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

namespace ap_verify {

struct ptr {
  void* v;
  explicit ptr(void* p) : v(p) {}
  template <class T> operator T*() const { return static_cast<T*>(v); }
};

struct num {
  double v;
  explicit num(double d) : v(d) {}
  template <class T> operator T() const { return static_cast<T>(v); }
};

/** A string as a JSON string literal (quotes, backslashes and control characters escaped). */
inline std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      out += b;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace ap_verify
