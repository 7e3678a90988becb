// ascend-port verify: what a generated port's `#include "kernel_operator.h"` finds when it is
// compiled for the CPU with `-I verify/include`. It includes the CPU model of Ascend C for the
// CANN version given by -DAP_CANN=8 (default) or -DAP_CANN=9, unless a model header was
// already included (for example with -include ascendc_model-9.x.h). See docs/verify.md.
#pragma once
#ifndef AP_MODEL_CANN
#if defined(AP_CANN) && AP_CANN == 9
#include "ascendc_model-9.x.h"
#else
#include "ascendc_model-8.x.h"
#endif
#endif
