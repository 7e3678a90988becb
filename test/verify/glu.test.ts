/**
 * Gated linear units (test/fixtures/port/glu.cu), ported as broadcasts with per-tensor row
 * strides, verified on Ascend910B3 with the CANN 8.x and 9.x spellings (DataCopyPad from each
 * row's own offset) and on Ascend310P3 (no DataCopyPad: the host stages the strided rows): the
 * CUDA side draws the two strides equal in some shapes and different in others, and a bound with
 * a partial last row. Mutations show the verifier catches a wrong stride (in the kernel, and in
 * the host's staging), a wrong select and a whole last row. Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile } from '../../server/src/node/verify';
import { verifyMutated, verifySummary } from '../helpers/verify';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/glu.cu');
const text = fs.readFileSync(FILE, 'utf8');
const KERNELS = ['gated_silu', 'gated_softplus', 'swiglu_limit'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-glu-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});


for (const [target, kernels] of [
  [{ soc: 'Ascend910B3', cann: '8.x' }, KERNELS],
  [{ soc: 'Ascend910B3', cann: '9.x' }, KERNELS],
  // No DataCopyPad: half rows are refused there (port-glu.test.ts); the float GLUs are staged.
  [{ soc: 'Ascend310P3', cann: '8.x' }, ['gated_silu', 'swiglu_limit']],
] as [Target, string[]][]) {
  test(`GLU kernels compute what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, async () => {
    const r = await verifyFile(engine, { file: FILE, text, target, kernels });
    assert.equal(r.status, 'pass', verifySummary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...kernels].sort());
    for (const k of r.kernels) {
      assert.ok(k.cases.length >= 4, k.kernel);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} case ${c.size}`);
    }
  });
}

const mutated = (kernel: string, mutate: (port: string) => string, target: Target = { soc: 'Ascend910B3', cann: '8.x' }) => verifyMutated({ engine, file: FILE, text, target, kernel, tmp }, mutate);

test('mutation: the gate read at the activation\'s stride fails (the strides differ in some shapes)', async () => {
  const r = await mutated('gated_silu', (p) => p.replace('gGm_[row_ * static_cast<uint64_t>(o1_) + col]', 'gGm_[row_ * static_cast<uint64_t>(o0_) + col]'));
  assert.equal(r.status, 'fail', verifySummary(r));
});

test('mutation: the host staging the gate from the activation\'s stride fails (no DataCopyPad)', async () => {
  const r = await mutated('gated_silu', (p) => p.replace('static_cast<const uint8_t*>(g) + r * static_cast<uint64_t>(o1) * sizeof(float)', 'static_cast<const uint8_t*>(g) + r * static_cast<uint64_t>(o0) * sizeof(float)'), { soc: 'Ascend310P3', cann: '8.x' });
  assert.equal(r.status, 'fail', verifySummary(r));
});

test('mutation: a select on the wrong comparison fails', async () => {
  const r = await mutated('gated_softplus', (p) => p.replace('AscendC::CMPMODE::GT', 'AscendC::CMPMODE::LT'));
  assert.equal(r.status, 'fail', verifySummary(r));
});

test('mutation: a last row taken whole fails', async () => {
  const r = await mutated('swiglu_limit', (p) => p.replace('const uint64_t rowCols = row + 1 == rows_ ? lastCols_ : cols_;', 'const uint64_t rowCols = cols_;'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
