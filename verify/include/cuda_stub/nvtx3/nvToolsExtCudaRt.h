// ascend-port verify: stub for <nvtx3/nvToolsExtCudaRt.h> (naming CUDA runtime objects in a profiler): no-ops on the CPU.
#pragma once
#include "nvToolsExt.h"
#include "cuda_cpu.h"
inline void nvtxNameCudaStreamA(cudaStream_t, const char*) {}
inline void nvtxNameCudaEventA(cudaEvent_t, const char*) {}
inline void nvtxNameCudaDeviceA(int, const char*) {}
