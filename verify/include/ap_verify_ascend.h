// ascend-port verify: the Ascend C side of a verification build. Force-included before the
// port (after the CPU model of Ascend C): the port's launch macro runs the entry once per core,
// cores one after another, and the hooks below give the driver GM allocations and the model's
// violations without the driver seeing any Ascend C type.
#pragma once
#include "kernel_operator.h"
#include <cstdio>
#include <cstring>
#include <string>
#include "ap_verify_support.h"

template <class F> void ap_verify_launch(uint32_t blocks, F&& body) {
  for (uint32_t b = 0; b < blocks; ++b) ::ap_model::run_core(b, blocks, body);
}

// What the generated wrapper's `ASCEND_PORT_LAUNCH(kernel, blocks, stream, args...)` does here.
#define ASCEND_PORT_LAUNCH(kernel, blocks, stream, ...) ((void)(stream), ap_verify_launch((blocks), [&]() { kernel(__VA_ARGS__); }))

extern "C" void* ap_verify_gm_alloc(size_t bytes) { return ::ap_model::gm_alloc(bytes); }
extern "C" void ap_verify_gm_free(void* p) { ::ap_model::gm_free(p); }
extern "C" void ap_verify_clear(void) { ::ap_model::clear_violations(); }

/** The model's violations since the last clear, as a JSON array (written into buf, truncated to cap). */
extern "C" size_t ap_verify_violations(char* buf, size_t cap) {
  std::string out = "[";
  bool first = true;
  for (const auto& v : ::ap_model::violations()) {
    if (!first) out += ',';
    first = false;
    out += "{\"api\":" + ::ap_verify::json_string(v.api);
    out += ",\"message\":" + ::ap_verify::json_string(v.message);
    out += ",\"count\":" + std::to_string(v.count) + "}";
  }
  out += "]";
  if (cap == 0) return out.size();
  size_t n = out.size() < cap - 1 ? out.size() : cap - 1;
  std::memcpy(buf, out.data(), n);
  buf[n] = 0;
  return out.size();
}
