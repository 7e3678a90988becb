// ascend-port verify: stub for <nccl.h>. verify runs kernels and device code only, and the host
// functions that use NCCL are left out of the CPU build; this header declares just NCCL's
// handle, status and enum types, so the file's remaining declarations compile.
#pragma once
#include "cuda_cpu.h"
typedef struct ap_nccl_comm* ncclComm_t;
typedef struct { char internal[128]; } ncclUniqueId;
typedef enum { ncclSuccess = 0 } ncclResult_t;
typedef enum { ncclInt8, ncclUint8, ncclInt32, ncclUint32, ncclInt64, ncclUint64, ncclFloat16, ncclFloat32, ncclFloat64, ncclBfloat16 } ncclDataType_t;
typedef enum { ncclSum, ncclProd, ncclMax, ncclMin, ncclAvg } ncclRedOp_t;
