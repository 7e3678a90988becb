/**
 * Row-wise kernels over a 3-D grid of rows (test/fixtures/port/rows_grid3.cu), verified: the CUDA
 * runs on the CPU shim over 3-D grids (z of 2 when the rows split evenly, y a factor of the rest)
 * with strides that leave gaps after each row, each y step and each z step, the rows ports on the
 * CPU model, on 910B3 with the CANN 8.x and 9.x spellings and on 310P3 (rows staged from their
 * strided offsets). A mutation shows the verifier catches a port that walks the grid's y and x
 * the wrong way round. Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine } from '../../server/src/engine';
import { findCompiler } from '../../server/src/node/verify';
import { assertKernelsVerify, ROWS_TARGETS, verifyMutated, verifySummary } from '../helpers/verify';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/rows_grid3.cu');
const text = fs.readFileSync(FILE, 'utf8');
const KERNELS = ['l2_rows3', 'norm_rows3'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-rows-grid3-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

for (const target of ROWS_TARGETS) {
  test(`rows over a 3-D grid compute what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, () => assertKernelsVerify(engine, { file: FILE, text, target, kernels: KERNELS }));
}

test('mutation: a port that takes y for x in the grid fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel: 'norm_rows3', tmp }, (p) => p.replace('xRowOff_ = (row % gridX_)', 'xRowOff_ = (row % gridY_)'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
