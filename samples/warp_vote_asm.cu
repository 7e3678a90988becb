// warp_vote_asm.cu: warp votes, inline PTX and a memory fence: the constructs that
// translators such as HIPIFY pass through silently, and that have no SIMD equivalent.
#include <cuda_runtime.h>

#define HOST_DEVICE __host__ __device__

HOST_DEVICE inline int ceil_div(int a, int b) { return (a + b - 1) / b; }

__device__ __forceinline__ unsigned lane_id() {
  unsigned lane;
  asm volatile("mov.u32 %0, %%laneid;" : "=r"(lane));
  return lane;
}

__global__ void flag_positive(const float* x, unsigned* warp_masks, int* any_flags, int* done, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  const bool positive = i < n && x[i] > 0.0f;
  const unsigned active = __activemask();
  const unsigned mask = __ballot_sync(active, positive);
  const int any = __any_sync(active, positive);
  if (lane_id() == 0) {
    warp_masks[i / 32] = mask;
    any_flags[i / 32] = any;
  }
  __threadfence();
  if (threadIdx.x == 0) atomicExch(done + blockIdx.x, 1);
}

void run_flags(const float* x, unsigned* masks, int* flags, int* done, int n) {
  flag_positive<<<ceil_div(n, 256), 256>>>(x, masks, flags, done, n);
}
