// ascend-port run-cpu: force-included in every translation unit of a migrated program built for
// the CPU (its host files and its kernel files). A launch wrapper's `ASCEND_PORT_LAUNCH` runs the
// kernel entry once per core, cores one after another, on the CPU model of Ascend C; the host's
// ACL calls run on the model of acl/acl.h. At exit, every violation the model recorded (a copy
// outside its GM allocation, a misaligned DataCopy, a call before aclInit ...) is printed to
// standard error on a line of its own starting with "ascend-port-model-violation: ", which
// `ascend-port run-cpu` counts as a failure of the run.
#pragma once
#include "kernel_operator.h"
#include "acl/acl.h"
#include <cstdio>
#include <cstdlib>

template <class F> void ap_run_launch(uint32_t blocks, F&& body) {
  for (uint32_t b = 0; b < blocks; ++b) ::ap_model::run_core(b, blocks, body);
}

#define ASCEND_PORT_LAUNCH(kernel, blocks, stream, ...) ((void)(stream), ap_run_launch((blocks), [&]() { kernel(__VA_ARGS__); }))

namespace ap_run {
inline void report_violations() {
  for (const auto& v : ::ap_model::violations())
    std::fprintf(stderr, "ascend-port-model-violation: %s: %s (%llu time%s)\n", v.api.c_str(), v.message.c_str(), (unsigned long long)v.count, v.count == 1 ? "" : "s");
  std::fflush(stderr);
}
struct AtExit {
  AtExit() { std::atexit(report_violations); }
};
inline AtExit at_exit;  // one per program (an inline variable), registered before main
}  // namespace ap_run
