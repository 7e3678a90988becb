// ascend-port verify: stub for <cuda.h>; everything is in cuda_cpu.h.
#pragma once
#include "cuda_cpu.h"
