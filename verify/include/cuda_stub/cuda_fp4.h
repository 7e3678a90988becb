// ascend-port verify: stub for <cuda_fp4.h>. The FP4 types (__nv_fp4_e2m1, __nv_fp4x4_e2m1, …)
// are not modelled: a file that uses them does not build for the CPU, and verify says so.
#pragma once
#include "cuda_cpu.h"
