/**
 * Row-wise kernels whose warp combine is a helper of an included header
 * (test/fixtures/port/rows_helpers.cu with headers/block_sum.cuh, as llm.c's layernorm.cuh calls
 * `warpReduceSum` from cuda_utils.cuh): `v = lanes_sum(v)` is the row's sum in every lane when
 * the helper is a full-warp xor butterfly returning its argument; a warp size named by a macro
 * reads as 32; an accumulator reused after its combine starts a new pass. One block per row
 * combines in two levels: each warp's value parked in shared memory, then read back as
 * `lane < warps ? sm[lane] : identity` and combined again, or combined by thread 0 into slot 0
 * (a `__shfl_down_sync` helper is then parked by lane 0 only), in shared arrays or in two
 * regions of one (`&shared[warps]`). Refused with the reason: a region at another offset, every
 * lane reading a `__shfl_down_sync` helper's lane-0 value, every lane parking it, a second level
 * that fills the missing lanes with a non-identity, and a read-back without a barrier. Every complete port passes
 * g++ -fsyntax-only. Numerical agreement is test/verify/rows-helpers.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { syntaxCheck } from '../helpers/syntax-check';
import { diskContext } from '../helpers/engine';

const FILE = path.resolve(__dirname, '../fixtures/port/rows_helpers.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const context = diskContext(FILE);
const COMPLETE = ['layernorm_lanes', 'softmax_lanes', 'rmsnorm_two_level', 'softmax_block_serial', 'softmax_block_regions'];
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

const rowsReason = (v: ReturnType<typeof verdict>) => (v.kind === 'skeleton' ? v.reasons.find((r) => r.startsWith('rows')) ?? v.reasons.join('\n') : '');

test('warp helpers of an included header combine the lanes: the row-wise ports are complete', () => {
  for (const k of COMPLETE) {
    const v = verdict(k);
    assert.equal(v.kind, 'complete', `${k}: ${rowsReason(v)}`);
    assert.equal(v.plan.schedule, 'rows', k);
  }
  // The layer norm's two reductions: the sum, then the sum of squared deviations (the accumulator reused).
  const ln = verdict('layernorm_lanes');
  const steps = ln.kind === 'complete' ? (ln.program.schedule as { steps: { k: string; op?: string }[] }).steps.filter((s) => s.k === 'reduce') : [];
  assert.deepEqual(steps.map((s) => s.op), ['sum', 'sum']);
  const sm = verdict('softmax_lanes');
  const smSteps = sm.kind === 'complete' ? (sm.program.schedule as { steps: { k: string; op?: string }[] }).steps.filter((s) => s.k === 'reduce') : [];
  assert.deepEqual(smSteps.map((s) => s.op), ['max', 'sum']);
});

test('one block per row combines in two levels through warps: a butterfly again, or thread 0 over the parked values', () => {
  for (const [k, how] of [
    ['rmsnorm_two_level', /warp butterflies, the warps' values through shared memory, a butterfly again/],
    ['softmax_block_serial', /warp reductions, the warps' values through shared memory, combined by thread 0/],
  ] as const) {
    const v = verdict(k);
    assert.equal(v.kind, 'complete', rowsReason(v));
    const sched = v.kind === 'complete' ? (v.program.schedule as { cudaForm: string; cudaTechnique: string }) : undefined;
    assert.equal(sched?.cudaForm, 'block-per-row', k);
    assert.match(sched?.cudaTechnique ?? '', how, k);
    assert.ok(v.kind === 'complete' && v.program.notes.some((n) => /two-level block combine: the CUDA block size is a multiple of 32 and at most 1024/.test(n)), k);
  }
});

test('the second level read without a barrier after the warps park their values is refused', () => {
  const start = text.indexOf('__global__ void rmsnorm_two_level(');
  const end = text.indexOf('// Refused: the lanes past the last warp');
  const racy = text.slice(0, start) + text.slice(start, end).replace('__syncthreads();', '') + text.slice(end);
  const doc = engine.open(racy, context);
  try {
    const v = kernelVerdict(doc, 'rmsnorm_two_level', B3)!;
    assert.match(rowsReason(v), /`parked` is read back without a `__syncthreads\(\)` after the warps park their values in it/);
  } finally {
    doc.dispose();
  }
});

test('a lane-0 value read or parked by every lane, and a second level that adds 1 for missing lanes, are refused with the reason; without the header the helpers are unknown', () => {
  assert.match(rowsReason(verdict('rms_lane0_only')), /`ss` holds the row value in lane 0 only \(after a `__shfl_down_sync` tree\) and every lane reads it/);
  assert.match(rowsReason(verdict('softmax_block_region_at_c')), /`sums = &shared\[C\]`: a region of a shared array is read only when it starts at the warp count/);
  assert.match(rowsReason(verdict('rms_block_down_every_lane')), /every lane parks `w` in `parked`, but after a __shfl_down_sync helper only lane 0 holds the warp's value/);
  assert.match(rowsReason(verdict('rmsnorm_two_level_one')), /fills the lanes past the last warp with `1\.0f`, not the identity of sum/);
  for (const k of COMPLETE) assert.equal(verdict(k, false).kind, 'skeleton', k);
});

test('every complete port passes g++ -fsyntax-only on CANN 8.x and 9.x', () => {
  for (const target of [B3, { soc: 'Ascend910B3', cann: '9.x' } as Target, { soc: 'Ascend310P3', cann: '8.x' } as Target]) {
    const doc = engine.open(text, context);
    try {
      const analysis = engine.analyze(doc, { target });
      for (const k of COMPLETE) {
        const r = portKernel(doc, analysis, k, target, 'rows_helpers.cu')!;
        assert.equal(r.kind, 'complete', `${k} on ${target.soc}`);
        const check = syntaxCheck(r.text, target.cann);
        assert.ok(check.ok, `${k} (${target.soc}, ${target.cann}):\n${check.errors}`);
      }
    } finally {
      doc.dispose();
    }
  }
});
