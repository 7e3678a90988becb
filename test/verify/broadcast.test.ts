/**
 * The broadcast catalogue (test/fixtures/port/broadcast.cu) verified: a bias per column in a
 * grid-stride loop, values per row and per column under a guard, an inline `lo[k % m]` under an
 * early return (rows schedule, final pass only: rows × cols = 1×1, 4×7, 33×1000, 8 rows longer
 * than one UB chunk), a broadcast with scalars read from GM, and an optimiser step whose
 * hyper-parameters are read from GM at constant indices (stream schedule), run on the
 * CUDA-on-CPU shim and their Ascend C ports on the CPU model, on 910B3 (DataCopyPad) and 310P3
 * (staged rows and tails), with the CANN 8.x and 9.x spellings. Mutations show the verifier
 * catches a wrong broadcast. Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile, type VerifyResult } from '../../server/src/node/verify';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/broadcast.cu');
const text = fs.readFileSync(FILE, 'utf8');
const ROWS = ['bias_cols_stride', 'scale_shift_rows', 'col_max_inline', 'offset_scaled', 'centre_const_width', 'normalise_unguarded', 'bias_or_input'];
/** Without a guard the launch covers rows × cols − cols / 2 elements: the last row is partial. */
const UNGUARDED = ['normalise_unguarded'];
/** A row length fixed by a constant of the file: every shape has that many columns. */
const FIXED_COLS: Record<string, number> = { centre_const_width: 48 };
const STREAM = ['momentum_step'];
/** half and bf16 rows need DataCopyPad (910B; bf16 also needs A2's Cast). */
const NARROW = ['bias_half', 'scale_cols_bf16'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-broadcast-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function summary(r: VerifyResult): string {
  return JSON.stringify({ status: r.status, message: r.message, log: r.buildLog?.slice(0, 3000), failed: r.kernels.filter((k) => !k.pass).map((k) => ({ kernel: k.kernel, error: k.error, cases: k.cases.filter((c) => !c.pass) })) }, null, 1).slice(0, 8000);
}

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '8.x' },
  { soc: 'Ascend910B3', cann: '9.x' },
  { soc: 'Ascend310P3', cann: '9.x' },
] as Target[]) {
  test(`every broadcast and scalar-from-GM kernel computes what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, async () => {
    const doc = engine.open(text);
    try {
      for (const k of [...ROWS, ...STREAM]) {
        const v = kernelVerdict(doc, k, target)!;
        assert.equal(v.kind, 'complete', `${k}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
        assert.equal(v.kind === 'complete' && v.program.schedule.kind, ROWS.includes(k) ? 'rows' : 'stream', k);
      }
    } finally {
      doc.dispose();
    }
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: [...ROWS, ...STREAM] });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...ROWS, ...STREAM].sort());
    for (const k of r.kernels) {
      if (UNGUARDED.includes(k.kernel)) {
        assert.deepEqual(k.cases.slice(0, 4).map((c) => c.size), [1, 25, 32_500, 375_000], k.kernel);
        assert.equal(k.cases.length, 5, `${k.kernel}: several rows per core`);
      }
      else if (FIXED_COLS[k.kernel]) {
        // Rows of 1, 4, 33 and 8 (the long rows' case at a fixed width), then several rows per core.
        assert.deepEqual(k.cases.slice(0, 4).map((c) => c.size), [1, 4, 33, 8].map((r) => r * FIXED_COLS[k.kernel]!), k.kernel);
        assert.equal(k.cases.length, 5, k.kernel);
        assert.equal(k.cases[4]!.size % FIXED_COLS[k.kernel]!, 0, k.kernel);
      }
      else if (ROWS.includes(k.kernel)) {
        assert.deepEqual(k.cases.slice(0, 3).map((c) => c.size), [1, 28, 33_000], k.kernel);
        assert.ok(k.cases[3]!.size >= 400_000, `${k.kernel}: the long rows`);
      } else assert.ok(k.cases.length >= 4, k.kernel);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
    }
  });
}

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend910B3', cann: '9.x' },
] as Target[]) {
  test(`half and bfloat16 broadcasts compute what the CUDA computes on ${target.soc} (CANN ${target.cann}), exactly (the port rounds where CUDA does)`, async () => {
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: NARROW });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...NARROW].sort());
    for (const k of r.kernels) for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
  });
}

async function mutated(kernel: string, target: Target, mutate: (port: string) => string, sizes: number[]): Promise<VerifyResult> {
  const doc = engine.open(text);
  let port: string;
  try {
    port = portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'broadcast.cu')!.text;
  } finally {
    doc.dispose();
  }
  const changed = mutate(port);
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, `${kernel}-${target.soc}-${Math.random().toString(36).slice(2)}.cpp`);
  fs.writeFileSync(file, changed);
  return verifyFile(engine, { file: FILE, text, target, kernels: [kernel], portFile: file, sizes });
}

test('mutation: a bias per column read at the row\'s offset (as a row tensor) fails', async () => {
  const r = await mutated('bias_cols_stride', { soc: 'Ascend910B3', cann: '8.x' }, (p) => p.replace('bGm_[col]', 'bGm_[rowOff + col]'), [7, 300]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a value per row read for the first row only fails on 310P3 (staged rows)', async () => {
  const r = await mutated('scale_shift_rows', { soc: 'Ascend310P3', cann: '8.x' }, (p) => p.replace('shiftGm_.GetValue(row)', 'shiftGm_.GetValue(0)'), [7, 300]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a half broadcast whose sum is scaled by 1.001 fails (verify is exact for exact ops, not the rows schedule one-ulp allowance for narrow rows)', async () => {
  const r = await mutated('bias_half', { soc: 'Ascend910B3', cann: '8.x' }, (p) => p.replace(/AscendC::Add\(yOut, xIn, bIn, cnt\);/, 'AscendC::Add(yOut, xIn, bIn, cnt);\n    AscendC::Muls(yOut, yOut, static_cast<half>(1.001f), cnt);'), [300]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: an unguarded broadcast that treats its partial last row as a whole row fails', async () => {
  const r = await mutated('normalise_unguarded', { soc: 'Ascend910B3', cann: '8.x' }, (p) => p.replace('row + 1 == rows_ ? lastCols_ : cols_', 'cols_'), [7, 300]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: two scalars from GM read in swapped order fail', async () => {
  const r = await mutated('momentum_step', { soc: 'Ascend910B3', cann: '9.x' }, (p) => p.replace('hp0_ = hpGm_.GetValue(0);', 'hp0_ = hpGm_.GetValue(1);'), [1003]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a scalar read one element past what CUDA reads fails (the tensor holds exactly the elements CUDA reads)', async () => {
  const r = await mutated('offset_scaled', { soc: 'Ascend310P3', cann: '9.x' }, (p) => p.replace('factor1_ = factorGm_.GetValue(1);', 'factor1_ = factorGm_.GetValue(2);'), [300]);
  assert.equal(r.status, 'fail', summary(r));
});
