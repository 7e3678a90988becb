/**
 * `__device__` helpers the kernel calls, inlined when their body is declarations and one
 * `return expr;` (helpers.cu; numerical verification in test/verify/verify.test.ts), and
 * the reasons when a helper cannot be inlined.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { FileFacts } from '../../server/src/engine/model/facts';
import { recognizeKernel } from '../../server/src/engine/port/recognize';
import { syntaxCheck } from '../helpers/syntax-check';

const TEXT = fs.readFileSync(path.resolve(__dirname, '../fixtures/port/helpers.cu'), 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function withDoc<T>(text: string, f: (doc: ReturnType<Engine['open']>) => T): T {
  const doc = engine.open(text);
  try {
    return f(doc);
  } finally {
    doc.dispose();
  }
}

const INLINED: Record<string, { helpers: string[]; expr: RegExp }> = {
  silu_kernel: { helpers: ['sigmoid_f', 'silu_f'], expr: /y\[i\] = \(x\[i\] \* \(1\.0f \/ \(1\.0f \+ exp\(-x\[i\]\)\)\)\)/ },
  gelu_half: { helpers: ['gelu_tanh'], expr: /0\.044715f/ },
  lerp_kernel: { helpers: ['lerp_f'], expr: /out\[i\] = \(a\[i\] \+ \(\(t\) \* \(b\[i\] - a\[i\]\)\)\)/ },
  clamp_t: { helpers: ['op_clamp'], expr: /min\(max\(/ },
};

for (const target of [B3, P3]) {
  for (const [kernel, { helpers, expr }] of Object.entries(INLINED)) {
    test(`${kernel} inlines ${helpers.join(', ')} on ${target.soc}; the port passes g++ -fsyntax-only`, () => {
      withDoc(TEXT, (doc) => {
        const r = portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'helpers.cu')!;
        assert.equal(r.kind, 'complete', r.reasons.join('; '));
        for (const h of helpers) assert.match(r.text, new RegExp(`// Note: the __device__ function \`${h}\` is inlined`));
        assert.match(r.text, expr);
        const check = syntaxCheck(r.text, target.cann);
        assert.ok(check.ok, check.errors);
      });
    });
  }
}

test('a helper that cannot be inlined is named in the reason, with what it does', () => {
  const reasons = (helper: string, call = 'h(x[i])') =>
    withDoc(`${helper}\n__global__ void k(const float* x, float* y, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) y[i] = ${call}; }\n`, (doc) => {
      const facts = FileFacts.of(doc);
      const r = recognizeKernel(facts, doc.text, facts.functions().find((f) => f.kind === 'global')!);
      return 'rejections' in r ? r.rejections.map((x) => x.reason).join('; ') : 'accepted';
    });
  assert.equal(reasons('__device__ float h(float v) { float w = v * v; return w + 1.0f; }'), 'accepted');
  assert.match(reasons('__device__ float h(float v) { if (v > 0) return v; return 0.0f; }'), /calls `h`, whose body returns from inside an `if`/);
  // An `if` that assigns a local is inlined (Compare + Select).
  assert.equal(reasons('__device__ float h(float v) { float r = v; if (v > 0) r = 2.0f * v; return r; }'), 'accepted');
  assert.match(reasons('__device__ float h(float v) { for (int k = 0; k < 2; ++k) v *= v; return v; }'), /calls `h`, whose body has a `for statement`/);
  assert.match(reasons('__device__ float h(float v) { return v * SCALE; }'), /calls `h`, whose body uses `SCALE`, which is not one of its parameters or locals/);
  assert.match(reasons('__device__ float h(float v) { return v * y[0]; }'), /calls `h`, whose body uses `y`|indexes memory/);
  assert.match(reasons('__device__ float h(const float* p) { return p[0]; }', 'h(x)'), /pointer/);
  assert.match(reasons('__device__ float h(float v) { return v; }\n__device__ double h(double v) { return v; }'), /2 definitions \(overloads are not inlined\)/);
  assert.match(reasons('__device__ float h(float v) { return h(v); }'), /more than 4 nested helpers/);
  // The kernel's index is not visible inside a helper: a parameter named like it is just a parameter.
  assert.equal(reasons('__device__ float h(float i) { return i * 2.0f; }'), 'accepted');
});

test('the verdict of a kernel with a helper counts the helper\'s operations (estimates read the same program)', () => {
  withDoc(TEXT, (doc) => {
    const v = kernelVerdict(doc, 'silu_kernel', B3)!;
    assert.equal(v.kind, 'complete');
    if (v.kind === 'complete') assert.deepEqual(v.program.body.filter((o) => o.op === 'map').map((o) => (o.op === 'map' ? o.fn : '')).sort(), ['add', 'div', 'exp', 'mul', 'neg'].sort());
  });
});
