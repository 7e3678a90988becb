/**
 * One thread's online softmax over its row (test/fixtures/port/rows_online.cu), verified: the
 * CUDA recurrence (the sum rescaled whenever the maximum grows) on the CPU shim, the two-pass
 * rows port on the CPU model, on 910B3 with the CANN 8.x and 9.x spellings and on 310P3 (staged
 * rows). A mutation shows the verifier catches a sum of exponentials without the maximum
 * subtracted. Needs g++; run by `npm run test:verify`.
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
const FILE = path.join(ROOT, 'test/fixtures/port/rows_online.cu');
const text = fs.readFileSync(FILE, 'utf8');
const KERNELS = ['softmax_online_rows'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-rows-online-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

for (const target of ROWS_TARGETS) {
  test(`an online softmax computes what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, () => assertKernelsVerify(engine, { file: FILE, text, target, kernels: KERNELS }));
}

test('mutation: a sum of exponentials without the maximum subtracted fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel: 'softmax_online_rows', tmp }, (p) => p.replace('AscendC::Adds(v2, v1, static_cast<float>(-(rowv0_)), cnt);', 'AscendC::Adds(v2, v1, static_cast<float>(0.0f), cnt);'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
