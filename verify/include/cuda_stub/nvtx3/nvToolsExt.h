// ascend-port verify: stub for <nvtx3/nvToolsExt.h>. NVTX only annotates profiler timelines;
// on the CPU every call is a no-op returning what NVTX returns when no tool is attached.
#pragma once
inline int nvtxRangePush(const char*) { return 0; }
inline int nvtxRangePushA(const char*) { return 0; }
inline int nvtxRangePop() { return 0; }
inline void nvtxMark(const char*) {}
inline void nvtxMarkA(const char*) {}
typedef unsigned long long nvtxRangeId_t;
inline nvtxRangeId_t nvtxRangeStart(const char*) { return 0; }
inline nvtxRangeId_t nvtxRangeStartA(const char*) { return 0; }
inline void nvtxRangeEnd(nvtxRangeId_t) {}
