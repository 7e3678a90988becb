/**
 * Row-wise kernels launched with blocks of one warp (test/fixtures/port/rows_warp_block.cu, as
 * llm.c's softmax_forward_kernel3): `row = blockIdx.x`, threads striding by blockDim.x and
 * combining through warp shuffles alone compute the row's value only because every launch gives
 * them 32 threads (`FileFacts.warpBlockLaunch`: a literal or constant 32, a `dim3` of one warp, or
 * a local set so before the launch). They port as one warp per row, also with an integer local of
 * the parameters declared before the row index. Refused with the reason: a
 * launch of 64 threads, a block size a branch may change, a block that also synchronises; an edit
 * of the launch changes the verdict (the launch is part of the port's key). Every complete port
 * passes g++ -fsyntax-only. Numerical agreement is test/verify/rows-warp-block.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, type Target } from '../../server/src/engine';
import { assertPortsCompile, rowsReason, verdictOf } from '../helpers/rows';

const FILE = path.resolve(__dirname, '../fixtures/port/rows_warp_block.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const COMPLETE = ['softmax_warp_block', 'rms_warp_block', 'rms_groups'];
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

const verdict = (kernel: string, source = text) => verdictOf(engine, source, kernel, B3);


test('a block of one warp per row at every launch ports as one warp per row', () => {
  for (const k of COMPLETE) {
    const v = verdict(k);
    assert.equal(v.kind, 'complete', `${k}: ${rowsReason(v)}`);
    const s = v.kind === 'complete' ? (v.program.schedule as { kind: string; cudaForm: string; blockThreads?: number; rows: string; cudaTechnique: string; steps: { k: string; op?: string }[] }) : undefined;
    assert.equal(s?.kind, 'rows', k);
    assert.equal(s?.cudaForm, 'block-per-row', k);
    assert.equal(s?.blockThreads, 32, k);
    assert.match(s?.cudaTechnique ?? '', /^one block of one warp per row, lanes striding over the row/, k);
    assert.ok(v.kind === 'complete' && v.program.notes.some((n) => /every launch in this file gives the kernel blocks of one warp \(32 threads\)/.test(n)), k);
  }
  const sm = verdict('softmax_warp_block');
  const steps = sm.kind === 'complete' ? (sm.program.schedule as { steps: { k: string; op?: string }[] }).steps.filter((s) => s.k === 'reduce') : [];
  assert.deepEqual(steps.map((s) => s.op), ['max', 'sum']);
  // No guard: the grid is the row count.
  const rms = verdict('rms_warp_block');
  assert.equal(rms.kind === 'complete' ? (rms.program.schedule as { rows: string }).rows : '', 'cudaGridX');
});

test('a launch of two warps, a block size a branch may change, and a block that synchronises are refused with the reason', () => {
  assert.match(rowsReason(verdict('rms_two_warps')), /`ss` is one warp's combination of the row, read as the row's value: that holds only for blocks of one warp, and not every launch of this kernel in the file has a block of 32 threads/);
  assert.match(rowsReason(verdict('rms_maybe_wide')), /not every launch of this kernel in the file has a block of 32 threads/);
  assert.match(rowsReason(verdict('rms_synced')), /`last\[0\] = …` inside `if \(lane == 0\)`/);
});

test('the launch is part of the verdict: a block of 64 threads, or one reassigned after the 32, makes the port a skeleton', () => {
  const wide = text.replace('softmax_warp_block<<<rows, block, 0, s>>>', 'softmax_warp_block<<<rows, 64, 0, s>>>');
  assert.notEqual(wide, text);
  assert.equal(verdict('softmax_warp_block', wide).kind, 'skeleton');
  const changed = text.replace('block = 32;  // the kernel combines one warp only', 'block = 32;  // the kernel combines one warp only\n  block *= 2;');
  assert.notEqual(changed, text);
  assert.equal(verdict('softmax_warp_block', changed).kind, 'skeleton');
  const macro = text.replace('#define LANES 32', '#define LANES 64');
  assert.equal(verdict('rms_warp_block', macro).kind, 'skeleton');
  // Incrementally too: the same document, its launch edited.
  const doc = engine.open(text);
  try {
    engine.analyze(doc, { target: B3 });
    assert.equal(kernelVerdict(doc, 'softmax_warp_block', B3)!.kind, 'complete');
    doc.update(wide);
    engine.analyze(doc, { target: B3 });
    assert.equal(kernelVerdict(doc, 'softmax_warp_block', B3)!.kind, 'skeleton');
    doc.update(text);
    engine.analyze(doc, { target: B3 });
    assert.equal(kernelVerdict(doc, 'softmax_warp_block', B3)!.kind, 'complete');
  } finally {
    doc.dispose();
  }
});

test('every complete port passes g++ -fsyntax-only on CANN 8.x and 9.x', () => assertPortsCompile(engine, { text, name: 'rows_warp_block.cu', kernels: COMPLETE }));
