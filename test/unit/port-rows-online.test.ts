/**
 * One thread's online softmax over its row (test/fixtures/port/rows_online.cu, as llm.c's
 * softmax_forward_online_kernel1): the running maximum and the rescaled sum of exponentials are
 * read as the row's maximum, then the sum of exp(x − maximum), two passes of the rows schedule.
 * A recurrence with another rescaling factor is refused, and so is a running sum read inside its
 * loop (a prefix sum, which the recogniser once took for the row's sum). Every complete port passes
 * g++ -fsyntax-only. Numerical agreement is test/verify/rows-online.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, type Target } from '../../server/src/engine';
import { assertPortsCompile, rowsReason, verdictOf } from '../helpers/rows';

const FILE = path.resolve(__dirname, '../fixtures/port/rows_online.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

const verdict = (kernel: string, source = text) => verdictOf(engine, source, kernel, B3);


test('an online softmax is the row maximum, then the sum of exponentials', () => {
  const v = verdict('softmax_online_rows');
  assert.equal(v.kind, 'complete', rowsReason(v));
  const s = v.kind === 'complete' ? (v.program.schedule as { kind: string; cudaForm: string; steps: { k: string; op?: string }[] }) : undefined;
  assert.equal(s?.kind, 'rows');
  assert.equal(s?.cudaForm, 'thread-per-row');
  assert.deepEqual(s?.steps.filter((x) => x.k === 'reduce').map((x) => x.op), ['max', 'sum']);
  assert.ok(v.kind === 'complete' && v.program.notes.some((n) => /`top` and `total` are an online softmax/.test(n)));
});

test('a recurrence with another rescaling factor, and a running sum stored per column (a scan), are refused with the reason', () => {
  // A scan read the accumulator's start instead of its running value, and was called complete.
  assert.match(rowsReason(verdict('prefix_rows')), /`s` is read inside the loop over the row that updates it: a running value \(a prefix sum or scan\)/);
  assert.match(rowsReason(verdict('softmax_online_unscaled')), /`top` is read inside the loop over the row that updates it: a running value/);
});

test('the complete port passes g++ -fsyntax-only on CANN 8.x and 9.x', () => assertPortsCompile(engine, { text, name: 'rows_online.cu', kernels: ['softmax_online_rows'] }));
