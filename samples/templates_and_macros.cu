// templates_and_macros.cu: templated kernels, a launch inside a macro, a `>>>` that is a
// template closer and not a launch, __constant__ memory and non-ASCII comments
// (größe — 大小 — ✓). The lens must get all of these right for the parser.
#include <cuda_runtime.h>
#include <utility>
#include <vector>

#define LAUNCH_1D(kernel, n, ...) kernel<<<((n) + 255) / 256, 256>>>(__VA_ARGS__)

__constant__ float kScale[4];

template <typename T, int BLOCK>
__global__ void scale(T* data, int n) {
  int i = blockIdx.x * BLOCK + threadIdx.x;
  if (i < n) data[i] = data[i] * static_cast<T>(kScale[i % 4]);
}

__global__ void clamp01(float* data, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) data[i] = fminf(fmaxf(data[i], 0.0f), 1.0f);
}

// Host-side bookkeeping: the closing `>>>` below is three template closers.
std::vector<std::pair<int, std::vector<int>>> make_plan(int parts) {
  std::vector<std::pair<int, std::vector<int>>> plan;
  for (int p = 0; p < parts; ++p) plan.push_back({p, std::vector<int>(p + 1, p)});
  return plan;
}

void run(float* d_data, int n, cudaStream_t stream) {
  const float h_scale[4] = {1.0f, 0.5f, 0.25f, 2.0f};  // größe ✓
  cudaMemcpyToSymbol(kScale, h_scale, sizeof(h_scale));
  scale<float, 128><<<(n + 127) / 128, 128, 0, stream>>>(d_data, n);
  LAUNCH_1D(clamp01, n, d_data, n);
  (void)make_plan(3);
}

#ifdef __CUDA_ARCH__
// Device pass: nothing extra.
#endif
