import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../helpers/engine';

const SOURCE = `#define DEVICE_INLINE __device__ __forceinline__
DEVICE_INLINE float twice(float v) { return 2.0f * v; }

template <typename T, int BLOCK>
__global__ void __launch_bounds__(BLOCK, 2) tile2d(const T* __restrict__ a, T* b, const int n, int& unused) {
  __shared__ T tile[BLOCK][BLOCK + 1];
  extern __shared__ float dyn[];
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  for (int k = 0; k < n; ++k) tile[threadIdx.y][threadIdx.x] += a[y * n + k];
  __syncthreads();
  b[y * n + x] = twice(tile[threadIdx.x][threadIdx.y]) + dyn[0];
}

__global__ void saxpy(int n, float s, const float* x, float* y) {
  int stride = blockDim.x * gridDim.x;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) y[i] = s * x[i] + y[i];
}

void host(float* a, float* b, int n, cudaStream_t st) {
  dim3 grid(n / 16, n / 16), block(16, 16);
  tile2d<float, 16><<<grid, block, 64 * sizeof(float), st>>>(a, b, n, n);
  saxpy<<<(n + 255) / 256, 256>>>(n, 2.0f, a, b);
}
`;

test('the kernel model describes qualifiers, parameters, indices, shared arrays, loops and launches', async () => {
  const r = await analyze(SOURCE);
  assert.deepEqual(r.ruleErrors, []);
  const byName = Object.fromEntries(r.kernels.map((k) => [k.name, k]));
  assert.deepEqual(Object.keys(byName).sort(), ['saxpy', 'tile2d', 'twice']);

  const twice = byName.twice!;
  assert.equal(twice.kind, 'device');
  assert.deepEqual(twice.qualifiers.sort(), ['device', 'forceinline']);

  const t = byName.tile2d!;
  assert.equal(t.kind, 'global');
  assert.equal(t.launchBounds, 'BLOCK, 2');
  assert.equal(t.templateParams, '<typename T, int BLOCK>');
  assert.equal(t.range.start.line, 3, 'the range starts at `template`');
  assert.deepEqual(
    t.params.map((p) => [p.name, p.pointerDepth, p.isConst, p.isRestrict, p.isReference, p.baseType]),
    [
      ['a', 1, true, true, false, 'T'],
      ['b', 1, false, false, false, 'T'],
      ['n', 0, true, false, false, 'int'],
      ['unused', 0, false, false, true, 'int'],
    ],
  );
  assert.equal(t.dimensions, 2);
  assert.equal(t.threadIndex['threadIdx.y'], 3);
  assert.deepEqual(
    t.sharedArrays.map((s) => [s.name, s.elementType, s.dims, s.isExtern]),
    [
      ['tile', 'T', ['BLOCK', 'BLOCK + 1'], false],
      ['dyn', 'float', [''], true],
    ],
  );
  assert.deepEqual(t.barriers.map((b) => b.name), ['__syncthreads']);
  assert.deepEqual(t.loops.map((l) => [l.kind, l.gridStride]), [['for', false]]);
  assert.deepEqual(t.calls, ['__syncthreads', 'twice']);
  assert.equal(t.launches.length, 1);
  assert.deepEqual(t.launches[0]!.config, ['grid', 'block', '64 * sizeof(float)', 'st']);
  assert.deepEqual(t.launches[0]!.args, ['a', 'b', 'n', 'n']);
  assert.equal(t.launches[0]!.templateArgs, 'float, 16');
  assert.equal(t.launches[0]!.inFunction, 'host');

  const s = byName.saxpy!;
  assert.deepEqual(s.loops.map((l) => l.gridStride), [true], 'stride variable initialised with blockDim * gridDim');
  assert.equal(s.dimensions, 1);
  assert.deepEqual(s.launches[0]!.config, ['(n + 255) / 256', '256']);
  assert.equal(r.launches.length, 2);
});

test('kernels are found even when the whole file is an ERROR node', async () => {
  const text = `MACRO_WITHOUT_SEMICOLON(x)\n@@@ garbage ### )))\n__global__ void inner(float* p) { p[threadIdx.x] = 0; __syncthreads(); }\n`;
  const r = await analyze(text);
  assert.ok(r.stats.errorNodes > 0);
  assert.ok(r.findings.some((f) => f.code === 'ASC201'));
});
