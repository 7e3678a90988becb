// ascend-port verify: stub for <sm_30_intrinsics.h>; everything is in cuda_cpu.h.
#pragma once
#include "cuda_cpu.h"
