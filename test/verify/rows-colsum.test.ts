/**
 * Column sums across rows in row-wise kernels (test/fixtures/port/rows_colsum.cu), verified:
 * layernorm backward with one thread per row (γ and β gradients added with atomicAdd straight
 * into GM) and with one warp per row (the sums staged per block in dynamic shared memory, which
 * the CUDA run gets from the driver), a row value with a column sum in one loop, and a softmax
 * scaled by a bfloat16 value per row (widened in UB). The ports
 * add every chunk into GM with DMA atomics on 910B3 (CANN 8.x and 9.x spellings). Mutations show
 * the verifier catches a port that stores the chunk instead of adding it, and one that forgets
 * the third term of the input gradient. Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine } from '../../server/src/engine';
import { findCompiler } from '../../server/src/node/verify';
import { assertKernelsVerify, verifyMutated, verifySummary } from '../helpers/verify';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/rows_colsum.cu');
const text = fs.readFileSync(FILE, 'utf8');
const KERNELS = ['ln_back_thread', 'ln_back_warp', 'sq_rows_cols', 'softmax_temp_bf16'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-rows-colsum-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

for (const cann of ['8.x', '9.x'] as const) {
  test(`layernorm backward and a row value with a column sum compute what the CUDA computes on Ascend910B3 (CANN ${cann}); no model violation`, () => assertKernelsVerify(engine, { file: FILE, text, target: { soc: 'Ascend910B3', cann }, kernels: KERNELS }));
}

test('mutation: a port that stores each chunk of the column sums instead of adding it fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel: 'ln_back_warp', tmp }, (p) => p.replace(/AscendC::SetAtomicAdd<float>\(\);/g, ''));
  assert.equal(r.status, 'fail', verifySummary(r));
  // The column sums fail; the input gradient, which the mutation leaves alone, passes.
  assert.match(verifySummary(r), /"name": "dgamma",\s*"dtype": "float",\s*"pass": false/);
  assert.match(verifySummary(r), /"name": "dinp",\s*"dtype": "float",\s*"pass": true/);
});

test('mutation: an input gradient without its third term fails', async () => {
  const r = await verifyMutated({ engine, file: FILE, text, target: { soc: 'Ascend910B3', cann: '8.x' }, kernel: 'ln_back_thread', tmp }, (p) => p.replace(/(AscendC::Muls\(v\d+, v\d+, )static_cast<float>\(rowv5_\)/, '$1static_cast<float>(0.0f)'));
  assert.equal(r.status, 'fail', verifySummary(r));
});
