/**
 * Column reductions (the rows schedule's column layout): the recogniser reads each kernel of
 * test/fixtures/port/cols.cu as per-column values of a row-major tensor (element j of output o
 * at `j * stride + o`) whatever the CUDA form (one thread per column, one block per column with
 * a column pointer and a shared-memory tree), rejects what the layout does not port with the
 * reason, ports float columns on a target without DataCopyPad too, and every port passes g++
 * -fsyntax-only against the declarations of its CANN version. Numerical agreement is
 * test/verify/cols.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, estimateDocument, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import type { RowsSchedule } from '../../server/src/engine/port/program';
import { renderValue } from '../../server/src/engine/port/program';
import { syntaxCheck } from '../helpers/syntax-check';
import { assertSnapshot } from '../helpers/snapshot';

const DIR = path.resolve(__dirname, '../fixtures/port');
const text = fs.readFileSync(path.join(DIR, 'cols.cu'), 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function verdict(kernel: string, target: Target, src = text) {
  const doc = engine.open(src);
  try {
    return kernelVerdict(doc, kernel, target)!;
  } finally {
    doc.dispose();
  }
}

function port(kernel: string, target: Target) {
  const doc = engine.open(text);
  try {
    return portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'cols.cu')!;
  } finally {
    doc.dispose();
  }
}

/** The column program: its shape, then the steps and the stores. */
function meaning(kernel: string): string[] {
  const v = verdict(kernel, B3);
  assert.equal(v.kind, 'complete', JSON.stringify(v.kind === 'skeleton' && v.reasons));
  if (v.kind !== 'complete') return [];
  const s = v.program.schedule as RowsSchedule;
  assert.equal(s.layout, 'cols', kernel);
  return [
    `${s.rows} outputs × ${s.cols} down a column, stride ${s.stride}`,
    ...s.steps.map((x) => (x.k === 'reduce' ? `${x.name} = ${x.op}(${renderValue({ ...v.program, body: x.body }, (x.body.find((o) => o.op === 'store') as { value: number }).value, 'j')})` : x.k === 'scalar' ? `${x.name} = ${x.text}` : x.k === 'unary' ? `${x.name} = ${x.fn}(${x.arg})` : `${x.name} = ${x.tensor}[o]`)),
    ...s.rowStores.map((r) => `${r.tensor}[o] ${r.add ? '+=' : '='} ${r.value}`),
  ];
}

test('one thread per column, the stride written first (`a[o + n * i]`), reads as the column sums of an n × n tensor', () => {
  assert.deepEqual(meaning('col_sums_thread'), ['n outputs × n down a column, stride n', 'rowv0_ = sum(a[j])', 'sums[o] = rowv0_']);
});

test('a bias gradient (one block per column, a column pointer `dout + o` read at `column[i * OC]`, a double partial, a tree, `+=`) reads as a sum added into dbias', () => {
  assert.deepEqual(meaning('bias_grad_block'), ['cudaGridX outputs × B * T down a column, stride OC', 'rowv0_ = sum(dout[j])', 'dbias[o] += rowv0_']);
  const v = verdict('bias_grad_block', B3);
  assert.ok(v.kind === 'complete' && v.program.notes.some((n) => /`acc` is a double in CUDA; the port computes it in float/.test(n)), v.kind === 'complete' ? v.program.notes.join('\n') : '');
  assert.ok(v.kind === 'complete' && v.program.args.some((a) => a.kind === 'tensor' && a.name === 'dbias' && a.read && a.written), 'the gradient is read (its previous values) and written');
});

test('a scaled column maximum and a column mean square read with their per-column arithmetic', () => {
  assert.deepEqual(meaning('col_max_scaled'), ['cols outputs × rows down a column, stride cols', 'rowv0_ = max(x[j])', 'rowv1_ = (static_cast<float>(rowv0_) * static_cast<float>(scale))', 'out[o] = rowv1_']);
  assert.deepEqual(meaning('col_mean_square'), ['cols outputs × rows down a column, stride cols', 'rowv0_ = sum((x[j] * x[j]))', 'rowv1_ = (static_cast<float>(rowv0_) / static_cast<float>(rows))', 'ms[o] = rowv1_']);
});

test('a bfloat16 bias gradient with one warp per column (cg::reduce, an integer local bound) and column sums of a half matrix read with their conversions', () => {
  assert.deepEqual(meaning('bias_grad_warp_bf16'), ['OC outputs × (B * T) down a column, stride OC', 'rowv0_ = sum((float)dout[j])', 'dbias[o] += rowv0_']);
  assert.deepEqual(meaning('col_sums_half'), ['cols outputs × rows down a column, stride cols', 'rowv0_ = sum((float)x[j])', 'sums[o] = rowv0_']);
  const v = verdict('bias_grad_warp_bf16', B3);
  assert.ok(v.kind === 'complete' && v.program.schedule.kind === 'rows' && v.program.schedule.cudaForm === 'warp-per-row');
  const text = port('bias_grad_warp_bf16', B3).text;
  // Copied in its type, widened in UB, the previous gradient widened, the sum rounded to nearest even on store.
  assert.match(text, /AscendC::DataCopyPadExtParams<bfloat16_t> doutPad/);
  assert.match(text, /AscendC::Cast\(dbiasPrev, dbiasPrevN, AscendC::RoundMode::CAST_NONE, /);
  assert.match(text, /AscendC::Cast\(dbiasRound, dbiasVal, AscendC::RoundMode::CAST_RINT, /);
  // bfloat16 needs the A2 Cast: a skeleton on 310P3 (which also lacks DataCopyPad).
  assert.equal(verdict('bias_grad_warp_bf16', P3).kind, 'skeleton');
});

test('what the column layout does not port is a skeleton with the reason', () => {
  const variance = verdict('col_variance', B3);
  assert.ok(variance.kind === 'skeleton' && variance.reasons.some((r) => /column layout .*a two-pass column statistic/.test(r)), JSON.stringify(variance.kind === 'skeleton' && variance.reasons));
  const log = verdict('col_log_sum', B3);
  assert.ok(log.kind === 'skeleton' && log.reasons.some((r) => /column layout .*a function \(exp, log/.test(r)), JSON.stringify(log.kind === 'skeleton' && log.reasons));
  // A row store that adds is a column-layout form only: a row-major kernel with `+=` stays rejected.
  const rowAdd = `__global__ void row_sum_add(const float* x, float* out, int rows, int cols) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r < rows) {
    float s = 0.0f;
    for (int c = 0; c < cols; c++) s += x[r * cols + c];
    out[r] += s;
  }
}`;
  const w = verdict('row_sum_add', B3, rowAdd);
  assert.ok(w.kind === 'skeleton' && w.reasons.some((r) => /a compound per-row store `out\[r\] \+= …`/.test(r)), JSON.stringify(w.kind === 'skeleton' && w.reasons));
  // Without DataCopyPad (310P3): float columns port (whole blocks by DataCopy, the rest of a run on the scalar unit,
  // the outputs through padded buffers); half columns are a skeleton naming why.
  const p3 = port('col_sums_thread', P3);
  assert.equal(p3.kind, 'complete');
  assert.match(p3.text, /if \(whole > 0\) AscendC::DataCopy\(aIn, aGm_\[off\], whole\);\n\s*for \(uint32_t w = whole; w < count; \+\+w\) aIn\.SetValue\(w, aGm_\.GetValue\(off \+ w\)\);/);
  assert.match(p3.text, /aclrtMemcpy\(sums, rowCount \* sizeof\(float\), sumsStage, /);
  assert.doesNotMatch(p3.text, /AscendC::DataCopyPad/);
  const half = verdict('col_sums_half', P3);
  assert.ok(half.kind === 'skeleton' && half.reasons.some((r) => /`x` is half or bfloat16: without DataCopyPad \(Ascend310P3\) the column layout reads float columns only so far/.test(r)), JSON.stringify(half.kind === 'skeleton' && half.reasons));
});

test('every column port passes g++ -fsyntax-only against the declarations of its CANN version; snapshot of the bias gradient', () => {
  for (const t of [B3, { soc: 'Ascend910B3', cann: '9.x' }, P3, { soc: 'Ascend310P3', cann: '9.x' }] as Target[]) {
    for (const k of ['col_sums_thread', 'bias_grad_block', 'col_max_scaled', 'col_mean_square', ...(t.soc === 'Ascend910B3' ? ['bias_grad_warp_bf16', 'col_sums_half'] : [])]) {
      const r = port(k, t);
      assert.equal(r.kind, 'complete', k);
      if (t.soc === 'Ascend910B3') assert.match(r.text, /AscendC::DataCopyPad\(\w+In, \w+Gm_\[off\], /, k);
      const check = syntaxCheck(r.text, t.cann);
      assert.ok(check.ok, `${k} (${t.cann}): ${check.errors}`);
    }
  }
  assertSnapshot(path.join(DIR, 'bias_grad_block.Ascend910B3.snap'), port('bias_grad_block', B3).text);
});

test('the estimate of a column reduction comes from its port: vector work, one pass down the columns', () => {
  const doc = engine.open(text);
  try {
    engine.analyze(doc, { target: B3 });
    const est = estimateDocument(doc, { target: B3 }).kernels.find((k) => k.kernel === 'col_sums_thread')!;
    assert.equal(est.classification, 'vector');
    assert.match(est.reason, /^a column reduction \(rows schedule, column layout\): 1 pass down the columns/);
  } finally {
    doc.dispose();
  }
});
