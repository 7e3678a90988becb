/**
 * Row-wise kernels in the spellings of ggml's cross-entropy kernels
 * (test/fixtures/port/rows_bumped.cu): pointers moved to the row instead of a row index, a bool
 * template parameter choosing a shared-memory row cache (both instantiations port), warp helpers
 * that are templates over their width with overloads for other types, a combine inside an
 * expression, one thread's store after `if (threadIdx.x != 0) return;`, a scalar read from GM at
 * index 0 (`*scale`), `gridDim.x` as the row count and two variables in one declaration. A macro that raises the kernel's
 * shared-memory limit is not a launch; one that launches it is. Refused with the reason:
 * `gridDim.x` under a guard, a cached row read at another column, a kernel a macro launches with
 * 64 threads. Every complete port passes g++ -fsyntax-only. Numerical agreement is
 * test/verify/rows-bumped.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, type Target } from '../../server/src/engine';
import { assertPortsCompile, rowsReason, verdictOf } from '../helpers/rows';

const FILE = path.resolve(__dirname, '../fixtures/port/rows_bumped.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const COMPLETE = ['xent_rows', 'xent_back_rows'];
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

const verdict = (kernel: string, source = text) => verdictOf(engine, source, kernel, B3);

type Sched = { kind: string; cudaForm: string; blockThreads?: number; rows: string; steps: { k: string; op?: string; text?: string }[]; rowStores: { tensor: string }[] };

test('both instantiations of each template port: the row cache and the re-read are one computation', () => {
  for (const k of COMPLETE) {
    const v = verdict(k);
    assert.equal(v.kind, 'complete', `${k}: ${rowsReason(v)}`);
    assert.equal(v.kind === 'complete' ? v.instances?.map((i) => i.typeArgs.keep).sort().join(',') : '', 'false,true', k);
    for (const inst of v.kind === 'complete' ? v.instances ?? [] : []) {
      const s = inst.program.schedule as Sched;
      assert.equal(s.kind, 'rows', k);
      assert.equal(s.blockThreads, 32, k);
      assert.equal(s.rows, 'cudaGridX', k);
      assert.deepEqual(s.steps.filter((x) => x.k === 'reduce').map((x) => x.op), k === 'xent_rows' ? ['max', 'sum', 'sum'] : ['max', 'sum'], `${k} ${inst.typeArgs.keep}`);
    }
  }
  // The forward kernel stores one value per row, by thread 0 after `if (threadIdx.x != 0) return;`.
  const fwd = verdict('xent_rows');
  assert.deepEqual(fwd.kind === 'complete' ? (fwd.program.schedule as Sched).rowStores.map((r) => r.tensor) : [], ['part']);
  // The gradient reads `*scale` once per core and divides by the row count (gridDim.x).
  const back = verdict('xent_back_rows');
  assert.ok(back.kind === 'complete');
  assert.deepEqual(back.program.gmScalars?.map((g) => [g.tensor, g.index]), [['scale', 0]]);
  assert.equal(back.program.args.find((a) => a.name === 'scale' && a.kind === 'tensor' && a.scalarOnly === 1)?.name, 'scale');
  assert.ok((back.program.schedule as Sched).steps.some((x) => x.k === 'scalar' && /__ap_grid_rows/.test(x.text ?? '')));
  assert.ok(back.program.notes.some((n) => /`gridDim\.x` is the row count/.test(n)));
  assert.ok(back.program.notes.some((n) => /`cache` caches a value per column in shared memory/.test(n)));
});

test('gridDim.x under a guard, a cached row read at another column and a launch of 64 threads are refused with the reason', () => {
  assert.match(rowsReason(verdict('scaled_rows_guarded')), /reads `gridDim\.x`, which is the row count only for one block per row launched without a guard/);
  assert.match(rowsReason(verdict('shifted_cache')), /a read of `cache\[\( j \+ 1 \) % cols\]`, a row cached in shared memory, at another index than the loop's column/);
  assert.match(rowsReason(verdict('wide_rows')), /not every launch of this kernel in the file has a block of 32 threads/);
  // Without the macro's launch, the block of one warp is every launch: the kernel ports.
  const oneLaunch = text.replace('  RUN_WIDE(wide_rows, rows, z, y, cols);\n', '');
  assert.notEqual(oneLaunch, text);
  assert.equal(verdict('wide_rows', oneLaunch).kind, 'complete');
  // The attribute macro is not a launch; a call that passes the kernel elsewhere is.
  const handed = text.replace('RAISE_SMEM((xent_rows<true>), smem_limit);', 'RAISE_SMEM((xent_rows<true>), smem_limit);\n    (void)reinterpret_cast<const void*>(xent_rows<true>);');
  assert.notEqual(handed, text);
  assert.equal(verdict('xent_rows', handed).kind, 'skeleton');
});

test('every complete port passes g++ -fsyntax-only on CANN 8.x and 9.x', () => assertPortsCompile(engine, { text, name: 'rows_bumped.cu', kernels: COMPLETE }));
