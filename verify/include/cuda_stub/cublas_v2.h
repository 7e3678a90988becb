// ascend-port verify: stub for <cublas_v2.h>. verify runs kernels and device code only, and the
// host functions that use this library are left out of the CPU build; this header declares
// just its handle and status types and the constants file-level declarations use (a global
// `cublasComputeType_t c = CUBLAS_COMPUTE_32F;`), so the file's remaining declarations compile.
#pragma once
#include "cuda_cpu.h"
typedef struct ap_cublas_context* cublasHandle_t;
typedef int cublasStatus_t;
typedef int cublasComputeType_t;
typedef int cublasOperation_t;
typedef int cublasMath_t;
typedef int cublasGemmAlgo_t;
// Values as declared here only: no cuBLAS call runs on the CPU.
enum { CUBLAS_STATUS_SUCCESS = 0 };
enum { CUBLAS_OP_N = 0, CUBLAS_OP_T = 1, CUBLAS_OP_C = 2 };
enum { CUBLAS_COMPUTE_16F = 64, CUBLAS_COMPUTE_32F = 68, CUBLAS_COMPUTE_32F_FAST_TF32 = 77, CUBLAS_COMPUTE_32F_FAST_16BF = 75 };
#ifndef AP_CUDA_DATA_TYPE
#define AP_CUDA_DATA_TYPE
typedef int cudaDataType_t;
typedef int cudaDataType;
enum { CUDA_R_16F = 2, CUDA_R_32F = 0, CUDA_R_16BF = 14, CUDA_R_64F = 1 };
#endif
