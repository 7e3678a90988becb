/**
 * Row-wise kernels whose template block size is their launches' block (test/fixtures/port/
 * rows_launch_block.cu), verified: each instantiation's CUDA runs on the CPU shim with its own
 * launches' block (32 and 1024 threads; 256 and 1024; 256 for the row sums kept in shared slots),
 * the rows ports on the CPU model, on 910B3
 * with the CANN 8.x and 9.x spellings and on 310P3 (staged rows). A mutation shows the verifier
 * catches a gradient that drops its second term. Needs g++; run by `npm run test:verify`.
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
const FILE = path.join(ROOT, 'test/fixtures/port/rows_launch_block.cu');
const text = fs.readFileSync(FILE, 'utf8');
const KERNELS = ['rms_back_rows', 'rms_rows', 'row_sums_slots'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-rows-launch-block-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

for (const target of ROWS_TARGETS) {
  test(`kernels launched with their template block size compute what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, () => assertKernelsVerify(engine, { file: FILE, text, target, kernels: KERNELS }));
}

test('mutation: a gradient without its second term fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel: 'rms_back_rows', tmp }, (p) => p.replace(/AscendC::Muls\(([^,]+), xIn, /, 'AscendC::Muls($1, xIn, 0.0f * '));
  assert.equal(r.status, 'fail', verifySummary(r));
});
