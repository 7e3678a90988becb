/**
 * Shim pieces real code needs beyond the runtime basics (ggml's common.cuh includes
 * <cuda_fp8.h> and <cuda_fp4.h> and declares a cudaLaunchKernelEx configuration):
 * E4M3 conversions at known values (exact, round to nearest even, saturation), E8M0 to
 * bf16 bits, cudaLaunchKernelEx running the kernel with the configuration's grid, and the
 * driver API result type that cuda-samples' helper_cuda.h names under CUDA_DRIVER_API.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileAndRun, gxxMissing } from '../helpers/cuda-shim';

const SOURCE = `#include <cuda_fp8.h>
#include <cuda_fp4.h>
__global__ void fill_index(int* out) { out[blockIdx.x * blockDim.x + threadIdx.x] = blockIdx.x * blockDim.x + threadIdx.x; }
`;

const DRIVER = `
static unsigned char e4m3(float f) { return __nv_fp8_e4m3(f).__x; }
int main() {
  EXPECT(e4m3(1.0f) == 0x38, "1.0 is 0x38");
  EXPECT(e4m3(0.5f) == 0x30, "0.5 is 0x30");
  EXPECT(e4m3(-2.0f) == 0xC0, "-2.0 is 0xC0");
  EXPECT(e4m3(448.0f) == 0x7E, "448 is the largest finite, 0x7E");
  EXPECT(e4m3(1000.0f) == 0x7E && e4m3(-1e9f) == 0xFE, "beyond 448 saturates to +-448");
  EXPECT(e4m3(0.001953125f) == 0x01, "2^-9 is the smallest subnormal");
  EXPECT(e4m3(1.0625f) == 0x38, "1.0625 ties to the even 1.0");
  EXPECT(e4m3(1.1875f) == 0x3A, "1.1875 ties to the even 1.25");
  EXPECT(e4m3(NAN) == 0x7F, "NaN is 0x7F");
  EXPECT(static_cast<float>(__nv_fp8_e4m3(0.3f)) == 0.3125f, "0.3 rounds to 0.3125 and converts back exactly");
  EXPECT(__nv_cvt_e8m0_to_bf16raw(127).x == 0x3F80, "e8m0 127 is bf16 1.0");
  EXPECT(__nv_cvt_e8m0_to_bf16raw(0).x == 0x0040 && __nv_cvt_e8m0_to_bf16raw(255).x == 0x7FFF, "e8m0 0 is 2^-127, 255 is NaN");
  std::vector<int> out(12, -1);
  cudaLaunchAttribute attr{};
  attr.id = cudaLaunchAttributeProgrammaticStreamSerialization;
  attr.val.programmaticStreamSerializationAllowed = 1;
  cudaLaunchConfig_t cfg{};
  cfg.gridDim = dim3(3);
  cfg.blockDim = dim3(4);
  cfg.attrs = &attr;
  cfg.numAttrs = 1;
  cudaError_t e = cudaLaunchKernelEx(&cfg, fill_index, out.data());
  bool all = e == cudaSuccess;
  for (int i = 0; i < 12; i++) all = all && out[i] == i;
  EXPECT(all, "cudaLaunchKernelEx runs grid x block threads");
  return ap_failures;
}
`;

test('cuda_fp8.h, cuda_fp4.h and cudaLaunchKernelEx in the CPU shim', { skip: gxxMissing() ?? false }, async () => {
  const r = await compileAndRun('fp8', SOURCE, '/virtual/fp8.cu', DRIVER);
  assert.ok(r.compiled, r.compileErrors);
  assert.deepEqual(r.failed, []);
  assert.equal(r.ok.length, 13, r.stdout);
  assert.equal(r.status, 0);
});

/** cuda-samples' helper_cuda.h declares `_cudaGetErrorEnum(CUresult)` when a file defines CUDA_DRIVER_API (cudaCompressibleMemory's saxpy.cu). */
const DRIVER_SOURCE = `#include <cuda.h>
#define CUDA_DRIVER_API
static const char* driverErrorName(CUresult error) {
  const char* name = nullptr;
  cuGetErrorName(error, &name);
  return name;
}
__global__ void twice(float* x) { x[threadIdx.x] *= 2.0f; }
`;

const DRIVER_MAIN = `
int main() {
  EXPECT(std::string(driverErrorName(CUDA_SUCCESS)) == "CUDA_SUCCESS", "CUDA_SUCCESS has its name");
  EXPECT(std::string(driverErrorName(CUDA_ERROR_OUT_OF_MEMORY)) == "CUDA_ERROR_OUT_OF_MEMORY", "an error has its name");
  return ap_failures;
}
`;

test('the driver API result type CUresult and cuGetErrorName in the CPU shim\'s <cuda.h>', { skip: gxxMissing() ?? false }, async () => {
  const r = await compileAndRun('driver', DRIVER_SOURCE, '/virtual/driver.cu', DRIVER_MAIN);
  assert.ok(r.compiled, r.compileErrors);
  assert.deepEqual(r.failed, []);
  assert.equal(r.ok.length, 2, r.stdout);
});

/**
 * <cuda/pipeline> with a thread-scope pipeline (cuda-samples' globalToShmemAsyncCopy,
 * MatrixMulAsyncCopySingleStage): each thread stages its element of a shared tile with
 * cuda::memcpy_async (an aligned_size_t shape and a plain size), waits, and the block reads
 * its neighbours' elements after __syncthreads.
 */
const PIPELINE = `#include <cuda/pipeline>
__global__ void rotate_through_shared(float* out, const float* in) {
  __shared__ float tile[8];
  cuda::pipeline<cuda::thread_scope_thread> pipe = cuda::make_pipeline();
  const auto one = cuda::aligned_size_t<alignof(float)>(sizeof(float));
  pipe.producer_acquire();
  if (threadIdx.x % 2 == 0) cuda::memcpy_async(&tile[threadIdx.x], &in[threadIdx.x], one, pipe);
  else cuda::memcpy_async(&tile[threadIdx.x], &in[threadIdx.x], sizeof(float), pipe);
  pipe.producer_commit();
  pipe.consumer_wait();
  __syncthreads();
  out[threadIdx.x] = tile[(threadIdx.x + 1) % 8];
  pipe.consumer_release();
}
`;
const PIPELINE_DRIVER = `
int main() {
  std::vector<float> in(8), out(8, -1.0f);
  for (int i = 0; i < 8; i++) in[i] = static_cast<float>(i * 10);
  ::ap_cuda::launch(rotate_through_shared, dim3(1), dim3(8), 0, out.data(), in.data());
  bool all = true;
  for (int i = 0; i < 8; i++) all = all && out[i] == in[(i + 1) % 8];
  EXPECT(all, "every thread's copy landed before the block read it");
  return ap_failures;
}
`;

test('<cuda/pipeline>: thread-scope memcpy_async in the CPU shim copies before consumer_wait returns', { skip: gxxMissing() ?? false }, async () => {
  const r = await compileAndRun('pipeline', PIPELINE, '/virtual/pipeline.cu', PIPELINE_DRIVER);
  assert.ok(r.compiled, r.compileErrors);
  assert.deepEqual(r.failed, []);
  assert.equal(r.ok.length, 1, r.stdout);
  assert.equal(r.status, 0);
});
