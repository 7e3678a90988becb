/**
 * Kernels whose per-element work is a `__device__` helper of an included header, and sinf/cosf
 * (test/fixtures/port/header_helpers.cu with headers/activations.cuh), verified: the CUDA file
 * is built on the CPU shim with its header, the ports (helpers inlined, Sin/Cos from the
 * high-level maths) run on the CPU model, on 910B3 with the CANN 8.x and 9.x spellings and on
 * 310P3. Mutations show the verifier catches a wrong port. Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile } from '../../server/src/node/verify';
import { verifyMutated, verifySummary } from '../helpers/verify';
import { diskContext } from '../helpers/engine';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/header_helpers.cu');
const text = fs.readFileSync(FILE, 'utf8');
const KERNELS = ['gelu_kernel', 'scaled_silu', 'wave'];
const context = diskContext(FILE);
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-header-helpers-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});


for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend910B3', cann: '9.x' },
  { soc: 'Ascend310P3', cann: '8.x' },
] as Target[]) {
  test(`header helpers and Sin/Cos compute what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, async () => {
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: KERNELS, context });
    assert.equal(r.status, 'pass', verifySummary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...KERNELS].sort());
    for (const k of r.kernels) {
      assert.equal(k.port, 'generated', k.kernel);
      assert.ok(k.cases.length >= 3, k.kernel);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} case ${c.size}`);
    }
  });
}

const mutated = (kernel: string, mutate: (port: string) => string) => verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel, tmp, context }, mutate);

test('mutation: Cos in place of Sin fails', async () => {
  const r = await mutated('wave', (p) => p.replace(/AscendC::Sin\(/, 'AscendC::Cos('));
  assert.equal(r.status, 'fail', verifySummary(r));
});

test('mutation: an inlined helper with a wrong constant fails', async () => {
  const r = await mutated('gelu_kernel', (p) => p.replace('static_cast<float>((0.044715f))', 'static_cast<float>((0.5f))'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
