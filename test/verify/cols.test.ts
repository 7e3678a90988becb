/**
 * Column reductions (test/fixtures/port/cols.cu), ported on the rows schedule's column layout,
 * verified: per-column sums with one thread per column, a bias gradient with one block per
 * column that adds into its output, a scaled column maximum, a column mean square, a bfloat16
 * bias gradient with one warp per column (cg::reduce) and column sums of a half matrix, on the
 * CUDA-on-CPU shim and their Ascend C ports on the CPU model, on 910B3 (DataCopyPad) and 310P3
 * (without it: whole blocks by DataCopy, the rest of each run on the scalar unit, outputs through
 * padded buffers; float kernels only) with the CANN 8.x and 9.x spellings. Shapes: one output, outputs fewer than a 32-byte block, a ragged range of
 * outputs on every core, and more outputs per core than one UB chunk. Mutations show the
 * verifier catches a wrong port. Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile, type VerifyResult } from '../../server/src/node/verify';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/cols.cu');
const text = fs.readFileSync(FILE, 'utf8');
const COMPLETE = ['col_sums_thread', 'bias_grad_block', 'col_max_scaled', 'col_mean_square', 'bias_grad_warp_bf16', 'col_sums_half'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-cols-test-'));

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

const FLOAT = ['col_sums_thread', 'bias_grad_block', 'col_max_scaled', 'col_mean_square'];

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend910B3', cann: '9.x' },
  { soc: 'Ascend310P3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '9.x' },
] as Target[]) {
  const kernels = target.soc === 'Ascend310P3' ? FLOAT : COMPLETE;
  test(`every column reduction computes what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, async () => {
    const doc = engine.open(text);
    try {
      for (const k of kernels) {
        const v = kernelVerdict(doc, k, target)!;
        assert.equal(v.kind, 'complete', `${k}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
        assert.equal(v.kind === 'complete' && v.program.schedule.kind === 'rows' && v.program.schedule.layout, 'cols', k);
      }
    } finally {
      doc.dispose();
    }
    const r = await verifyFile(engine, { file: FILE, text, target, kernels });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...kernels].sort());
    for (const k of r.kernels) {
      assert.equal(k.cases.length, 4, k.kernel);
      // One square parameter (col_sums_thread: n × n) runs the square sides; the others the column shapes.
      if (k.kernel !== 'col_sums_thread') {
        assert.deepEqual(k.cases.slice(0, 3).map((c) => c.size), [1, 28, 1003 * 33], k.kernel);
        assert.ok(k.cases[3]!.size > 2 * 40 * 1000, `${k.kernel}: more outputs than one chunk per core`);
      }
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
    }
  });
}

async function mutated(kernel: string, mutate: (port: string) => string, target: Target = { soc: 'Ascend910B3', cann: '8.x' }): Promise<VerifyResult> {
  const doc = engine.open(text);
  let port: string;
  try {
    port = portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'cols.cu')!.text;
  } finally {
    doc.dispose();
  }
  const changed = mutate(port);
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, `${kernel}-${Math.random().toString(36).slice(2)}.cpp`);
  fs.writeFileSync(file, changed);
  return verifyFile(engine, { file: FILE, text, target, kernels: [kernel], portFile: file });
}

test('mutation: a bias gradient that overwrites the gradient instead of adding into it fails', async () => {
  const r = await mutated('bias_grad_block', (p) => p.replace('dbiasPrev.GetValue(k) + ', ''));
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a bfloat16 bias gradient that overwrites the gradient instead of adding into it fails', async () => {
  const r = await mutated('bias_grad_warp_bf16', (p) => p.replace('dbiasPrev.GetValue(k) + ', ''));
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a column port that stores one output too few per chunk fails', async () => {
  const r = await mutated('col_mean_square', (p) => p.replace('for (uint32_t k = 0; k < count; ++k) {', 'for (uint32_t k = 0; k + 1 < count; ++k) {'));
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a column port that reads each run one element late fails', async () => {
  const r = await mutated('col_max_scaled', (p) => p.replace('CopyIn0(j * stride_ + r0, count);', 'CopyIn0(j * stride_ + r0 + 1, count);'));
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a column port whose cores all start at the first output fails', async () => {
  const r = await mutated('col_sums_thread', (p) => p.replace('rowStart_ = tiling.rowsPerCore * static_cast<uint64_t>(AscendC::GetBlockIdx());', 'rowStart_ = 0;'));
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a 310P3 column port that leaves out the last elements of each ragged run fails', async () => {
  const r = await mutated('col_mean_square', (p) => p.replace('for (uint32_t w = whole; w < count; ++w)', 'for (uint32_t w = whole; w < whole; ++w)'), { soc: 'Ascend310P3', cann: '8.x' });
  assert.equal(r.status, 'fail', summary(r));
});
