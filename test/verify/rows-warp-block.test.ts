/**
 * Row-wise kernels launched with blocks of one warp (test/fixtures/port/rows_warp_block.cu),
 * verified: the CUDA kernels run on the CPU shim with blocks of 32 threads, as every launch of the
 * file gives them (with more, each warp would combine only its own part of the row), the rows
 * ports on the CPU model, on 910B3 with the CANN 8.x and 9.x spellings and on 310P3 (staged
 * rows). A mutation shows the verifier catches an RMS norm that squares only one operand.
 * Needs g++; run by `npm run test:verify`.
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
const FILE = path.join(ROOT, 'test/fixtures/port/rows_warp_block.cu');
const text = fs.readFileSync(FILE, 'utf8');
const KERNELS = ['softmax_warp_block', 'rms_warp_block', 'rms_groups'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-rows-warp-block-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

for (const target of ROWS_TARGETS) {
  test(`row-wise kernels on blocks of one warp compute what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, () => assertKernelsVerify(engine, { file: FILE, text, target, kernels: KERNELS }));
}

test('mutation: an RMS norm that adds the elements instead of their squares fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel: 'rms_warp_block', tmp }, (p) => p.replace('AscendC::Mul(mapped, xIn, xIn, cnt);', 'AscendC::Adds(mapped, xIn, static_cast<float>(0.0f), cnt);'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
