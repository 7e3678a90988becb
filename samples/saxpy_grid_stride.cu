// saxpy_grid_stride.cu: a grid-stride loop with restrict pointers, on a stream, timed
// with events. Grid-stride loops map naturally to Ascend C's per-core tile loop.
#include <cstdio>
#include <cuda_runtime.h>

__global__ void saxpy(int n, float a, const float* __restrict__ x, float* __restrict__ y) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    y[i] = a * x[i] + y[i];
  }
}

int main() {
  const int n = 1 << 22;
  const size_t bytes = n * sizeof(float);
  float *h_x, *h_y, *d_x, *d_y;
  cudaMallocHost(&h_x, bytes);
  cudaMallocHost(&h_y, bytes);
  for (int i = 0; i < n; ++i) {
    h_x[i] = 1.0f;
    h_y[i] = 2.0f;
  }
  cudaMalloc(&d_x, bytes);
  cudaMalloc(&d_y, bytes);

  cudaStream_t stream;
  cudaStreamCreate(&stream);
  cudaEvent_t start, stop;
  cudaEventCreate(&start);
  cudaEventCreate(&stop);

  cudaMemcpyAsync(d_x, h_x, bytes, cudaMemcpyHostToDevice, stream);
  cudaMemcpyAsync(d_y, h_y, bytes, cudaMemcpyHostToDevice, stream);
  cudaEventRecord(start, stream);
  saxpy<<<80, 256, 0, stream>>>(n, 2.0f, d_x, d_y);
  cudaEventRecord(stop, stream);
  cudaMemcpyAsync(h_y, d_y, bytes, cudaMemcpyDeviceToHost, stream);
  cudaStreamSynchronize(stream);

  float ms = 0.0f;
  cudaEventElapsedTime(&ms, start, stop);
  std::printf("saxpy: %.3f ms, y[0] = %f\n", ms, h_y[0]);

  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  cudaStreamDestroy(stream);
  cudaFree(d_x);
  cudaFree(d_y);
  cudaFreeHost(h_x);
  cudaFreeHost(h_y);
  return 0;
}
