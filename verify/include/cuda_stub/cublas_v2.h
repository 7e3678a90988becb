// ascend-port verify: stub for <cublas_v2.h>. verify runs kernels and device code only, and the
// host functions that use this library are left out of the CPU build; this header declares
// just its handle and status types, so the file's remaining declarations compile.
#pragma once
#include "cuda_cpu.h"
typedef struct ap_cublas_context* cublasHandle_t;
typedef int cublasStatus_t;
typedef int cublasComputeType_t;
typedef int cublasOperation_t;
typedef int cublasMath_t;
typedef int cublasGemmAlgo_t;
