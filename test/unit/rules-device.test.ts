/** Target-dependent behaviour of the warp, synchronisation and memory rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../helpers/engine';

const sev = async (text: string, soc: string, code: string) =>
  (await analyze(text, { target: { soc: soc as 'Ascend950' }, only: [code] })).findings.map((f) => f.severity);

test('warp votes, syncwarp and fences are milder on the SIMT-capable Ascend 950', async () => {
  const vote = '__global__ void k(int* o) { o[0] = __ballot_sync(0xffffffff, o[1] > 0); }\n';
  assert.deepEqual(await sev(vote, 'Ascend910B3', 'ASC252'), ['error']);
  assert.deepEqual(await sev(vote, 'Ascend950', 'ASC252'), ['information']);
  const fence = '__global__ void k() { __threadfence(); __syncwarp(); }\n';
  assert.deepEqual(await sev(fence, 'Ascend310P3', 'ASC203'), ['warning']);
  assert.deepEqual(await sev(fence, 'Ascend950', 'ASC203'), ['information']);
  assert.deepEqual(await sev(fence, 'Ascend950', 'ASC202'), ['information']);
});

test('a shared array larger than the target UB is an error; the limit depends on the chip', async () => {
  // 224 KiB: over 910B's 192 KiB UB, under the 256 KiB of 910A.
  const text = '__global__ void k() { __shared__ float big[224][256]; big[0][0] = 1.0f; }\n';
  assert.deepEqual(await sev(text, 'Ascend910B3', 'ASC101'), ['error']);
  assert.deepEqual(await sev(text, 'Ascend910A', 'ASC101'), ['warning']);
});

test('device printf and clock exist on 910B and 950 only', async () => {
  const text = '__global__ void k(long long* t) { printf("x"); t[0] = clock64(); }\n';
  assert.deepEqual(await sev(text, 'Ascend910B3', 'ASC604'), ['information']);
  assert.deepEqual(await sev(text, 'Ascend910A', 'ASC604'), ['error']);
  assert.deepEqual(await sev(text, 'Ascend310P3', 'ASC605'), ['error']);
  assert.deepEqual(await sev(text, 'Ascend950', 'ASC605'), ['information']);
});

test('GEMM libraries and WMMA are errors on 910A, which has no Matmul high-level API', async () => {
  const wmma = '__global__ void k() { wmma::fill_fragment(f, 0.0f); }\n';
  assert.deepEqual(await sev(wmma, 'Ascend910B3', 'ASC707'), ['warning']);
  assert.deepEqual(await sev(wmma, 'Ascend910A', 'ASC707'), ['error']);
  const gemm = 'void g() { cublasSgemm(h, a, b, m, n, k, al, A, m, B, k, be, C, m); cublasSaxpy(h, n, al, x, 1, y, 1); }\n';
  assert.deepEqual(await sev(gemm, 'Ascend910A', 'ASC701'), ['error', 'warning']);
});

test('shared-memory atomics are errors except in the SIMT mode of 950', async () => {
  const text = '__global__ void k() { __shared__ int c; atomicAdd(&c, 1); }\n';
  assert.deepEqual(await sev(text, 'Ascend910B3', 'ASC304'), ['error']);
  assert.deepEqual(await sev(text, 'Ascend950', 'ASC304'), ['warning']);
});
