// ascend-port verify: argument proxies for the generated runners. A runner receives every
// kernel argument as `void*` (tensors) or `double` (scalars); these proxies convert to the
// parameter type the kernel or launch wrapper declares, so the runner never spells a type.
#pragma once
#include <cstdint>

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

}  // namespace ap_verify
