/**
 * Group normalisation in ggml's spelling (test/fixtures/port/rows_groups.cu): one block per group
 * of consecutive elements, walked from `start = blockIdx.x * G + threadIdx.x` to
 * `end = min(blockIdx.x * G + G, n)`, read as one block per row of G columns whose last row the
 * total cuts short (`RowsSchedule.total`), in every pass. The launch wrapper runs the grid's rows,
 * fewer when the total ends sooner. Overlapping groups are refused. Every complete port passes
 * g++ -fsyntax-only. Numerical agreement is test/verify/rows-groups.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, portKernel, type Target } from '../../server/src/engine';
import { assertPortsCompile, rowsReason, verdictOf } from '../helpers/rows';

const FILE = path.resolve(__dirname, '../fixtures/port/rows_groups.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

test('a block per group cut at a total reads as rows of the group size, the last one shorter', () => {
  const v = verdictOf(engine, text, 'group_norm', B3);
  assert.equal(v.kind, 'complete', rowsReason(v));
  const s = (v.kind === 'complete' ? v.program.schedule : undefined) as unknown as { kind: string; rows: string; cols: string; total?: string; steps: { k: string; op?: string }[] };
  assert.equal(s.kind, 'rows');
  assert.equal(s.rows, 'cudaGridX');
  assert.equal(s.cols, 'group_size');
  assert.equal(s.total, 'n');
  assert.deepEqual(s.steps.filter((x) => x.k === 'reduce').map((x) => x.op), ['sum', 'sum']);
  assert.ok(v.kind === 'complete' && v.program.notes.some((n) => /the last group cut at `n` elements/.test(n)));
  // Every pass over a row walks the shorter last row; the wrapper runs no more rows than the grid has.
  const doc = engine.open(text);
  const r = portKernel(doc, engine.analyze(doc, { target: B3 }), 'group_norm', B3, 'rows_groups.cu')!;
  doc.dispose();
  assert.equal(r.kind, 'complete');
  assert.equal(r.text.match(/for \(uint64_t col = 0; col < rowCols; col \+= tileLength_\)/g)?.length, 3);
  assert.match(r.text, /const uint64_t rowCount = cudaGridX < totalRows \? cudaGridX : totalRows;/);
});

test('overlapping groups are refused', () => {
  const v = verdictOf(engine, text, 'group_sum_overlap', B3);
  assert.equal(v.kind, 'skeleton');
  assert.match(rowsReason(v), /not row-wise/);
});

test('every complete port passes g++ -fsyntax-only on CANN 8.x and 9.x and on 310P3', () => assertPortsCompile(engine, { text, name: 'rows_groups.cu', kernels: ['group_norm'] }));
