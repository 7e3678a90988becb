/**
 * Group normalisation in ggml's spelling (test/fixtures/port/rows_groups.cu), verified: one block
 * per group, the last group cut at the tensor's end (the driver's sizes leave half a row), on
 * 910B3 with the CANN 8.x and 9.x spellings and on 310P3 (staged rows). A mutation shows the
 * verifier catches a port that walks the whole last row in its reduce passes. Needs g++; run by
 * `npm run test:verify`.
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
const FILE = path.join(ROOT, 'test/fixtures/port/rows_groups.cu');
const text = fs.readFileSync(FILE, 'utf8');
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-rows-groups-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

for (const target of ROWS_TARGETS) {
  test(`group norm with a shorter last group computes what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, () => assertKernelsVerify(engine, { file: FILE, text, target, kernels: ['group_norm'] }));
}

test('mutation: reduce passes that walk the whole last row fail', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel: 'group_norm', tmp }, (p) => p.replace('const uint64_t rowCols = row + 1 == rows_ ? lastCols_ : cols_;', 'const uint64_t rowCols = cols_;'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
