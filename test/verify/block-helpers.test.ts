/**
 * Reductions whose block combine is a header helper over a warp helper
 * (test/fixtures/port/block_helpers.cu with headers/block_sum.cuh), verified: the CUDA file is
 * built on the CPU shim with its header (the helpers run as written: shuffles, shared memory,
 * barriers), the reduceAll ports run on the CPU model, on 910B3 with the CANN 8.x and 9.x
 * spellings and on 310P3, for 1, 31, 4096 and 10^6 + 3 elements. A mutation shows the verifier
 * catches a wrong element map (2x for |x|). Needs g++; run by `npm run test:verify`.
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
const FILE = path.join(ROOT, 'test/fixtures/port/block_helpers.cu');
const text = fs.readFileSync(FILE, 'utf8');
const KERNELS = ['squares_atomic', 'absmax_partials', 'dot_partials'];
const context = diskContext(FILE);
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-block-helpers-test-'));

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
  test(`block-helper reductions compute what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, async () => {
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: KERNELS, context });
    assert.equal(r.status, 'pass', verifySummary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...KERNELS].sort());
    for (const k of r.kernels) {
      assert.equal(k.port, 'generated', k.kernel);
      assert.deepEqual(k.cases.map((c) => c.size), [1, 31, 4096, 1000003], k.kernel);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} case ${c.size}`);
    }
  });
}

test('mutation: the maximum of 2x instead of |x| fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel: 'absmax_partials', tmp, context }, (p) => p.replace('AscendC::Abs(mapped, xIn, cnt);', 'AscendC::Muls(mapped, xIn, 2.0f, cnt);'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
