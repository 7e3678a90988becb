/** Target-dependent behaviour of the library and matrix-unit rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Soc } from '../../server/src/engine/target';
import { analyze } from '../helpers/engine';

const run = async (text: string, soc: Soc, code: string) => (await analyze(text, { target: { soc }, only: [code] })).findings;

const gemm = [
  '__global__ void mm(const float* a, const float* b, float* c, int K, int N) {',
  '  float acc = 0.0f;',
  '  for (int k = 0; k < K; ++k) acc += a[threadIdx.y * K + k] * b[k * N + threadIdx.x];',
  '  c[threadIdx.y * N + threadIdx.x] = acc;',
  '}',
].join('\n');

test('a GEMM loop is information where the Matmul API exists and a warning on 910A', async () => {
  assert.deepEqual((await run(gemm, 'Ascend910B3', 'ASC709')).map((f) => f.severity), ['information']);
  assert.deepEqual((await run(gemm, 'Ascend310P3', 'ASC709')).map((f) => f.severity), ['information']);
  const a = await run(gemm, 'Ascend910A', 'ASC709');
  assert.deepEqual(a.map((f) => f.severity), ['warning']);
  assert.match(a[0]!.message, /no Matmul high-level API/);
});

test('tensor-core PTX and CUTLASS are errors on 910A, which has no Matmul API', async () => {
  const asm = '__device__ void f(unsigned* r, unsigned a) { asm volatile("ldmatrix.sync.aligned.m8n8.x1.shared.b16 {%0}, [%1];" : "=r"(r[0]) : "r"(a)); }\n';
  assert.deepEqual((await run(asm, 'Ascend910B3', 'ASC708')).map((f) => f.severity), ['warning']);
  assert.deepEqual((await run(asm, 'Ascend910A', 'ASC708')).map((f) => f.severity), ['error']);
  const cutlass = 'namespace cutlass { struct half_t {}; }\ncutlass::half_t h;\n';
  assert.deepEqual((await run(cutlass, 'Ascend950', 'ASC712')).map((f) => f.severity), ['warning']);
  assert.deepEqual((await run(cutlass, 'Ascend910A', 'ASC712')).map((f) => f.severity), ['error']);
});

test('a GEMM loop in host code is not flagged', async () => {
  assert.deepEqual(await run(gemm.replace('__global__ ', ''), 'Ascend910B3', 'ASC709'), []);
});
