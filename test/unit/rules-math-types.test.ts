/** Target-dependent behaviour of the math-types rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Soc } from '../../server/src/engine/target';
import { analyze } from '../helpers/engine';

const sev = async (text: string, soc: Soc, code: string) =>
  (await analyze(text, { target: { soc }, only: [code] })).findings.map((f) => f.severity);

test('bit intrinsics are errors on SIMD-only chips and warnings on the SIMT-capable Ascend 950', async () => {
  const text = '__global__ void k(unsigned* w) { w[0] = __popc(w[1]); }\n';
  assert.deepEqual(await sev(text, 'Ascend910B3', 'ASC408'), ['error']);
  assert.deepEqual(await sev(text, 'Ascend310P3', 'ASC408'), ['error']);
  assert.deepEqual(await sev(text, 'Ascend950', 'ASC408'), ['warning']);
});

test('FP8 is an error where the Cube unit has no FP8 and a warning on Ascend 950; FP4 is an error everywhere', async () => {
  const fp8 = '#include <cuda_fp8.h>\n__global__ void k(__nv_fp8_e5m2* y) { }\n';
  assert.deepEqual(await sev(fp8, 'Ascend910B3', 'ASC410'), ['error']);
  assert.deepEqual(await sev(fp8, 'Ascend950', 'ASC410'), ['warning']);
  const fp4 = '#include <cuda_fp4.h>\n__global__ void k(__nv_fp4_e2m1* y) { }\n';
  assert.deepEqual(await sev(fp4, 'Ascend950', 'ASC410'), ['error']);
});

test('integer multiplies and rounded arithmetic carry per-call severities', async () => {
  const mul = '__global__ void k(unsigned* x) { x[0] = __umul24(x[1], 3u) + __umulhi(x[2], 5u); }\n';
  assert.deepEqual(await sev(mul, 'Ascend910B3', 'ASC409'), ['information', 'warning']);
  const rnd = '__global__ void k(float* x) { x[0] = __fadd_rn(x[1], 1.0f) + __fmul_rz(x[2], 2.0f); }\n';
  assert.deepEqual(await sev(rnd, 'Ascend910B3', 'ASC411'), ['information', 'warning']);
});

test('element-type arithmetic ignores elements used as indices and scalar bookkeeping', async () => {
  const text = [
    '#include <cstdint>',
    '__global__ void k(const float* s, const int64_t* idx, const int64_t* off, float* d) {',
    '  d[0] = s[idx[0] * 2];',
    '  int64_t b = off[1] - off[0];',
    '  d[1] = (float)b;',
    '}',
  ].join('\n');
  assert.deepEqual(await sev(text, 'Ascend910B3', 'ASC406'), []);
});
