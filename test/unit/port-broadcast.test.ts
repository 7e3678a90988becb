/**
 * Broadcasts (test/fixtures/port/broadcast.cu): values per column (`b[i % C]`) and per row
 * (`b[i / C]`) port on the rows schedule as its final pass without a reduction, scalars read
 * from GM at a constant index (`hp[0]`) are read once per core in Init and never streamed;
 * the forms that do not port say why. Numerical verification: test/verify/broadcast.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { tensors, type RowsSchedule, type TensorArg } from '../../server/src/engine/port/program';
import { syntaxCheck } from '../helpers/syntax-check';

const TEXT = fs.readFileSync(path.resolve(__dirname, '../fixtures/port/broadcast.cu'), 'utf8');
const TARGETS: Target[] = [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '8.x' },
  { soc: 'Ascend910B3', cann: '9.x' },
  { soc: 'Ascend310P3', cann: '9.x' },
];
const B3: Target = TARGETS[0]!;
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function withDoc<T>(f: (doc: ReturnType<Engine['open']>) => T): T {
  const doc = engine.open(TEXT);
  try {
    return f(doc);
  } finally {
    doc.dispose();
  }
}

function verdict(kernel: string, target: Target = B3) {
  return withDoc((doc) => kernelVerdict(doc, kernel, target)!);
}

test('a bias per column in a grid-stride loop is the rows schedule over rows × cols with the bias a per-column tensor and no reduce step', () => {
  const v = verdict('bias_cols_stride');
  assert.equal(v.kind, 'complete', v.kind === 'skeleton' ? v.reasons.join('; ') : '');
  if (v.kind !== 'complete') return;
  const s = v.program.schedule as RowsSchedule;
  assert.equal(s.kind, 'rows');
  assert.equal(s.rows, 'rows');
  assert.equal(s.cols, 'cols');
  assert.equal(s.cudaForm, 'per-element');
  assert.equal(s.elementForm, 'grid-stride');
  assert.deepEqual(s.colTensors, ['b']);
  assert.deepEqual(s.steps, []);
  assert.deepEqual(s.rowStores, []);
  const b = tensors(v.program).find((t) => t.name === 'b')!;
  assert.equal(b.read, true);
  assert.equal(b.written, false);
});

test('values per row (`shift[t / width]`) are row values read from GM on the scalar unit; the row count is the bound without the divisor', () => {
  const v = verdict('scale_shift_rows');
  assert.equal(v.kind, 'complete');
  if (v.kind !== 'complete') return;
  const s = v.program.schedule as RowsSchedule;
  assert.equal(s.rows, 'batch * seq');
  assert.equal(s.cols, 'width');
  assert.equal(s.elementForm, 'guard');
  assert.deepEqual(s.colTensors, ['gain']);
  assert.deepEqual(s.steps, [
    { k: 'gm', name: 'rowg0_', tensor: 'shift' },
    { k: 'gm', name: 'rowg1_', tensor: 'scale' },
  ]);
  for (const name of ['shift', 'scale']) {
    const t: TensorArg = tensors(v.program).find((x) => x.name === name)!;
    assert.equal(t.scalarOnly, 'row', name);
    assert.equal(t.read, false, `${name} is not streamed`);
  }
});

test('the column index written inline (`lo[k % m]`) under an early return with 64-bit indices', () => {
  const v = verdict('col_max_inline');
  assert.equal(v.kind, 'complete');
  if (v.kind !== 'complete') return;
  const s = v.program.schedule as RowsSchedule;
  assert.deepEqual([s.rows, s.cols, s.elementForm, s.colTensors], ['n', 'm', 'early-return', ['lo']]);
});

test('a row length that is a constant of the file is folded in the divisor as in the bound', () => {
  const v = verdict('centre_const_width');
  assert.equal(v.kind, 'complete', v.kind === 'skeleton' ? v.reasons.join('; ') : '');
  if (v.kind !== 'complete') return;
  const s = v.program.schedule as RowsSchedule;
  assert.deepEqual([s.rows, s.cols, s.colTensors, s.steps], ['tokens', '48', ['bias'], [{ k: 'gm', name: 'rowg0_', tensor: 'mean' }]]);
});

test('a broadcast without a bounds guard covers the launch: grid × block elements in rows of the divisor, the last row partial', () => {
  const v = verdict('normalise_unguarded');
  assert.equal(v.kind, 'complete', v.kind === 'skeleton' ? v.reasons.join('; ') : '');
  if (v.kind !== 'complete') return;
  const s = v.program.schedule as RowsSchedule;
  assert.deepEqual([s.elementForm, s.cols, s.colTensors], ['unguarded', 'cols', ['gamma', 'beta']]);
  assert.deepEqual(v.lowered.abi.launch.params.map((q) => q.name), ['out', 'inp', 'mu', 'sigma_inv', 'gamma', 'beta', 'batch', 'cols', 'cudaGridX', 'cudaBlockX', 'stream']);
  for (const target of TARGETS) {
    withDoc((doc) => {
      const r = portKernel(doc, engine.analyze(doc, { target }), 'normalise_unguarded', target, 'broadcast.cu')!;
      assert.equal(r.kind, 'complete', r.reasons.join('; '));
      assert.match(r.text, /const uint64_t rowCount = \(total \+ colCount - 1\) \/ colCount;\n\s*const uint64_t lastCols = total - \(rowCount - 1\) \* colCount;/);
      assert.match(r.text, /const uint64_t rowCols = row \+ 1 == rows_ \? lastCols_ : cols_;/);
      assert.match(r.text, /tiling\.lastCols = lastCols;/);
      if (target.soc === 'Ascend310P3') assert.match(r.text, /const bool stageRows = colCount % NORMALISE_UNGUARDED_ALIGN != 0 \|\| lastCols % NORMALISE_UNGUARDED_ALIGN != 0;/);
      const check = syntaxCheck(r.text, target.cann);
      assert.ok(check.ok, check.errors);
    });
  }
});

test('scalars read from GM at constant indices stay on the stream schedule, read once per core in Init, never queued or staged', () => {
  for (const target of TARGETS) {
    withDoc((doc) => {
      const r = portKernel(doc, engine.analyze(doc, { target }), 'momentum_step', target, 'broadcast.cu')!;
      assert.equal(r.kind, 'complete', r.reasons.join('; '));
      const v = r.verdict!;
      assert.equal(v.kind === 'complete' && v.program.schedule.kind, 'stream');
      assert.deepEqual(v.kind === 'complete' && v.program.gmScalars, [
        { name: 'hp0_', tensor: 'hp', index: 0, t: 'float' },
        { name: 'hp1_', tensor: 'hp', index: 1, t: 'float' },
      ]);
      assert.match(r.text, /hpGm_\.SetGlobalBuffer\(\(__gm__ float\*\)hp, 2\);\n\s*hp0_ = hpGm_\.GetValue\(0\);\n\s*hp1_ = hpGm_\.GetValue\(1\);/);
      assert.match(r.text, /`hp\[0\]`, `hp\[1\]` are read from GM once per core in Init/);
      assert.doesNotMatch(r.text, /hpInQueue_|hpStage|hpGm_\[/);
      if (target.soc === 'Ascend310P3') assert.match(r.text, /ASCEND_PORT_LAUNCH\(momentum_step, 1, stream, \(GM_ADDR\)wStage, \(GM_ADDR\)velStage, \(GM_ADDR\)gradStage, \(GM_ADDR\)hp, tiling\);/);
      const check = syntaxCheck(r.text, target.cann);
      assert.ok(check.ok, check.errors);
    });
  }
});

test('every broadcast ports completely on 910B3 and 310P3 with both CANN spellings and passes g++ -fsyntax-only; per-row tensors are neither queued nor staged', () => {
  for (const target of TARGETS) {
    for (const kernel of ['bias_cols_stride', 'scale_shift_rows', 'col_max_inline', 'offset_scaled', 'centre_const_width', 'normalise_unguarded', 'bias_or_input']) {
      withDoc((doc) => {
        const r = portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'broadcast.cu')!;
        assert.equal(r.kind, 'complete', `${kernel} on ${target.soc} ${target.cann}: ${r.reasons.join('; ')}`);
        assert.match(r.text, /Complete port of a broadcast \(rows schedule, no reduction\)/);
        assert.doesNotMatch(r.text, /mappedBuf_|workBuf_|ReduceSum|ReduceMax/, 'no reduce pass, no reduce buffers');
        const check = syntaxCheck(r.text, target.cann);
        assert.ok(check.ok, `${kernel}: ${check.errors}`);
      });
    }
  }
  withDoc((doc) => {
    const target: Target = { soc: 'Ascend310P3', cann: '8.x' };
    const text = portKernel(doc, engine.analyze(doc, { target }), 'scale_shift_rows', target, 'broadcast.cu')!.text;
    assert.match(text, /rowg0_ = shiftGm_\.GetValue\(row\);/);
    assert.match(text, /shiftGm_\.SetGlobalBuffer\(\(__gm__ float\*\)shift, tiling\.rows\);/);
    assert.match(text, /gainGm_\[col\]/);
    assert.doesNotMatch(text, /shiftInQueue_|shiftStage|scaleStage/);
    assert.match(text, /xStage/, 'rows are staged without DataCopyPad');
    assert.match(text, /if \(nRows <= 0 \|\| nCols <= 0\) return ACL_SUCCESS;/);
  });
  withDoc((doc) => {
    const text = portKernel(doc, engine.analyze(doc, { target: B3 }), 'offset_scaled', B3, 'broadcast.cu')!.text;
    assert.match(text, /factor0_ = factorGm_\.GetValue\(0\);/);
    assert.match(text, /factorGm_\.SetGlobalBuffer\(\(__gm__ float\*\)factor, 2\);/);
  });
});

test('half and bfloat16 broadcasts port on 910B3 (DataCopyPad) and say why not on 310P3', () => {
  for (const k of ['bias_half', 'scale_cols_bf16']) {
    const v = verdict(k);
    assert.equal(v.kind, 'complete', `${k}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
    const p3 = verdict(k, { soc: 'Ascend310P3', cann: '8.x' });
    assert.equal(p3.kind, 'skeleton');
    assert.match(p3.kind === 'skeleton' ? p3.reasons.join('\n') : '', k === 'bias_half' ? /stages ragged rows without DataCopyPad for float tensors only so far/ : /bfloat16/);
  }
});

test('a scalar read from GM gets a member that no scalar parameter and no port member already has', () => {
  const text = '__global__ void k(float* y, const float* rowv, const float* hp, float hp0, int n) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) y[i] = y[i] * rowv[0] + hp[0] * hp0;\n}\n';
  const doc = engine.open(text);
  try {
    const r = portKernel(doc, engine.analyze(doc, { target: B3 }), 'k', B3, 'k.cu')!;
    assert.equal(r.kind, 'complete', r.reasons.join('; '));
    assert.match(r.text, /rowv0v_ = rowvGm_\.GetValue\(0\);/);
    assert.match(r.text, /hp0v_ = hpGm_\.GetValue\(0\);/);
    assert.match(r.text, /hp0_ = hp0;/);
    const check = syntaxCheck(r.text, B3.cann);
    assert.ok(check.ok, check.errors);
  } finally {
    doc.dispose();
  }
});

const REJECTED: Record<string, RegExp> = {
  bias_any_length: /reads values per column \(`i % cols`\) but its bound `n` is not a product with `cols` as a factor/,
  two_divisors: /reads `b\[i \/ other\]`, and also divides the index by `cols`: a broadcast reads one rows × columns shape/,
  column_number: /uses the column index `c` as a value/,
  scale_in_place: /reads `v\[0\]` and also writes `v\[i\]`: a tensor read at a constant index is read once per core on the scalar unit/,
  bias_named_stride: /parameter `stride` has the name of a variable of the generated entry or launch wrapper .*for a rows port also/,
};

for (const [kernel, reason] of Object.entries(REJECTED)) {
  test(`broadcast rejected with its reason: ${kernel}`, () => {
    const v = verdict(kernel);
    assert.equal(v.kind, 'skeleton');
    assert.match(v.kind === 'skeleton' ? v.reasons.join('\n') : '', reason);
  });
}
