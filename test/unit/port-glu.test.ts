/**
 * Gated linear units (test/fixtures/port/glu.cu, in the manner of ggml's unary.cu): operands read
 * at `(i / n) * stride + i % n` are a broadcast's tensors in rows `stride` apart, a bound that is
 * not rows × n makes the last row partial, `o0 == o1 ? j0 : …` is rows of `o1`, and a select in
 * the activation is Compare + Select on the rows schedule. A tensor read both strided and at `i`
 * is refused. A chip without DataCopyPad gets float GLUs whose host wrapper stages every row
 * tensor, copying each strided row from its own offset (half ones are refused with the reason).
 * Every port passes g++ -fsyntax-only. Numerical agreement is test/verify/glu.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import type { RowsSchedule } from '../../server/src/engine/port/program';
import { syntaxCheck } from '../helpers/syntax-check';

const text = fs.readFileSync(path.resolve(__dirname, '../fixtures/port/glu.cu'), 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
const GLU = ['gated_silu', 'gated_softplus', 'swiglu_limit'];
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

function verdict(kernel: string, target: Target) {
  const doc = engine.open(text);
  try {
    return kernelVerdict(doc, kernel, target)!;
  } finally {
    doc.dispose();
  }
}

function rows(kernel: string): RowsSchedule {
  const v = verdict(kernel, B3);
  assert.equal(v.kind, 'complete', `${kernel}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
  assert.ok(v.kind === 'complete' && v.program.schedule.kind === 'rows');
  return (v as { program: { schedule: RowsSchedule } }).program.schedule;
}

test('strided operands are rows of n elements their stride apart; the bound k gives ceil(k / n) rows, the last partial', () => {
  const s = rows('gated_silu');
  assert.equal(s.cudaForm, 'per-element');
  assert.equal(s.cols, 'n');
  assert.equal(s.total, 'k');
  assert.equal(s.rows, '((k) + (n) - 1) / (n)');
  // `o0 == o1 ? j0 : (i / n) * o1 + (i % n)`: rows of o1 either way.
  assert.deepEqual(s.rowStrides, [
    { tensor: 'x', stride: 'o0' },
    { tensor: 'g', stride: 'o1' },
  ]);
  assert.deepEqual(rows('gated_softplus').rowStrides, [
    { tensor: 'x', stride: 'ox' },
    { tensor: 'g', stride: 'og' },
  ]);
  // Through the row and column locals.
  assert.deepEqual(rows('swiglu_limit').rowStrides, [
    { tensor: 'x', stride: 'o0' },
    { tensor: 'g', stride: 'o1' },
  ]);
});

test('each strided row is copied from its own offset, the GM extent follows the stride, and a select is Compare + Select', () => {
  const doc = engine.open(text);
  try {
    const analysis = engine.analyze(doc, { target: B3 });
    const silu = portKernel(doc, analysis, 'gated_silu', B3, 'glu.cu')!;
    assert.equal(silu.kind, 'complete');
    assert.match(silu.text, /DataCopyPad\(xIn, xGm_\[row_ \* static_cast<uint64_t>\(o0_\) \+ col\]/);
    assert.match(silu.text, /DataCopyPad\(gIn, gGm_\[row_ \* static_cast<uint64_t>\(o1_\) \+ col\]/);
    assert.match(silu.text, /xGm_\.SetGlobalBuffer\(\(__gm__ float\*\)x, \(tiling\.rows - 1\) \* static_cast<uint64_t>\(o0_\) \+ tiling\.lastCols\)/);
    assert.match(silu.text, /const uint64_t lastCols = total - \(rowCount - 1\) \* colCount;/);
    assert.match(silu.text, /Note: the bound `k` need not be a multiple of the row length `n`/);
    const softplus = portKernel(doc, analysis, 'gated_softplus', B3, 'glu.cu')!;
    assert.equal(softplus.kind, 'complete');
    assert.match(softplus.text, /AscendC::Compare\(selMask, \w+, \w+, AscendC::CMPMODE::GT, \(count \+ 63\) \/ 64 \* 64\)/);
    assert.match(softplus.text, /AscendC::Select\(/);
    assert.match(softplus.text, /maskBuf_/);
  } finally {
    doc.dispose();
  }
});

test('a tensor read strided and also at i is refused', () => {
  const mixed = verdict('gated_mixed', B3);
  assert.equal(mixed.kind, 'skeleton');
  assert.match(mixed.kind === 'skeleton' ? mixed.reasons[0]! : '', /reads `x` in rows `o` apart and also at another index/);
});

test('without DataCopyPad, the host stages every row tensor and copies each strided row from its own offset', () => {
  const doc = engine.open(text);
  try {
    const analysis = engine.analyze(doc, { target: P3 });
    const silu = portKernel(doc, analysis, 'gated_silu', P3, 'glu.cu')!;
    assert.equal(silu.kind, 'complete');
    // The kernel reads staged rows one padded stride apart, like any row tensor.
    assert.match(silu.text, /AscendC::DataCopy\(xIn, xGm_\[rowOff \+ col\]/);
    assert.match(silu.text, /AscendC::DataCopy\(gIn, gGm_\[rowOff \+ col\]/);
    assert.doesNotMatch(silu.text, /row_ \* static_cast<uint64_t>\(o0_\)/);
    // The host always stages, and copies row r of x from r × o0 elements and row r of g from r × o1.
    assert.match(silu.text, /const bool stageRows = true;/);
    assert.match(silu.text, /static_cast<const uint8_t\*>\(x\) \+ r \* static_cast<uint64_t>\(o0\) \* sizeof\(float\)/);
    assert.match(silu.text, /static_cast<const uint8_t\*>\(g\) \+ r \* static_cast<uint64_t>\(o1\) \* sizeof\(float\)/);
    // The output is contiguous: copied back from the stage at r × rowBytes.
    assert.match(silu.text, /static_cast<uint8_t\*>\(dst\) \+ r \* rowBytes/);
    const check = syntaxCheck(silu.text, P3.cann);
    assert.ok(check.ok, check.errors);
  } finally {
    doc.dispose();
  }
  const half = verdict('gated_softplus', P3);
  assert.equal(half.kind, 'skeleton');
  assert.match(half.kind === 'skeleton' ? half.reasons.join('\n') : '', /`x`, `g`, `dst` are half: the rows port stages ragged rows without DataCopyPad for float tensors only so far, and Ascend310P3 has no DataCopyPad/);
});

test('every GLU port passes g++ -fsyntax-only on CANN 8.x and 9.x', () => {
  for (const target of [B3, { soc: 'Ascend910B3', cann: '9.x' } as Target]) {
    const doc = engine.open(text);
    try {
      const analysis = engine.analyze(doc, { target });
      for (const k of GLU) {
        const r = portKernel(doc, analysis, k, target, 'glu.cu')!;
        assert.equal(r.kind, 'complete', k);
        const check = syntaxCheck(r.text, target.cann);
        assert.ok(check.ok, `${k} (${target.cann}):\n${check.errors}`);
      }
    } finally {
      doc.dispose();
    }
  }
});
