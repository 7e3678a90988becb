// histogram.cu: privatised histogram in dynamic shared memory, merged with atomics.
// Shared-memory atomics and a launch-time shared size both need a redesign on Ascend.
#include <cuda_runtime.h>

__global__ void histogram(const unsigned char* data, int n, unsigned* bins, int num_bins) {
  extern __shared__ unsigned local_bins[];
  for (int b = threadIdx.x; b < num_bins; b += blockDim.x) local_bins[b] = 0;
  __syncthreads();

  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    atomicAdd(&local_bins[data[i] % num_bins], 1u);
  }
  __syncthreads();

  for (int b = threadIdx.x; b < num_bins; b += blockDim.x) {
    atomicAdd(&bins[b], local_bins[b]);
  }
}

void run_histogram(const unsigned char* d_data, int n, unsigned* d_bins, int num_bins, cudaStream_t s) {
  cudaMemsetAsync(d_bins, 0, num_bins * sizeof(unsigned), s);
  const int blocks = 64;
  const int threads = 256;
  histogram<<<blocks, threads, num_bins * sizeof(unsigned), s>>>(d_data, n, d_bins, num_bins);
}
