/**
 * Row-wise kernels whose template block size is their launches' block (test/fixtures/port/
 * rows_launch_block.cu, the style of ggml's norm kernels): per instantiation, the block written
 * at its launches (`FileFacts.launchBlocks`, a `dim3` local set before the launch) makes a loop
 * that steps by the template's size a loop over the block's threads, `blockIdx.x * blockDim.y +
 * threadIdx.y` the block's row, `if constexpr (block_size > WARP_SIZE)` one branch, a plain
 * read-back of 32 warps' slots complete, and a block-reduce helper the block's sum. Verify
 * launches each instantiation with its block. A thread's partial kept in its shared slot and a
 * `while` loop over the row (OLCF's row sums) read as a register partial and a strided loop. A
 * launch whose block is not the template's size is refused with the reason. Every complete port passes g++ -fsyntax-only. Numerical agreement is
 * test/verify/rows-launch-block.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, type Target } from '../../server/src/engine';
import { FileFacts } from '../../server/src/engine/model/facts';
import { assertPortsCompile, rowsReason, verdictOf } from '../helpers/rows';

const FILE = path.resolve(__dirname, '../fixtures/port/rows_launch_block.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

const verdict = (kernel: string, source = text) => verdictOf(engine, source, kernel, B3);

type Instance = { typeArgs: Record<string, string>; program: { schedule: { kind: string; cudaForm: string; blockThreads?: number; cudaTechnique: string }; notes: string[] } };

function instances(kernel: string): Instance[] {
  const v = verdict(kernel);
  assert.equal(v.kind, 'complete', `${kernel}: ${rowsReason(v)}`);
  return (v as unknown as { instances: Instance[] }).instances;
}

test('the launches give each instantiation its block', () => {
  const doc = engine.open(text);
  try {
    const facts = FileFacts.of(doc);
    const fn = facts.functions().find((f) => f.name === 'rms_back_rows')!;
    assert.deepEqual(facts.launchBlocks(fn), [
      { templateArgs: 'WARP_SIZE', block: [32, 1, 1] },
      { templateArgs: '1024', block: [1024, 1, 1] },
    ]);
    const mismatch = facts.functions().find((f) => f.name === 'rms_rows_mismatch')!;
    assert.deepEqual(facts.launchBlocks(mismatch), [{ templateArgs: '256', block: [512, 1, 1] }]);
  } finally {
    doc.dispose();
  }
});

test('a template block size that is the launch block ports per instantiation, verified with that block', () => {
  const back = instances('rms_back_rows');
  assert.deepEqual(back.map((i) => i.program.schedule.blockThreads), [32, 1024]);
  // One warp: read as a warp per row. 32 warps: the parked sums read back from all 32 slots.
  assert.match(back[0]!.program.schedule.cudaTechnique, /^one block of one warp per row/);
  assert.match(back[1]!.program.schedule.cudaTechnique, /^one block per row, threads striding over the row and combining sum, sum through warp butterflies, the warps' values through shared memory/);
  assert.ok(back[1]!.program.notes.some((n) => /`part_xx\[lane\]` is read without filling the slots past the last warp: every launch's block is 1024 threads/.test(n)));
  const rms = instances('rms_rows');
  assert.deepEqual(rms.map((i) => i.program.schedule.blockThreads), [256, 1024]);
  for (const i of rms) assert.match(i.program.schedule.cudaTechnique, /through ggml's block_reduce/);
});

test('a partial kept in its shared slot and a `while` loop over the row read as a thread\'s partial and a strided loop', () => {
  const v = verdict('row_sums_slots');
  assert.equal(v.kind, 'complete', rowsReason(v));
  const s = (v as unknown as { program: { schedule: { rows: string; cols: string; blockThreads?: number; cudaForm: string } } }).program.schedule;
  assert.deepEqual([s.rows, s.cols, s.blockThreads, s.cudaForm], ['ds', 'ds', 256, 'block-per-row']);
  // A slot also read inside the loop is not a partial of its own.
  const read = text.replace('sdata[tid] += A[idx * ds + tidx];', 'sdata[tid] += A[idx * ds + tidx] * sdata[0];');
  assert.equal(verdict('row_sums_slots', read).kind, 'skeleton');
});

test('a launch whose block is not the template block size is refused with the reason', () => {
  assert.match(rowsReason(verdict('rms_rows_mismatch')), /a loop from the thread index with the step `col \+= 256`, not `col \+= blockDim\.x`/);
  // The same kernel launched with its template's block ports: the launch is part of the port's key.
  const fixed = text.replace('rms_rows_mismatch<256><<<nrows, 512,', 'rms_rows_mismatch<256><<<nrows, 256,');
  assert.equal(verdict('rms_rows_mismatch', fixed).kind, 'complete');
});

test('without constant launches the template block size is not read as the block', () => {
  // A block computed at run time: the loop's step is not known to be blockDim.x.
  const computed = text.replace('const dim3 block_dims(256, 1, 1);', 'const dim3 block_dims(ncols < 256 ? 128 : 256, 1, 1);');
  assert.match(rowsReason(verdict('rms_rows', computed)), /instantiated with block_size = 256 .*`col \+= 256`, not `col \+= blockDim\.x`/);
});

test('the complete ports compile', () => assertPortsCompile(engine, { text, name: 'rows_launch_block.cu', kernels: ['rms_back_rows', 'rms_rows', 'row_sums_slots'] }));
