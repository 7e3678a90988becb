/**
 * The SoftMax high-level API path of rows ports (test/fixtures/port/rows_api.cu and the softmaxes
 * of the rows catalogues), verified: on 910B3 (CANN 8.x and 9.x) a softmax calls AscendC::SoftMax
 * for rows that fit UB whole (several rows per call, then single rows, each call with the tiling
 * of its shape) and the basic ops for rows longer than UB; on 310P3 and 910A, which do not take
 * that path, the basic ops; the kernels whose meaning differs from SoftMax's stay on the basic ops
 * everywhere. Cases: rows × cols = 1×1, 4×7, 33×1000, 8 × 50,000 and several ragged rows per core.
 * Mutations show the verifier catches a SoftMax call with a tiling of another shape and a copy-out
 * to the wrong rows. Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile } from '../../server/src/node/verify';
import { assertKernelsVerify, verifyMutated, verifySummary } from '../helpers/verify';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/rows_api.cu');
const text = fs.readFileSync(FILE, 'utf8');
const KERNELS = ['softmax_recip', 'softmax_naive', 'log_softmax_ln'];
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-rows-api-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

for (const target of [B3, { soc: 'Ascend910B3', cann: '9.x' }, { soc: 'Ascend310P3', cann: '8.x' }, { soc: 'Ascend910A', cann: '8.x' }] as Target[]) {
  test(`the SoftMax fixtures compute what the CUDA computes on ${target.soc} (CANN ${target.cann}), five shapes each; no model violation`, async () => {
    await assertKernelsVerify(engine, { file: FILE, text, target, kernels: KERNELS });
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: ['softmax_recip'] });
    assert.deepEqual(r.kernels[0]!.cases.map((c) => c.size).slice(0, 3), [1, 28, 33_000]);
    assert.equal(r.kernels[0]!.cases.length, 5, verifySummary(r));
  });
}

test('mutation: a SoftMax call of several rows with the one-row tiling fails (the model checks the tiling against the shape)', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: B3, kernel: 'softmax_recip', tmp }, (p) => p.replace('SoftMaxRows(row, n, many ? softmaxRows_ : softmaxRow_);', 'SoftMaxRows(row, n, softmaxRow_);'));
  assert.equal(r.status, 'fail', verifySummary(r));
  assert.ok(r.kernels[0]!.cases.some((c) => c.violations.some((v) => v.api === 'SoftMax' && /^the tiling was computed for 1 x \d+ and the call is \d+ x \d+/.test(v.message))), verifySummary(r));
});

test('mutation: a SoftMax path that stores each call\'s rows one row late fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: B3, kernel: 'softmax_recip', tmp }, (p) => p.replace('AscendC::DataCopyPad(yGm_[row * stride_], yRows, rowsParams);', 'AscendC::DataCopyPad(yGm_[(row + 1) * stride_], yRows, rowsParams);'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
