/**
 * Column sums across rows in a row-wise kernel (test/fixtures/port/rows_colsum.cu): layernorm
 * backward as llm.c writes it, the row index taken apart into a batch and a time step and put
 * together again in the offsets, γ and β gradients added with atomicAdd straight into GM or
 * staged per block in dynamic shared memory, and a per-element value updated in place
 * (`dval += …; dval *= rs;`), and a bfloat16 value per row (copied into UB and widened with
 * Cast). The port adds each chunk into GM with DMA atomics on targets that have them (910B) and
 * says why not elsewhere (310P3). Refused with the reason: a column sum
 * under a data-dependent `if`, a staging flushed into another column than it summed, a bfloat16
 * column sum. Every complete port passes g++ -fsyntax-only. Numerical agreement is
 * test/verify/rows-colsum.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, portKernel, type Target } from '../../server/src/engine';
import { assertPortsCompile, rowsReason, verdictOf } from '../helpers/rows';

const FILE = path.resolve(__dirname, '../fixtures/port/rows_colsum.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const COMPLETE = ['ln_back_thread', 'ln_back_warp', 'sq_rows_cols', 'softmax_temp_bf16'];
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

type Sched = { kind: string; cudaForm: string; rows: string; cols: string; colAdds?: string[]; cudaSharedRegions?: number; cudaWholeBlocks?: true; rowStores: { tensor: string }[]; steps: { k: string; op?: string }[] };
const sched = (kernel: string, source = text, target = B3): Sched => {
  const v = verdictOf(engine, source, kernel, target);
  assert.equal(v.kind, 'complete', `${kernel}: ${rowsReason(v)}`);
  return (v.kind === 'complete' ? v.program.schedule : undefined) as unknown as Sched;
};

test('layernorm backward ports in both styles: rows put together from `b = idx / T`, `t = idx % T`; γ and β gradients as column sums', () => {
  for (const [k, form] of [['ln_back_thread', 'thread-per-row'], ['ln_back_warp', 'warp-per-row']] as const) {
    const s = sched(k);
    assert.equal(s.kind, 'rows', k);
    assert.equal(s.cudaForm, form, k);
    assert.equal(s.rows.replace(/[()\s]/g, ''), 'B*T', k);
    assert.equal(s.cols, 'C', k);
    assert.deepEqual([...(s.colAdds ?? [])].sort(), ['dbeta', 'dgamma'], k);
    assert.deepEqual(s.steps.filter((x) => x.k === 'reduce').map((x) => x.op), ['sum', 'sum'], k);
    // mean[b * T + t] and rstd[b * T + t] are values per row.
    assert.deepEqual(s.steps.filter((x) => x.k === 'gm').length, 2, k);
  }
  // The staged form: two regions of C floats in CUDA's shared memory (verify launches with them).
  assert.equal(sched('ln_back_warp').cudaSharedRegions, 2);
  assert.equal(sched('ln_back_thread').cudaSharedRegions, undefined);
  const warp = verdictOf(engine, text, 'ln_back_warp', B3);
  assert.ok(warp.kind === 'complete' && warp.program.notes.some((n) => /per-block column sums in shared memory \(`staged`, 2 regions of `C` floats\)/.test(n)));
  // A row-wise value and a column sum in one loop.
  const sq = sched('sq_rows_cols');
  assert.deepEqual(sq.colAdds, ['col_sq']);
  assert.deepEqual(sq.rowStores.map((r) => r.tensor), ['row_sq']);
});

test('a bfloat16 value per row is copied into UB and widened with Cast; without DataCopyPad or bf16 Cast, a skeleton says why', () => {
  const s = sched('softmax_temp_bf16');
  assert.deepEqual(s.steps.filter((x) => x.k === 'gm').length, 1);
  const doc = engine.open(text);
  const r = portKernel(doc, engine.analyze(doc, { target: B3 }), 'softmax_temp_bf16', B3, 'rows_colsum.cu')!;
  doc.dispose();
  assert.equal(r.kind, 'complete');
  assert.match(r.text, /AscendC::DataCopyPad\(rowIn, tempGm_\[row\], oneRowValue, rowPad\);/);
  assert.match(r.text, /AscendC::Cast\(rowBlk, rowIn, AscendC::RoundMode::CAST_NONE, static_cast<int32_t>\(SOFTMAX_TEMP_BF16_ALIGN\)\);/);
  assert.doesNotMatch(r.text, /tempGm_\.GetValue/);
  // 310P3: no DataCopyPad and no documented bf16 conversion.
  assert.equal(verdictOf(engine, text, 'softmax_temp_bf16', { soc: 'Ascend310P3', cann: '8.x' }).kind, 'skeleton');
});

test('the port adds each chunk into GM with DMA atomics, and says so', () => {
  for (const cann of ['8.x', '9.x'] as const) {
    const target: Target = { soc: 'Ascend910B3', cann };
    const doc = engine.open(text);
    const r = portKernel(doc, engine.analyze(doc, { target }), 'ln_back_warp', target, 'rows_colsum.cu')!;
    doc.dispose();
    assert.equal(r.kind, 'complete', cann);
    const port = r.text;
    assert.equal(port.match(/AscendC::SetAtomicAdd<float>\(\);/g)?.length, 2, cann);
    assert.equal(port.match(cann === '9.x' ? /AscendC::DisableDmaAtomic\(\);/g : /AscendC::SetAtomicNone\(\);/g)?.length, 2, cann);
    assert.match(port, /dbeta\[j\] \+= g\[row, j\]|dbeta\[j\] \+= dout\[row, j\]/);
  }
  // 310P3's vector cores have no float DMA atomic add: a skeleton that says so.
  const p = verdictOf(engine, text, 'ln_back_thread', { soc: 'Ascend310P3', cann: '8.x' });
  assert.equal(p.kind, 'skeleton');
  assert.match(rowsReason(p), /gain column sums across rows: the rows port adds each chunk into GM with DMA atomics/);
});

test('the staging is read only in its exact shape; other column sums are refused with the reason', () => {
  assert.match(rowsReason(verdictOf(engine, text, 'colsum_if', B3)), /a data-dependent `if` in the loop over the row/);
  // Flushed one column over: the staging is not read, and the kernel keeps its shared memory.
  assert.match(rowsReason(verdictOf(engine, text, 'colsum_shifted', B3)), /one block or warp per row \(shared memory/);
  // Put right, it ports.
  const fixed = text.replace('for (int i = threadIdx.x; i + 1 < cols; i += blockDim.x) atomicAdd(&col[i + 1], part[i]);', 'for (int i = threadIdx.x; i < cols; i += blockDim.x) atomicAdd(&col[i], part[i]);');
  assert.notEqual(fixed, text);
  assert.deepEqual(sched('colsum_shifted', fixed).colAdds, ['col']);
  // Threads past the last row return before the flush's barrier: a note, and verify runs whole blocks of rows.
  const early = fixed.replace('  if (idx < rows) {\n    float s = 0.0f;', '  if (idx >= rows) return;\n  {\n    float s = 0.0f;');
  assert.notEqual(early, fixed);
  assert.equal(sched('colsum_shifted', early).cudaWholeBlocks, true);
  // A b / t pair whose parts are used apart from each other is not put together.
  const apart = text.replace('const float mu = mean[b * T + t];', 'const float mu = mean[b];');
  assert.notEqual(apart, text);
  assert.match(rowsReason(verdictOf(engine, apart, 'ln_back_thread', B3)), /`idx` in `idx \/ T` is not a value the rows port knows/);
  // Nor one whose index changes after it was taken apart.
  const moved = text.replace('  const float* g = dout + b * T * C + t * C;\n  const float* x = inp + b * T * C + t * C;', '  idx += 1;\n  const float* g = dout + b * T * C + t * C;\n  const float* x = inp + b * T * C + t * C;');
  assert.notEqual(moved, text);
  assert.match(rowsReason(verdictOf(engine, moved, 'ln_back_thread', B3)), /`idx` in `idx \/ T` is not a value the rows port knows/);
  // A column sum read from a tensor the kernel writes is refused.
  const reads = text.replace('atomicAdd(&dbeta[i], g[i]);', 'atomicAdd(&dbeta[i], dx[i]);');
  assert.notEqual(reads, text);
  assert.match(rowsReason(verdictOf(engine, reads, 'ln_back_thread', B3)), /the column sum added into `dbeta` reads `dinp`, which the kernel writes/);
});

test('every complete port passes g++ -fsyntax-only on CANN 8.x and 9.x', () => assertPortsCompile(engine, { text, name: 'rows_colsum.cu', kernels: COMPLETE, targets: [{ soc: 'Ascend910B3', cann: '8.x' }, { soc: 'Ascend910B3', cann: '9.x' }] }));
