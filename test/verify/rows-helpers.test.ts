/**
 * Row-wise kernels whose warp combine is a header helper (test/fixtures/port/rows_helpers.cu with
 * headers/block_sum.cuh), verified: the CUDA file runs on the CPU shim with its header (the
 * helpers' shuffles as written), the rows ports on the CPU model, on 910B3 with the CANN 8.x and
 * 9.x spellings and on 310P3 (staged rows), one warp per row and one block per row in two
 * levels (a butterfly again, or thread 0 over the parked values). A mutation shows the verifier catches a variance pass that forgets to subtract the mean. Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile } from '../../server/src/node/verify';
import { basicPathOnly, verifyMutated, verifySummary } from '../helpers/verify';
import { diskContext } from '../helpers/engine';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/rows_helpers.cu');
const text = fs.readFileSync(FILE, 'utf8');
const KERNELS = ['layernorm_lanes', 'softmax_lanes', 'rmsnorm_two_level', 'softmax_block_serial', 'softmax_block_regions'];
const context = diskContext(FILE);
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-rows-helpers-test-'));

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
  test(`row-wise kernels with header warp helpers compute what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, async () => {
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

test('mutation: a variance pass that forgets to subtract the mean fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel: 'layernorm_lanes', tmp, context }, (p) => basicPathOnly(p).replace('AscendC::Adds(v0, inpIn, static_cast<float>(-(rowv1_)), cnt);\n    AscendC::Mul(mapped, v0, v0, cnt);', 'AscendC::Adds(v0, inpIn, static_cast<float>(0.0f), cnt);\n    AscendC::Mul(mapped, v0, v0, cnt);'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
