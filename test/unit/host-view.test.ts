/**
 * The host view of a migrated file (engine/port/hostView.ts): what a host compiler can build
 * once the kernels have their ports. Checked on text with every shape it handles, and with g++.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, Engine, finishHostText, hostViewEdits } from '../../server/src/engine';
import { syntaxCheck } from '../helpers/syntax-check';

const SOURCE = `// header comment
#define HD __host__ __device__
#define DEV_INLINE __device__ __forceinline__
__global__ void scale(float* x, float s, int n);
__device__ float twice(float v) { return 2.0f * v; }
DEV_INLINE float half_of(float v) { return 0.5f * v; }
HD inline int ceil_div(int a, int b) { return (a + b - 1) / b; }
__host__ __device__ __forceinline__ int clamp_index(int i, int n) { return i < 0 ? 0 : (i >= n ? n - 1 : i); }
extern "C" __global__ void scale(float* x, float s, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = twice(x[i]) * s;
}
template <typename T>
__global__ void fill(T* x, T v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = v;
}
__constant__ float table[4];
int host_only(int n) { return ceil_div(n, 256) + clamp_index(n, 4); }
`;

test('the host view removes ported kernels (with extern "C" and templates), device functions and prototypes, and neutralises qualifier macros', async () => {
  const engine = await Engine.create();
  try {
    const doc = engine.open(SOURCE);
    let out: string;
    try {
      const view = hostViewEdits(doc, new Map([['scale', '// `scale` is ported'], ['fill', '// TODO(ascend-port): `fill` is a skeleton']]));
      out = finishHostText(applyEdits(SOURCE, view.edits, (p) => doc.lines.offsetAt(p)), true);
      assert.deepEqual([...view.removed].sort(), ['fill', 'half_of', 'scale', 'twice']);
    } finally {
      doc.dispose();
    }
    assert.match(out, /^\/\/ `scale` is ported$/m);
    assert.match(out, /^\/\/ TODO\(ascend-port\): `fill` is a skeleton$/m);
    assert.doesNotMatch(out, /extern "C"|template <typename T>|blockIdx|twice\(float|half_of\(float/);
    assert.match(out, /\/\* prototype of `scale`: the kernel is in its Ascend C port \*\//);
    assert.match(out, /^#define HD \/\* CUDA qualifiers removed by ascend-port: __host__ __device__ \*\/$/m);
    assert.match(out, /^ *inline int clamp_index\(int i, int n\)/m, 'the __host__ __device__ __forceinline__ function keeps its body, inline');
    assert.match(out, /^__constant__ float table\[4\]; \/\/ TODO\(ascend-port\): CUDA device code left in a host file/m);
    assert.match(out, /^\/\/ ascend-port: nvcc included these implicitly[^\n]*\n#include <cmath>\n#include <cstdio>\n#include <cstdlib>\n#include <cstring>\n\/\/ header comment/);
    // Everything but the TODO line compiles as host C++.
    const r = syntaxCheck(out.replace(/^__constant__.*$/m, ''), '8.x');
    assert.ok(r.ok, r.errors);
  } finally {
    engine.dispose();
  }
});
