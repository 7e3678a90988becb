// ascend-port verify: stub for <cuda_profiler_api.h>; everything is in cuda_cpu.h.
#pragma once
#include "cuda_cpu.h"
