// ascend-port verify: stub for <device_functions.h>; everything is in cuda_cpu.h.
#pragma once
#include "cuda_cpu.h"
