/**
 * Row-wise kernels over a 3-D grid of rows (test/fixtures/port/rows_grid3.cu, the style of ggml's
 * norms): one block per row at (blockIdx.x, .y, .z), the input moved to its row along its own
 * three strides, the output to row ((z · gridDim.y + y) · gridDim.x + x) of a contiguous tensor.
 * The port numbers rows over the whole grid, takes the three grid sizes, and computes each
 * strided row's offset; a float2 of two sums is two row sums. An output written at strides is
 * refused with the reason; so is an offset the reading does not reduce to the three strides.
 * The host launch is rewritten with the grid's three sizes. Every complete port passes
 * g++ -fsyntax-only. Numerical agreement is test/verify/rows-grid3.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, type Target } from '../../server/src/engine';
import { FileFacts } from '../../server/src/engine/model/facts';
import { rewriteLaunch } from '../../server/src/engine/port/launch';
import { assertPortsCompile, rowsReason, verdictOf } from '../helpers/rows';

const FILE = path.resolve(__dirname, '../fixtures/port/rows_grid3.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

const verdict = (kernel: string, source = text) => verdictOf(engine, source, kernel, B3);

type Schedule = { rows: string; cols: string; grid3?: boolean; rowStrides?: { tensor: string; stride: string; y?: string; z?: string }[]; steps: { k: string; op?: string }[]; blockThreads?: number };

function schedules(kernel: string, source = text): Schedule[] {
  const v = verdict(kernel, source);
  assert.equal(v.kind, 'complete', `${kernel}: ${rowsReason(v)}`);
  const inst = (v as unknown as { instances?: { program: { schedule: Schedule } }[] }).instances;
  return inst ? inst.map((i) => i.program.schedule) : [(v as unknown as { program: { schedule: Schedule } }).program.schedule];
}

test('rows over a 3-D grid: the grid sizes give the rows, the input its three strides, the output is contiguous', () => {
  for (const s of schedules('l2_rows3')) {
    assert.equal(s.rows, 'cudaGridX * cudaGridY * cudaGridZ');
    assert.equal(s.cols, 'ncols');
    assert.equal(s.grid3, true);
    assert.deepEqual(s.rowStrides, [{ tensor: 'x', stride: 's_row', y: 's_chan', z: 's_samp' }]);
  }
  assert.deepEqual(schedules('l2_rows3').map((s) => s.blockThreads), [32, 1024]);
  // The float2's two sums are two row sums.
  const [norm] = schedules('norm_rows3');
  assert.deepEqual(norm!.steps.filter((s) => s.k === 'reduce').map((s) => s.op), ['sum', 'sum']);
});

test('what the 3-D grid reading does not port is a skeleton with the reason', () => {
  assert.match(rowsReason(verdict('l2_rows3_strided_out')), /`dst` is written in rows that are not contiguous \(its own strides over the 3-D grid\); the rows port writes contiguous rows/);
  // An output offset that is not the grid's row numbering (nrows and nchans swapped) is not read as contiguous.
  const swapped = text.replace('dst += ((samp * nchans + chan) * nrows + row) * ncols;\n  float ss', 'dst += ((samp * nrows + chan) * nchans + row) * ncols;\n  float ss');
  assert.notEqual(swapped, text);
  assert.equal(verdict('l2_rows3', swapped).kind, 'skeleton');
  // The channel used as a value past the offsets: not read.
  const used = text.replace('const float scale = rsqrtf(fmaxf(ss, eps * eps));', 'const float scale = rsqrtf(fmaxf(ss, eps * eps)) + chan;');
  assert.equal(verdict('l2_rows3', used).kind, 'skeleton');
  // So is the row index: past the offsets it is blockIdx.x, not the row over the whole grid.
  const row = text.replace('const float scale = rsqrtf(fmaxf(ss, eps * eps));', 'const float scale = rsqrtf(fmaxf(ss, eps * eps)) + row;');
  assert.equal(verdict('l2_rows3', row).kind, 'skeleton');
});

test('the host launch is rewritten with the 3-D grid\'s sizes', () => {
  const doc = engine.open(text);
  try {
    const facts = FileFacts.of(doc);
    const launch = facts.launches().find((l) => l.kernel === 'l2_rows3' && l.templateArgs === 'WARP_SIZE')!;
    const r = rewriteLaunch(facts, doc.text, B3, launch);
    assert.ok(r, 'rewritten');
    assert.equal(r.edits[0]!.newText, 'LaunchL2Rows3WARPSIZE(x, dst, ncols, s_row, s_chan, s_samp, eps, nrows, nchans, nsamps, stream)');
  } finally {
    doc.dispose();
  }
});

test('the complete ports compile', () => assertPortsCompile(engine, { text, name: 'rows_grid3.cu', kernels: ['l2_rows3', 'norm_rows3'] }));
