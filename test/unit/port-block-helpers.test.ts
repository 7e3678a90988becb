/**
 * Reductions whose block combine is a helper of an included header
 * (test/fixtures/port/block_helpers.cu with headers/block_sum.cuh): a template block function
 * over a warp function, two levels of full-warp shuffles with the warps' values parked in
 * shared memory, read on the reduceAll schedule. The helper's structure is checked, not its
 * name: the short overload that forwards to the full one is followed, default arguments fill a
 * shorter call, a macro for the warp size reads as 32. Refused with the reason: a maximum whose
 * missing lanes contribute the default 0, a thread 0 that writes its own partial, a helper that
 * combines within warps only, and any of them without the header. Every complete port passes
 * g++ -fsyntax-only. Numerical agreement is test/verify/block-helpers.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { syntaxCheck } from '../helpers/syntax-check';
import { diskContext } from '../helpers/engine';

const FILE = path.resolve(__dirname, '../fixtures/port/block_helpers.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const context = diskContext(FILE);
const COMPLETE = ['squares_atomic', 'absmax_partials', 'dot_partials'];
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

function verdict(kernel: string, withHeaders = true) {
  const doc = engine.open(text, withHeaders ? context : undefined);
  try {
    return kernelVerdict(doc, kernel, B3)!;
  } finally {
    doc.dispose();
  }
}

const reductionReason = (v: ReturnType<typeof verdict>) => (v.kind === 'skeleton' ? v.reasons.find((r) => r.startsWith('reduction')) ?? v.reasons.join('\n') : '');

test('a block helper over a warp helper is the block combine: the ports are complete, with their operator and result mode', () => {
  const expected: Record<string, { op: string; mode: string }> = {
    squares_atomic: { op: 'sum', mode: 'accumulate' },
    absmax_partials: { op: 'max', mode: 'partials' },
    dot_partials: { op: 'sum', mode: 'partials' },
  };
  for (const k of COMPLETE) {
    const v = verdict(k);
    assert.equal(v.kind, 'complete', `${k}: ${reductionReason(v)}`);
    assert.equal(v.plan.schedule, 'reduceAll', k);
    const s = v.program.schedule as { kind: string; op: string; mode: string };
    assert.equal(s.kind, 'reduceAll', k);
    assert.equal(s.op, expected[k]!.op, k);
    assert.equal(s.mode, expected[k]!.mode, k);
  }
});

test('the port says how CUDA combined: the block helper and the warp helper by name', () => {
  const doc = engine.open(text, context);
  try {
    const analysis = engine.analyze(doc, { target: B3 });
    const squares = portKernel(doc, analysis, 'squares_atomic', B3, 'block_helpers.cu')!;
    assert.equal(squares.kind, 'complete');
    assert.match(squares.text, /helper `across_block` over helper `lanes_sum`/);
    const absmax = portKernel(doc, analysis, 'absmax_partials', B3, 'block_helpers.cu')!;
    assert.match(absmax.text, /helper `block_total` over helper `lanes_max`/);
  } finally {
    doc.dispose();
  }
});

test('refused with the reason: the default 0 for a maximum, a thread\'s own partial written, a combine within warps only', () => {
  assert.match(reductionReason(verdict('max_missing_zero')), /`0\.0f` is not the identity of max/);
  assert.match(reductionReason(verdict('adds_own_partial')), /writes `acc`, not `total`, the block's combined value/);
  assert.match(reductionReason(verdict('warp_only_sum')), /`warp_only<lanes_sum>\(acc\)`: its body is not the two-level reduction/);
});

test('helpers defined in the document itself are read the same way', () => {
  // The header's helpers pasted after the includes, with the kernel below them.
  const header = fs.readFileSync(path.resolve(__dirname, '../fixtures/port/headers/block_sum.cuh'), 'utf8').replace('#pragma once', '');
  const inline = `#include <cuda_runtime.h>\n${header}\n${text.slice(text.indexOf('// Sum of squares'), text.indexOf('// Block partial maxima'))}`;
  const doc = engine.open(inline);
  try {
    const v = kernelVerdict(doc, 'squares_atomic', B3)!;
    assert.equal(v.kind, 'complete', reductionReason(v));
  } finally {
    doc.dispose();
  }
});

test('without the header the helpers are unknown: no complete port', () => {
  for (const k of COMPLETE) assert.equal(verdict(k, false).kind, 'skeleton', k);
});

test('every complete port passes g++ -fsyntax-only on CANN 8.x and 9.x', () => {
  for (const target of [B3, { soc: 'Ascend910B3', cann: '9.x' } as Target, { soc: 'Ascend310P3', cann: '8.x' } as Target]) {
    const doc = engine.open(text, context);
    try {
      const analysis = engine.analyze(doc, { target });
      for (const k of COMPLETE) {
        const r = portKernel(doc, analysis, k, target, 'block_helpers.cu')!;
        assert.equal(r.kind, 'complete', `${k} on ${target.soc}`);
        const check = syntaxCheck(r.text, target.cann);
        assert.ok(check.ok, `${k} (${target.soc}, ${target.cann}):\n${check.errors}`);
      }
    } finally {
      doc.dispose();
    }
  }
});
