// ascend-port verify: stub for <cublasLt.h>. verify runs kernels and device code only, and the
// host functions that use this library are left out of the CPU build; this header declares
// just its handle and status types, so the file's remaining declarations compile.
#pragma once
#include "cublas_v2.h"
typedef struct ap_cublasLt_context* cublasLtHandle_t;
typedef struct ap_cublasLt_desc* cublasLtMatmulDesc_t;
typedef struct ap_cublasLt_layout* cublasLtMatrixLayout_t;
typedef struct ap_cublasLt_pref* cublasLtMatmulPreference_t;
