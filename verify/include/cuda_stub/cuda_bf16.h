// ascend-port verify: stub for <cuda_bf16.h>; everything is in cuda_cpu.h.
#pragma once
#include "cuda_cpu.h"
