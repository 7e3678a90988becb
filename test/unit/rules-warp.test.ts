/** Target-dependent behaviour of the warp rules added after ASC254. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../helpers/engine';

const sev = async (text: string, soc: string, code: string) =>
  (await analyze(text, { target: { soc: soc as 'Ascend950' }, only: [code] })).findings.map((f) => f.severity);

test('lane arithmetic keeps its meaning in the SIMT mode of Ascend 950 only', async () => {
  const text = '__global__ void k(int* o) { o[threadIdx.x / 32] = threadIdx.x & 31; }\n';
  assert.deepEqual(await sev(text, 'Ascend910B3', 'ASC255'), ['warning', 'warning']);
  assert.deepEqual(await sev(text, 'Ascend950', 'ASC255'), ['information', 'information']);
  const reg = '__device__ unsigned l() { unsigned x; asm("mov.u32 %0, %%laneid;" : "=r"(x)); return x; }\n';
  assert.deepEqual(await sev(reg, 'Ascend910A', 'ASC256'), ['error']);
  assert.deepEqual(await sev(reg, 'Ascend950', 'ASC256'), ['warning']);
});

test('tile collectives: shuffles and votes map to SIMT warp functions on 950; reductions do not', async () => {
  const text = `namespace cg = cooperative_groups;
__global__ void k(float* x) {
  auto t = cg::tiled_partition<32>(cg::this_thread_block());
  x[0] = t.shfl_down(x[1], 1) + cg::reduce(t, x[2], cg::plus<float>());
  t.sync();
}
`;
  assert.deepEqual(await sev(text, 'Ascend910B3', 'ASC258'), ['error', 'error', 'warning']);
  assert.deepEqual(await sev(text, 'Ascend950', 'ASC258'), ['information', 'warning', 'information']);
  assert.deepEqual(await sev(text, 'Ascend910B3', 'ASC257'), ['error']);
  assert.deepEqual(await sev(text, 'Ascend950', 'ASC257'), ['warning']);
});

test('warp-synchronous reductions are errors on SIMD chips and warnings on Ascend 950', async () => {
  const text = '__device__ void r(volatile float* s, int t) { s[t] += s[t + 16]; s[t] += s[t + 8]; s[t] += s[t + 4]; }\n';
  assert.deepEqual(await sev(text, 'Ascend310P1', 'ASC259'), ['error']);
  assert.deepEqual(await sev(text, 'Ascend950', 'ASC259'), ['warning']);
});
