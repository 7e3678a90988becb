/**
 * The layout recogniser and the copy schedule (patterns/layout.ts, copy/, render/copy.ts):
 * the ports of test/fixtures/port/layout.cu pass the syntax check on both CANN spellings, and
 * the symbolic reading of coordinates refuses what is not one row-major shape, with the reason.
 * (Numerical verification: test/verify/layout.test.ts.)
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, portKernel, type Target } from '../../server/src/engine';
import { FileFacts } from '../../server/src/engine/model/facts';
import { recognizeKernel } from '../../server/src/engine/port/recognize';
import { syntaxCheck } from '../helpers/syntax-check';

const TEXT = fs.readFileSync(path.resolve(__dirname, '../fixtures/port/layout.cu'), 'utf8');
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend910B3', cann: '9.x' },
] as Target[]) {
  for (const kernel of ['split_heads', 'merge_heads', 'pad_rows_to_half', 'swap_outer', 'add_heads_back']) {
    test(`layout: ${kernel} ports on the copy schedule for ${target.soc} CANN ${target.cann} and passes g++ -fsyntax-only`, () => {
      const doc = engine.open(TEXT);
      try {
        const r = portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'layout.cu')!;
        assert.equal(r.kind, 'complete', r.reasons.join('; '));
        assert.match(r.text, /copy schedule/);
        assert.doesNotMatch(r.text, /TODO\(ascend-port\)/);
        const check = syntaxCheck(r.text, target.cann);
        assert.ok(check.ok, check.errors);
      } finally {
        doc.dispose();
      }
    });
  }
}

test('layout: coordinates that are not one row-major shape, products of coordinates and subtractions are refused with the reason', () => {
  const layoutReason = (body: string, params = 'const float* x, float* y, int a, int b') => {
    const doc = engine.open(`__global__ void k(${params}) { int t = blockIdx.x * blockDim.x + threadIdx.x; ${body} }`);
    try {
      const facts = new FileFacts(doc.text, doc.lens, doc.tree);
      const r = recognizeKernel(facts, doc.text, facts.functions()[0]!);
      return 'rejections' in r ? (r.rejections.find((x) => x.pattern === 'layout')?.reason ?? '') : `accepted by ${r.pattern}`;
    } finally {
      doc.dispose();
    }
  };
  // Cuts at a and b: neither divides the other, so they are not the coordinates of one shape.
  assert.match(layoutReason('if (t < a * b) { int i = t / a; int j = t % b; y[i * b + j] = x[t]; }'), /neither of which divides the other|does not divide/);
  assert.match(layoutReason('if (t < a * b) { int i = t / b; int j = t % b; y[i * j] = x[t]; }'), /multiplies two coordinates/);
  assert.match(layoutReason('if (t < a * b) { int i = t / b; int j = t % b; y[(a - 1 - i) * b + j] = x[t]; }'), /subtracts in an index/);
  assert.match(layoutReason('if (t < a * b) { int i = t / b; y[i] = x[t]; }'), /ignores coordinate 0/);
  assert.match(layoutReason('if (t < a * b) { int i = t / b; int j = t % b; y[i * b + j] = 2.0f * x[t]; }'), /stores `2\.0f \* x\[t\]` into `y`/);
  // A row block copied into a wider matrix: accepted (by the copy schedule, with the column run contiguous).
  assert.equal(layoutReason('if (t < a * b) { int i = t / b; int j = t % b; y[i * (b + 4) + j] = x[t]; }'), 'accepted by layout');
});
