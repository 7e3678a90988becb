// ascend-port verify: what a generated Matmul port's `#include "kernel_tiling/kernel_tiling.h"` finds when it is compiled for the
// CPU: the CPU model of Ascend C, which holds the Matmul API, its TCubeTiling and the host tiling (docs/verify.md).
#pragma once
#include "../kernel_operator.h"
