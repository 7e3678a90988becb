/**
 * The high-level API paths of rows ports (test/fixtures/port/rows_api.cu; the softmaxes, RMS norms
 * and layernorms of the rows catalogues are verified by their own tests on the same targets),
 * verified: on 910B3 (CANN 8.x and 9.x) a softmax, an RMS norm and a layernorm call AscendC::SoftMax,
 * RmsNorm and LayerNorm for rows that fit UB whole (several rows per call, then single rows, each
 * call with the tiling of its shape) and the basic ops for rows longer than UB; on 310P3 and 910A,
 * which do not take that path, the basic ops; the kernels whose meaning differs from the API's stay
 * on the basic ops everywhere. Cases: rows × cols = 1×1, 4×7, 33×1000, 8 × 50,000 and several ragged
 * rows per core. Mutations show the verifier catches an API call with a tiling of another shape, a
 * copy-out to the wrong rows and a LayerNorm told the padded row length. Needs g++; run by
 * `npm run test:verify`.
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
const KERNELS = ['softmax_recip', 'softmax_naive', 'log_softmax_ln', 'layernorm_plain', 'layernorm_unbiased', 'rmsnorm_eps_outside', 'softmax_backward_rows', 'softmax_backward_block'];
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
  test(`the API fixtures compute what the CUDA computes on ${target.soc} (CANN ${target.cann}), five shapes each; no model violation`, async () => {
    await assertKernelsVerify(engine, { file: FILE, text, target, kernels: KERNELS });
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: ['softmax_recip'] });
    assert.deepEqual(r.kernels[0]!.cases.map((c) => c.size).slice(0, 3), [1, 28, 33_000]);
    assert.equal(r.kernels[0]!.cases.length, 5, verifySummary(r));
  });
}

test('mutation: a SoftMax call of several rows with the one-row tiling fails (the model checks the tiling against the shape)', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: B3, kernel: 'softmax_recip', tmp }, (p) => p.replace('ApiRows(row, n, many ? apiTilingRows_ : apiTilingRow_);', 'ApiRows(row, n, apiTilingRow_);'));
  assert.equal(r.status, 'fail', verifySummary(r));
  assert.ok(r.kernels[0]!.cases.some((c) => c.violations.some((v) => v.api === 'SoftMax' && /^the tiling was computed for 1 x \d+ and the call is \d+ x \d+/.test(v.message))), verifySummary(r));
});

test('mutation: an RmsNorm call of several rows with the one-row tiling fails (the kernel does not recompute it: only the first row is normalised)', async () => {
  const file = path.join(ROOT, 'test/fixtures/port/rows.cu');
  const r = await verifyMutated({ engine, file, text: fs.readFileSync(file, 'utf8'), target: B3, kernel: 'rmsnorm_rows', tmp }, (p) => p.replace('ApiRows(row, n, many ? apiTilingRows_ : apiTilingRow_, gammaRow);', 'ApiRows(row, n, apiTilingRow_, gammaRow);'));
  assert.equal(r.status, 'fail', verifySummary(r));
});

test('mutation: a LayerNorm told the padded row length as its data length fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: B3, kernel: 'layernorm_plain', tmp }, (p) => p.replace('AscendC::LayerNormPara para{n, static_cast<uint32_t>(cols_), apiCols_};', 'AscendC::LayerNormPara para{n, apiCols_, apiCols_};'));
  assert.equal(r.status, 'fail', verifySummary(r));
});

test('mutation: a softmax backward that adds the row\'s dot product instead of subtracting it fails (the tolerance for a raw row sum is not loose enough to hide it)', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: B3, kernel: 'softmax_backward_block', tmp }, (p) => p.replace(/AscendC::Adds\((\w+), (dyIn), static_cast<float>\(-\((rowv\d+_)\)\), cnt\);/, 'AscendC::Adds($1, $2, static_cast<float>($3), cnt);'));
  assert.equal(r.status, 'fail', verifySummary(r));
});

test('mutation: a SoftMax path that stores each call\'s rows one row late fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: B3, kernel: 'softmax_recip', tmp }, (p) => p.replace('AscendC::DataCopyPad(yGm_[row * stride_], yRows, rowsParams);', 'AscendC::DataCopyPad(yGm_[(row + 1) * stride_], yRows, rowsParams);'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
