/**
 * Row-wise kernels in the spellings of ggml's cross-entropy kernels
 * (test/fixtures/port/rows_bumped.cu), verified: both instantiations of each template (the row
 * cached in shared memory, or read again; the output row as scratch), the CUDA run on the CPU
 * shim with blocks of one warp and a grid of one block per row, the ports on the CPU model with
 * `*scale` read once per core and the row count for `gridDim.x`, on 910B3 with the CANN 8.x and
 * 9.x spellings and on 310P3 (staged rows). A mutation shows the verifier catches a gradient
 * that forgets the division by the row count. Needs g++; run by `npm run test:verify`.
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
const FILE = path.join(ROOT, 'test/fixtures/port/rows_bumped.cu');
const text = fs.readFileSync(FILE, 'utf8');
const KERNELS = ['xent_rows', 'xent_back_rows'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-rows-bumped-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

for (const target of ROWS_TARGETS) {
  test(`cross-entropy kernels with bumped row pointers compute what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, () => assertKernelsVerify(engine, { file: FILE, text, target, kernels: KERNELS }));
}

test('mutation: a gradient that forgets the division by the row count fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel: 'xent_back_rows', tmp }, (p) => p.replace('rowsTotal_ = tiling.rows;', 'rowsTotal_ = 1;'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
