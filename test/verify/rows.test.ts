/**
 * The rows catalogue (test/fixtures/port/rows.cu) verified: softmax, log-softmax, RMSNorm and
 * layernorm with γ/β and saved mean/rstd, one thread per row in CUDA, and softmax with one block
 * per row (a shared-memory tree), and the warp-per-row catalogue (test/fixtures/port/rows_warp.cu:
 * xor butterflies, a __shfl_down_sync tree broadcast from lane 0, cooperative-groups tiles with
 * cg::reduce), run on the CUDA-on-CPU
 * shim and their Ascend C ports (rows schedule, basic vector ops) on the CPU model, on a target
 * with DataCopyPad (910B3) and one without (310P3: rows not a whole number of 32-byte blocks
 * staged by the wrapper, row values through 32-byte slots), with the CANN 8.x and 9.x
 * spellings, for rows × cols = 1×1, 4×7, 33×1000, 8 rows longer than one UB chunk (8 × 50,000) and several
 * ragged rows per core; on 910B3 the softmaxes take the SoftMax high-level API path (test/verify/rows-api.test.ts).
 * Mutations show the verifier catches a wrong rows port. Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile, type VerifyResult } from '../../server/src/node/verify';
import { basicPathOnly } from '../helpers/verify';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/rows.cu');
const text = fs.readFileSync(FILE, 'utf8');
const COMPLETE = ['softmax_rows', 'log_softmax_rows', 'rmsnorm_rows', 'layernorm_rows', 'softmax_block_tree', 'softmax_warp_rows', 'row_mean_threads', 'row_rstd_given_mean'];
const WARP_FILE = path.join(ROOT, 'test/fixtures/port/rows_warp.cu');
const warpText = fs.readFileSync(WARP_FILE, 'utf8');
const WARP_COMPLETE = ['softmax_warp_xor', 'rmsnorm_warp_down', 'layernorm_cg_tile', 'log_softmax_cg_tile'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-rows-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function summary(r: VerifyResult): string {
  return JSON.stringify({ status: r.status, message: r.message, log: r.buildLog?.slice(0, 3000), failed: r.kernels.filter((k) => !k.pass).map((k) => ({ kernel: k.kernel, error: k.error, cases: k.cases.filter((c) => !c.pass) })) }, null, 1).slice(0, 8000);
}

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '8.x' },
  { soc: 'Ascend910B3', cann: '9.x' },
  { soc: 'Ascend310P3', cann: '9.x' },
] as Target[]) {
  test(`every recognised row-wise kernel computes what the CUDA computes on ${target.soc} (CANN ${target.cann}): rows × cols = 1×1, 4×7, 33×1000, 8 rows longer than UB; no model violation`, async () => {
    const doc = engine.open(text);
    try {
      for (const k of COMPLETE) {
        const v = kernelVerdict(doc, k, target)!;
        assert.equal(v.kind, 'complete', `${k}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
        assert.equal(v.kind === 'complete' && v.plan.schedule, 'rows', k);
      }
    } finally {
      doc.dispose();
    }
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: COMPLETE });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...COMPLETE].sort());
    for (const k of r.kernels) {
      assert.equal(k.cases.length, 5, k.kernel);
      assert.deepEqual(k.cases.slice(0, 3).map((c) => c.size), [1, 28, 33_000], k.kernel);
      assert.ok(k.cases[3]!.size >= 400_000, `${k.kernel}: the long rows`);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
    }
  });
}

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '8.x' },
] as Target[]) {
  test(`every warp-per-row kernel (shuffles, cooperative groups) computes what the CUDA computes on ${target.soc}: rows × cols = 1×1, 4×7, 33×1000, 8×50,000; no model violation`, async () => {
    const doc = engine.open(warpText);
    try {
      for (const k of WARP_COMPLETE) {
        const v = kernelVerdict(doc, k, target)!;
        assert.equal(v.kind, 'complete', `${k}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
        assert.equal(v.kind === 'complete' && v.program.schedule.kind === 'rows' && v.program.schedule.cudaForm, 'warp-per-row', k);
      }
    } finally {
      doc.dispose();
    }
    const r = await verifyFile(engine, { file: WARP_FILE, text: warpText, target, kernels: WARP_COMPLETE });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...WARP_COMPLETE].sort());
    for (const k of r.kernels) {
      assert.deepEqual(k.cases.map((c) => c.size).slice(0, 4), [1, 28, 33_000, 400_000], k.kernel);
      assert.equal(k.cases.length, 5, `${k.kernel}: several rows per core`);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
    }
  });
}

async function mutated(kernel: string, target: Target, mutate: (port: string) => string, sizes: number[]): Promise<VerifyResult> {
  const doc = engine.open(text);
  let port: string;
  try {
    port = portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'rows.cu')!.text;
  } finally {
    doc.dispose();
  }
  const changed = mutate(port);
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, `${kernel}-${target.soc}-${Math.random().toString(36).slice(2)}.cpp`);
  fs.writeFileSync(file, changed);
  return verifyFile(engine, { file: FILE, text, target, kernels: [kernel], portFile: file, sizes });
}

test('mutation: a block-per-row softmax port that multiplies by the row sum instead of dividing fails', async () => {
  const r = await mutated('softmax_block_tree', { soc: 'Ascend310P3', cann: '9.x' }, (p) => p.replace(/AscendC::Div\(outOut, /, 'AscendC::Mul(outOut, '), [7, 300]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a softmax whose sum keeps only the last chunk of a long row fails', async () => {
  const r = await mutated('softmax_rows', { soc: 'Ascend910B3', cann: '8.x' }, (p) => p.replace('rowv1_ = rowv1_ + chunk;', 'rowv1_ = chunk;'), [50_000]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a layernorm without the mean subtracted in the variance pass fails', async () => {
  const r = await mutated('layernorm_rows', { soc: 'Ascend310P3', cann: '8.x' }, (p) => p.replace(/AscendC::Adds\(v0, inpIn, static_cast<float>\(-\(rowv\d+_\)\), cnt\);\n(\s*AscendC::Mul\(mapped, v0, v0, cnt\);)/, 'AscendC::Muls(v0, inpIn, static_cast<float>(1), cnt);\n$1'), [7, 1000]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a row statistic around the first row\'s mean for every row (the value per row read at 0) fails', async () => {
  const r = await mutated('row_rstd_given_mean', { soc: 'Ascend910B3', cann: '8.x' }, (p) => p.replace('meanGm_.GetValue(row)', 'meanGm_.GetValue(0)'), [1000]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a staged row copied back one element short fails on 310P3', async () => {
  const r = await mutated('softmax_rows', { soc: 'Ascend310P3', cann: '8.x' }, (p) => p.replace(/(for \(uint64_t r = 0; err == ACL_SUCCESS && stageRows && r < rowCount; \+\+r\) err = aclrtMemcpy\(static_cast<uint8_t\*>\(y\) \+ r \* rowBytes, )rowBytes, (static_cast<const uint8_t\*>\(yStage\) \+ r \* strideBytes, )rowBytes/, '$1rowBytes, $2rowBytes - sizeof(float)'), [7]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a warp-per-row layernorm port that saves the row sum as the mean fails', async () => {
  const doc = engine.open(warpText);
  let port: string;
  try {
    port = portKernel(doc, engine.analyze(doc, { target: { soc: 'Ascend910B3', cann: '8.x' } }), 'layernorm_cg_tile', { soc: 'Ascend910B3', cann: '8.x' }, 'rows_warp.cu')!.text;
  } finally {
    doc.dispose();
  }
  // The basic-op path (the LayerNorm API path takes these short rows on 910B3 otherwise).
  const changed = basicPathOnly(port).replace(/AscendC::Duplicate\(rowVal, static_cast<float>\(rowv2_\)/, 'AscendC::Duplicate(rowVal, static_cast<float>(rowv0_)');
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, `layernorm_cg_tile-${Math.random().toString(36).slice(2)}.cpp`);
  fs.writeFileSync(file, changed);
  const r = await verifyFile(engine, { file: WARP_FILE, text: warpText, target: { soc: 'Ascend910B3', cann: '8.x' }, kernels: ['layernorm_cg_tile'], portFile: file, sizes: [7, 300] });
  assert.equal(r.status, 'fail', summary(r));
});

const REDUCE_FILE = path.join(ROOT, 'test/fixtures/port/row_reduce.cu');
const reduceText = fs.readFileSync(REDUCE_FILE, 'utf8');
const REDUCE_COMPLETE = ['square_row_totals', 'row_peaks', 'row_energy'];

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '8.x' },
] as Target[]) {
  test(`row reductions with only a per-row output (sum, max, squared norm; a square matrix) compute what the CUDA computes on ${target.soc}; no model violation`, async () => {
    const doc = engine.open(reduceText);
    try {
      for (const k of REDUCE_COMPLETE) {
        const v = kernelVerdict(doc, k, target)!;
        assert.equal(v.kind, 'complete', `${k}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
        assert.equal(v.kind === 'complete' && v.program.schedule.kind, 'rows', k);
      }
    } finally {
      doc.dispose();
    }
    const r = await verifyFile(engine, { file: REDUCE_FILE, text: reduceText, target, kernels: REDUCE_COMPLETE });
    assert.equal(r.status, 'pass', summary(r));
    const byName = new Map(r.kernels.map((k) => [k.kernel, k]));
    // One parameter for rows and row length: square shapes 1², 7², 33², 1003².
    assert.deepEqual(byName.get('square_row_totals')!.cases.map((c) => c.size), [1, 49, 1089, 1003 * 1003]);
    assert.deepEqual(byName.get('row_peaks')!.cases.map((c) => c.size).slice(0, 4), [1, 28, 33_000, 400_000]);
    for (const k of r.kernels) for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
  });
}

test('mutation: a per-row sum port that stores the sum of the first chunk only fails', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const doc = engine.open(reduceText);
  let port: string;
  try {
    port = portKernel(doc, engine.analyze(doc, { target }), 'row_energy', target, 'row_reduce.cu')!.text;
  } finally {
    doc.dispose();
  }
  const changed = port.replace(/rowv(\d+)_ = rowv\1_ \+ chunk;/, 'rowv$1_ = chunk;');
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, 'row_energy-mutated.cpp');
  fs.writeFileSync(file, changed);
  const r = await verifyFile(engine, { file: REDUCE_FILE, text: reduceText, target, kernels: ['row_energy'], portFile: file, sizes: [50_000] });
  assert.equal(r.status, 'fail', summary(r));
});
