/**
 * Row-wise kernels over bfloat16 and half tensors (test/fixtures/port/lowp_rows.cu): rows are
 * copied in their own type, widened to float in UB (Cast CAST_NONE), computed in float and
 * rounded to the tensor's type on store (Cast CAST_RINT, CUDA's round to nearest even); saved
 * mean / rstd are float, or bf16 rounded the same way. Verified on 910B3 (DataCopyPad) with the CANN 8.x and 9.x spellings;
 * on 310P3 every kernel is a skeleton that says why (no bf16 Cast; half rows need DataCopyPad so
 * far). Mutations: a store that copies the float bits without the rounding Cast, an input copied
 * with float's element size, and a weight narrowed to an integer after its widening all fail.
 * Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, portKernel, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile, type VerifyResult } from '../../server/src/node/verify';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/lowp_rows.cu');
const text = fs.readFileSync(FILE, 'utf8');
const ALL = ['bf16_softmax_thread', 'bf16_softmax_block', 'bf16_layernorm', 'half_rmsnorm', 'bf16_norm_bf16_stats'];
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-lowp-rows-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function summary(r: VerifyResult): string {
  return JSON.stringify({ status: r.status, message: r.message, log: r.buildLog?.slice(0, 2000), failed: r.kernels.filter((k) => !k.pass).map((k) => ({ kernel: k.kernel, error: k.error, cases: k.cases.filter((c) => !c.pass) })) }, null, 1).slice(0, 6000);
}

function portOf(kernel: string, target: Target): string {
  const doc = engine.open(text);
  try {
    return portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'lowp_rows.cu')!.text;
  } finally {
    doc.dispose();
  }
}

for (const target of [B3, { soc: 'Ascend910B3', cann: '9.x' }] as Target[]) {
  test(`bf16 and half row-wise kernels compute what the CUDA computes on ${target.soc} (CANN ${target.cann}), with no model violation`, async () => {
    const r = await verifyFile(engine, { file: FILE, text, target });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...ALL].sort());
    for (const k of r.kernels) {
      assert.equal(k.port, 'generated', k.kernel);
      assert.ok(k.cases.length >= 3, k.kernel);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
    }
  });
}

test('on Ascend310P3 the narrow row-wise kernels are skeletons that say why', async () => {
  const r = await verifyFile(engine, { file: FILE, text, target: { soc: 'Ascend310P3', cann: '8.x' } });
  assert.notEqual(r.status, 'pass');
  for (const k of r.kernels) {
    assert.equal(k.pass, false, k.kernel);
    if (k.kernel.startsWith('bf16')) assert.match(k.error ?? '', /cannot run on Ascend310P3: bfloat16 data: the reference lists Cast between bfloat16_t and float only for Atlas A2/, k.kernel);
    else assert.match(k.error ?? '', /are half: the rows port stages ragged rows without DataCopyPad for float tensors only so far, and Ascend310P3 has no DataCopyPad/, k.kernel);
  }
});

test('the bf16 layernorm port widens bf16 rows and weights, rounds y with CAST_RINT and keeps mean / rstd float', () => {
  const port = portOf('bf16_layernorm', B3);
  assert.match(port, /GlobalTensor<bfloat16_t> xGm_/);
  assert.match(port, /GlobalTensor<bfloat16_t> gGm_/);
  assert.match(port, /GlobalTensor<float> mu_outGm_/);
  assert.match(port, /AscendC::Cast\(v\d+, gIn, AscendC::RoundMode::CAST_NONE, cnt\);/);
  assert.match(port, /AscendC::Cast\(yOut, v\d+, AscendC::RoundMode::CAST_RINT, cnt\);/);
  assert.equal(port.match(/CAST_RINT/g)?.length, 1, 'rounded once, at the store');
});

async function mutated(kernel: string, mutate: (port: string) => string, sizes: number[]): Promise<VerifyResult> {
  const port = portOf(kernel, B3);
  const changed = mutate(port);
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, `${kernel}-${Math.random().toString(36).slice(2)}.cpp`);
  fs.writeFileSync(file, changed);
  return verifyFile(engine, { file: FILE, text, target: B3, kernels: [kernel], portFile: file, sizes });
}

test('bf16 row values are rounded on one block (CAST_RINT) and copied as 2 bytes', () => {
  const port = portOf('bf16_norm_bf16_stats', B3);
  assert.match(port, /AscendC::Cast\(rowVal, rowBlk, AscendC::RoundMode::CAST_RINT, static_cast<int32_t>\(BF16_NORM_BF16_STATS_ALIGN\)\);/);
  assert.match(port, /oneValue\{1, static_cast<uint32_t>\(sizeof\(bfloat16_t\)\), 0, 0, 0\}/);
});

test('mutation: a bf16 row value copied as 4 bytes (the next row\'s value overwritten) fails', async () => {
  const r = await mutated('bf16_norm_bf16_stats', (p) => p.replace(/oneValue\{1, static_cast<uint32_t>\(sizeof\(bfloat16_t\)\)/g, 'oneValue{1, static_cast<uint32_t>(sizeof(float))'), [300, 1000]);
  assert.notEqual(r.status, 'pass', summary(r));
});

test('mutation: a bf16 store without the rounding Cast (the float bits copied as they are) fails', async () => {
  const r = await mutated('bf16_softmax_thread', (p) => p.replace(/AscendC::Cast\(probsOut, (v\d+), AscendC::RoundMode::CAST_RINT, cnt\);/, 'AscendC::DataCopy(probsOut, $1.ReinterpretCast<bfloat16_t>(), static_cast<uint32_t>((cnt + 15) / 16 * 16));'), [300, 1000]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a bf16 row copied in with float\'s element size fails', async () => {
  const r = await mutated('bf16_softmax_block', (p) => p.replace(/static_cast<uint32_t>\(count \* sizeof\(bfloat16_t\)\)/, 'static_cast<uint32_t>(count * sizeof(float))'), [300, 1000]);
  assert.notEqual(r.status, 'pass', summary(r));
});

test('mutation: the half weight read through a narrowing Cast to int fails', async () => {
  const r = await mutated('half_rmsnorm', (p) => p.replace(/AscendC::Cast\((v\d+), wIn, AscendC::RoundMode::CAST_NONE, cnt\);/, 'AscendC::Cast($1, wIn, AscendC::RoundMode::CAST_NONE, cnt);\n    AscendC::Cast($1.ReinterpretCast<int32_t>(), $1, AscendC::RoundMode::CAST_TRUNC, cnt);\n    AscendC::Cast($1, $1.ReinterpretCast<int32_t>(), AscendC::RoundMode::CAST_RINT, cnt);'), [300, 1000]);
  assert.equal(r.status, 'fail', summary(r));
});
