// ascend-port verify: what a generated Matmul port's `#include "lib/matmul_intf.h"` finds when it is compiled for the
// CPU: the CPU model of Ascend C, which holds the Matmul API, its TCubeTiling and the host tiling (docs/verify.md).
#pragma once
#include "../kernel_operator.h"
