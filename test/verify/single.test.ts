/**
 * Single-thread kernels (test/fixtures/port/single.cu), ported on the single schedule, verified:
 * a ratio and a negation guarded to the first thread (run on CUDA over 3 blocks of 64 threads),
 * a templated in-place division and a counter launched `<<<1, 1>>>`, and two empty kernels, on
 * the CUDA-on-CPU shim and their Ascend C ports on the CPU model, on 910B3 with the CANN 8.x and
 * 9.x spellings, and the empty kernels on 310P3. The file also has a device function with inline
 * PTX that no kernel calls: the CPU build leaves its body out (it would not compile for x86).
 * Mutations show the verifier catches a wrong port. Needs g++; run by `npm run test:verify`.
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
const FILE = path.join(ROOT, 'test/fixtures/port/single.cu');
const text = fs.readFileSync(FILE, 'utf8');
const STORING = ['ratio', 'negate_first', 'divide_by', 'step_counter'];
const EMPTY = ['nothing', 'nothing_with_args'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-single-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});


for (const [target, kernels] of [
  [{ soc: 'Ascend910B3', cann: '8.x' }, [...STORING, ...EMPTY]],
  [{ soc: 'Ascend910B3', cann: '9.x' }, [...STORING, ...EMPTY]],
  [{ soc: 'Ascend310P3', cann: '8.x' }, EMPTY],
] as [Target, string[]][]) {
  test(`every single-thread kernel computes what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, async () => {
    const r = await verifyFile(engine, { file: FILE, text, target, kernels });
    assert.equal(r.status, 'pass', verifySummary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...kernels].sort());
    for (const k of r.kernels) {
      assert.equal(k.cases.length, 3, k.kernel);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} case ${c.size}`);
    }
  });
}

const mutated = (kernel: string, mutate: (port: string) => string) => verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel, tmp }, mutate);

test('mutation: a ratio computed upside down fails', async () => {
  const r = await mutated('ratio', (p) => p.replace('numGm.GetValue(0) / denGm.GetValue(0)', 'denGm.GetValue(0) / numGm.GetValue(0)'));
  assert.equal(r.status, 'fail', verifySummary(r));
});

test('mutation: an in-place division that overwrites instead of dividing the element fails', async () => {
  const r = await mutated('divide_by', (p) => p.replace('resultGm.GetValue(0) / (', '1.0f / ('));
  assert.equal(r.status, 'fail', verifySummary(r));
});

test('mutation: a store at the wrong index fails', async () => {
  const r = await mutated('negate_first', (p) => p.replace('naGm.SetValue(1, ', 'naGm.SetValue(0, '));
  assert.equal(r.status, 'fail', verifySummary(r));
});
