// ascend-port verify: stub for <cuda.h>; everything is in cuda_cpu.h.
#pragma once
#include "cuda_cpu.h"

// The driver API's result type and error names, as far as helper headers use them
// (cuda-samples' helper_cuda.h under CUDA_DRIVER_API); host code that calls the driver
// API itself is blanked before verification, so nothing else of it is needed.
#ifndef AP_CUDA_DRIVER_RESULT
#define AP_CUDA_DRIVER_RESULT
enum cudaError_enum { CUDA_SUCCESS = 0, CUDA_ERROR_INVALID_VALUE = 1, CUDA_ERROR_OUT_OF_MEMORY = 2, CUDA_ERROR_NOT_INITIALIZED = 3, CUDA_ERROR_UNKNOWN = 999 };
typedef enum cudaError_enum CUresult;
inline CUresult cuGetErrorName(CUresult error, const char** name) {
  switch (error) {
    case CUDA_SUCCESS: *name = "CUDA_SUCCESS"; return CUDA_SUCCESS;
    case CUDA_ERROR_INVALID_VALUE: *name = "CUDA_ERROR_INVALID_VALUE"; return CUDA_SUCCESS;
    case CUDA_ERROR_OUT_OF_MEMORY: *name = "CUDA_ERROR_OUT_OF_MEMORY"; return CUDA_SUCCESS;
    case CUDA_ERROR_NOT_INITIALIZED: *name = "CUDA_ERROR_NOT_INITIALIZED"; return CUDA_SUCCESS;
    default: *name = "CUDA_ERROR_UNKNOWN"; return CUDA_ERROR_INVALID_VALUE;
  }
}
inline CUresult cuGetErrorString(CUresult error, const char** str) { return cuGetErrorName(error, str); }
#endif
