// ascend-port verify: stub for <vector_types.h>; everything is in cuda_cpu.h.
#pragma once
#include "cuda_cpu.h"
