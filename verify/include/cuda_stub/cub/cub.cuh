// ascend-port verify: stub for <cub/cub.cuh>. verify runs kernels and device code only, and the
// host functions that use this library are left out of the CPU build; this header declares
// just the namespace and its device-wide algorithm classes, so `using namespace cub;` and the
// file's remaining declarations compile.
#pragma once
#include "cuda_cpu.h"
namespace cub {
struct DeviceReduce;
struct DeviceScan;
struct DeviceSegmentedRadixSort;
struct DeviceSegmentedSort;
}  // namespace cub
