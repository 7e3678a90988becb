/**
 * bfloat16 as a port element type: the recogniser rounds to bf16 exactly where CUDA does
 * (after every `__nv_bfloat16` operation, at a conversion intrinsic, at a store or a bf16
 * local) and nowhere else; it rejects what it cannot mirror; the plan refuses chips without a
 * documented bf16 Cast. Verification of the same kernels is in test/verify/bf16.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { renderValue, stores } from '../../server/src/engine/port/program';
import { syntaxCheck } from '../helpers/syntax-check';

const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const SOCS_WITHOUT_BF16: Target[] = [
  { soc: 'Ascend910A', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '8.x' },
  { soc: 'Ascend950', cann: '9.x' },
];
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

const HEAD = '#include <cuda_bf16.h>\n';

function verdict(body: string, kernel = 'k', target = B3) {
  const doc = engine.open(HEAD + body);
  try {
    return kernelVerdict(doc, kernel, target)!;
  } finally {
    doc.dispose();
  }
}

/** The stored value of the first store, rendered per element. */
function stored(body: string): string {
  const v = verdict(body);
  assert.equal(v.kind, 'complete', v.kind === 'skeleton' ? v.reasons.join('; ') : '');
  if (v.kind !== 'complete') return '';
  return renderValue(v.program, stores(v.program)[0]!.value);
}

const guard = (params: string, stmt: string) => `__global__ void k(${params}) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) ${stmt}\n}\n`;
const P3 = 'const __nv_bfloat16* a, const __nv_bfloat16* b, const __nv_bfloat16* c, __nv_bfloat16* o, int n';

test('a chain of bf16 operators rounds after each operation, as CUDA does', () => {
  assert.equal(stored(guard(P3, 'o[i] = a[i] * b[i] + c[i];')), '(bf16)((float)(bf16)((float)a[i] * (float)b[i]) + (float)c[i])');
  assert.equal(stored(guard(P3, 'o[i] = __hadd(a[i], b[i]);')), '(bf16)((float)a[i] + (float)b[i])');
});

test('through float, bf16 rounds once: at the conversion or the store', () => {
  assert.equal(stored(guard(P3, 'o[i] = __float2bfloat16(__bfloat162float(a[i]) * __bfloat162float(b[i]) + __bfloat162float(c[i]));')), '(bf16)(((float)a[i] * (float)b[i]) + (float)c[i])');
  assert.equal(stored(guard(P3, '{ float s = (float)a[i] + (float)b[i]; o[i] = s * 2.0f; }')), '(bf16)(((float)a[i] + (float)b[i]) * 2.0f)');
  // A bf16 local rounds where it is assigned.
  assert.equal(stored(guard(P3, '{ __nv_bfloat16 s = (float)a[i] + (float)b[i]; o[i] = __float2bfloat16(expf(s)); }')), '(bf16)exp((float)(bf16)((float)a[i] + (float)b[i]))');
  // Float functions take bf16 through float and return float.
  assert.equal(stored(guard(P3, 'o[i] = fmaxf(a[i], b[i]);')), '(bf16)max((float)a[i], (float)b[i])');
  // nv_bfloat16 is the same type.
  assert.equal(stored(guard('const nv_bfloat16* a, nv_bfloat16* o, int n', 'o[i] = -a[i];')), '(bf16)-(float)a[i]');
});

test('half ↔ bf16 goes through float; what cannot be mirrored is rejected with the reason', () => {
  assert.equal(stored(guard('const __half* h, __nv_bfloat16* o, int n', 'o[i] = __float2bfloat16(__half2float(h[i]));')), '(bf16)(float)h[i]');
  const reasons = (body: string) => {
    const v = verdict(body);
    assert.equal(v.kind, 'skeleton');
    return v.kind === 'skeleton' ? v.reasons.join('; ') : '';
  };
  assert.match(reasons(guard('const int* x, __nv_bfloat16* o, int n', 'o[i] = (__nv_bfloat16)x[i];')), /converts an int32 value to bfloat16: through float it would round twice/);
  assert.match(reasons(guard(P3, '{ __nv_bfloat16 h = 0.1f; o[i] = a[i] * h; }')), /does not round scalars to bfloat16/);
  assert.match(reasons(guard(P3, 'o[i] = a[i] * 2;')), /mixes bfloat16 and an integer/);
  assert.match(reasons(guard('const int* x, __nv_bfloat16* o, int n', 'o[i] = __float2bfloat16(0.5f);')), /does not round scalars to bfloat16|stores the scalar/);
});

test('a bf16 port is bfloat16_t in GM and queues, never computes on a bf16 tile, and says so in a note', () => {
  const text = fs.readFileSync(path.join(__dirname, '../fixtures/port/bf16.cu'), 'utf8');
  const doc = engine.open(text);
  try {
    const port = portKernel(doc, engine.analyze(doc, { target: B3 }), 'bf16_axpy', B3, 'bf16.cu')!.text;
    assert.match(port, /AscendC::GlobalTensor<bfloat16_t> xGm_;/);
    assert.match(port, /TQue<AscendC::TPosition::VECIN, \d+> xInQueue_/);
    assert.match(port, /AscendC::Muls\(v\d+, v\d+, static_cast<float>\(alpha_\), cnt\)/);
    assert.match(port, /Note: bfloat16 arithmetic rounds to bf16 after every operation/);
    assert.match(port, /Cast bf16 → float after the copy-in \(CAST_NONE, exact\) and float → bf16 before the copy-out with CAST_RINT/);
    assert.doesNotMatch(port, /LocalTensor<bfloat16_t> v\d+ = [^;]*;\s*AscendC::(?:Add|Sub|Mul|Div|Muls|Adds|Exp)\(/);
    const check = syntaxCheck(port, B3.cann);
    assert.ok(check.ok, check.errors);
    for (const target of SOCS_WITHOUT_BF16) {
      const v = kernelVerdict(doc, 'bf16_axpy', target)!;
      assert.equal(v.kind, 'skeleton', target.soc);
      if (v.kind === 'skeleton') {
        assert.match(v.reasons[0]!, new RegExp(`cannot run on ${target.soc}: bfloat16 data: the reference lists Cast between bfloat16_t and float only for Atlas A2`));
        assert.deepEqual(v.codes, ['ASC406']);
      }
    }
  } finally {
    doc.dispose();
  }
});
