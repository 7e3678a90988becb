/**
 * bfloat16 ports (test/fixtures/port/bf16.cu and the bf16 branch of the preprocessor fixture
 * typedef-port.cu): on Ascend910B3 every kernel ports completely with bfloat16_t tensors and
 * agrees with CUDA bit for bit where CUDA rounds (CANN 8.x and 9.x spellings); on a chip
 * without a documented bf16 Cast the port is a skeleton that says so. A mutation that skips
 * the rounding between two bf16 operations (the whole chain in float) fails verification.
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
const BF16 = path.join(ROOT, 'test/fixtures/port/bf16.cu');
const TYPEDEF_PORT = path.join(ROOT, 'test/fixtures/preproc/typedef-port.cu');
const text = fs.readFileSync(BF16, 'utf8');
const kernels = [...text.matchAll(/__global__ void (\w+)\(/g)].map((m) => m[1]!);
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const B3_9: Target = { soc: 'Ascend910B3', cann: '9.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-bf16-test-'));

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

for (const target of [B3, B3_9]) {
  test(`every bf16 fixture kernel ports with bfloat16_t and verifies on ${target.soc} (CANN ${target.cann}), with no model violation`, async () => {
    const r = await verifyFile(engine, { file: BF16, text, target });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...kernels].sort());
    for (const k of r.kernels) {
      assert.equal(k.port, 'generated', k.kernel);
      assert.equal(k.cases.length, 5, k.kernel);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
    }
  });
}

test('bf16 ports: the kernel text moves bfloat16_t and computes in float between Casts', () => {
  const doc = engine.open(text);
  try {
    const port = portKernel(doc, engine.analyze(doc, { target: B3 }), 'bf16_mul_add', B3, 'bf16.cu')!.text;
    assert.match(port, /GlobalTensor<bfloat16_t> aGm_/);
    assert.match(port, /AscendC::Cast\(v\d+, aIn, AscendC::RoundMode::CAST_NONE, cnt\)/);
    assert.match(port, /AscendC::Mul\(v\d+, v\d+, v\d+, cnt\)/);
    // The product is rounded to bf16 (CAST_RINT) and widened again before the addition, then the sum is rounded once more.
    assert.equal(port.match(/RoundMode::CAST_RINT/g)?.length, 2, port);
    assert.doesNotMatch(port, /AscendC::(?:Add|Mul|Muls|Adds)\([^;]*(?:aIn|bIn|cIn)/, 'no arithmetic on a bf16 tile');
  } finally {
    doc.dispose();
  }
});

test('mutation: computing a bf16 chain in float (skipping the rounding of the product) fails verification', async () => {
  const doc = engine.open(text);
  let port: string;
  try {
    port = portKernel(doc, engine.analyze(doc, { target: B3 }), 'bf16_mul_add', B3, 'bf16.cu')!.text;
  } finally {
    doc.dispose();
  }
  const changed = port.replace(
    /AscendC::Cast\((v\d+), (v\d+), AscendC::RoundMode::CAST_RINT, cnt\);(\n\s*AscendC::LocalTensor<float> (v\d+) = tmpBuf\d+_\.Get<float>\(\);\n\s*)AscendC::Cast\(\4, \1, AscendC::RoundMode::CAST_NONE, cnt\);/,
    '$3AscendC::Muls($4, $2, 1.0f, cnt);',
  );
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, 'bf16_mul_add-unrounded.cpp');
  fs.writeFileSync(file, changed);
  const r = await verifyFile(engine, { file: BF16, text, target: B3, kernels: ['bf16_mul_add'], portFile: file, sizes: [1003, 12293] });
  assert.equal(r.status, 'fail', summary(r));
});

test('on Ascend310P3 (no documented bf16 Cast) every bf16 kernel is a skeleton that says why', async () => {
  const r = await verifyFile(engine, { file: BF16, text, target: P3 });
  assert.notEqual(r.status, 'pass');
  assert.equal(r.kernels.length, kernels.length);
  for (const k of r.kernels) {
    assert.equal(k.pass, false, k.kernel);
    assert.match(k.error ?? '', /skeleton \(the elementwise port cannot run on Ascend310P3: bfloat16 data: the reference lists Cast between bfloat16_t and float only for Atlas A2/, k.kernel);
  }
});

const headerContext = (defines: Record<string, string>) => ({ path: TYPEDEF_PORT, defines, includePaths: [], readFile: (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined) });

test('typedef-port.cu with ENABLE_BF16 (real_t = __nv_bfloat16 from a header) ports with bfloat16_t and verifies on Ascend910B3', async () => {
  const r = await verifyFile(engine, { file: TYPEDEF_PORT, text: fs.readFileSync(TYPEDEF_PORT, 'utf8'), target: B3, context: headerContext({ ENABLE_BF16: '1' }) });
  assert.equal(r.status, 'pass', summary(r));
  assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), ['gelu_real', 'scale_elem']);
  for (const k of r.kernels) for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
});

test('typedef-port.cu with ENABLE_BF16 on Ascend310P3: skeletons with the bf16 reason', async () => {
  const r = await verifyFile(engine, { file: TYPEDEF_PORT, text: fs.readFileSync(TYPEDEF_PORT, 'utf8'), target: P3, context: headerContext({ ENABLE_BF16: '1' }) });
  assert.notEqual(r.status, 'pass');
  for (const k of r.kernels) assert.match(k.error ?? '', /cannot run on Ascend310P3: bfloat16 data/, k.kernel);
});
