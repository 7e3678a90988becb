// ascend-port verify: stub for <cooperative_groups/scan.h>; everything is in cuda_cpu.h.
#pragma once
#include "cuda_cpu.h"
