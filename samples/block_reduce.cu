// block_reduce.cu: a sum reduction in the classic shape: warp shuffles, a shared
// array of per-warp sums, __syncthreads, and one atomicAdd per block.
// On Ascend this becomes ReduceSum over a UB tile plus a DMA atomic add (SetAtomicAdd).
#include <cuda_runtime.h>

__device__ __forceinline__ float warp_reduce_sum(float v) {
  for (int offset = warpSize / 2; offset > 0; offset /= 2) {
    v += __shfl_down_sync(0xffffffff, v, offset);
  }
  return v;
}

__global__ void __launch_bounds__(256) block_sum(const float* __restrict__ in, float* out, int n) {
  __shared__ float warp_sums[32];
  const int lane = threadIdx.x % 32;
  const int warp = threadIdx.x / 32;

  float v = 0.0f;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    v += in[i];
  }
  v = warp_reduce_sum(v);
  if (lane == 0) warp_sums[warp] = v;
  __syncthreads();

  if (warp == 0) {
    v = lane < blockDim.x / 32 ? warp_sums[lane] : 0.0f;
    v = warp_reduce_sum(v);
    if (lane == 0) atomicAdd(out, v);
  }
}

float sum_on_device(const float* d_in, int n) {
  float* d_out;
  cudaMalloc(&d_out, sizeof(float));
  cudaMemset(d_out, 0, sizeof(float));
  block_sum<<<120, 256>>>(d_in, d_out, n);
  float result = 0.0f;
  cudaMemcpy(&result, d_out, sizeof(float), cudaMemcpyDeviceToHost);
  cudaFree(d_out);
  return result;
}
