/**
 * Reductions over half and bfloat16 data (test/fixtures/port/lowp_reduce.cu): the inputs are
 * copied in their own type and widened to float in UB (Cast CAST_NONE, exact), then reduced in
 * float, as CUDA converts each element and accumulates in float. Verified on a target with
 * DataCopyPad (910B3: bf16 and half) and one without (310P3: half only; its bf16 kernels are
 * skeletons that say why), with the CANN 8.x and 9.x spellings. Mutations: the element rounded
 * to bf16 (CUDA computing in the narrow type) and an input copied with float's size both fail.
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
const FILE = path.join(ROOT, 'test/fixtures/port/lowp_reduce.cu');
const text = fs.readFileSync(FILE, 'utf8');
const ALL = ['squares_sum', 'half_max', 'bf16_abs_sum'];
const BF16 = ['squares_sum', 'bf16_abs_sum'];
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-lowp-reduce-test-'));

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
    return portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'lowp_reduce.cu')!.text;
  } finally {
    doc.dispose();
  }
}

for (const target of [B3, { soc: 'Ascend910B3', cann: '9.x' }] as Target[]) {
  test(`half and bf16 reductions compute what the CUDA computes on ${target.soc} (CANN ${target.cann}), with no model violation`, async () => {
    const r = await verifyFile(engine, { file: FILE, text, target });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...ALL].sort());
    for (const k of r.kernels) {
      assert.equal(k.port, 'generated', k.kernel);
      assert.ok(k.cases.length >= 4, k.kernel);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
    }
  });
}

for (const target of [
  { soc: 'Ascend310P3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '9.x' },
] as Target[]) {
  test(`on ${target.soc} (CANN ${target.cann}, no DataCopyPad) the half max verifies with staged tails; bf16 kernels are skeletons that say why`, async () => {
    const r = await verifyFile(engine, { file: FILE, text, target });
    const half = r.kernels.find((k) => k.kernel === 'half_max')!;
    assert.equal(half.pass, true, summary(r));
    for (const c of half.cases) assert.deepEqual(c.violations, [], `half_max n=${c.size}`);
    for (const name of BF16) {
      const k = r.kernels.find((x) => x.kernel === name)!;
      assert.equal(k.pass, false, name);
      assert.match(k.error ?? '', /cannot run on Ascend310P3: bfloat16 data: the reference lists Cast between bfloat16_t and float only for Atlas A2/, name);
    }
  });
}

test('the bf16 port copies bfloat16_t tiles, widens each element once with CAST_NONE and reduces in float', () => {
  const port = portOf('squares_sum', B3);
  assert.match(port, /GlobalTensor<bfloat16_t> valsGm_/);
  assert.match(port, /DataCopyPadExtParams<bfloat16_t>/);
  assert.match(port, /tileLength_ \* sizeof\(bfloat16_t\)/);
  assert.equal(port.match(/AscendC::Cast\(v0, valsIn, AscendC::RoundMode::CAST_NONE, cnt\);/g)?.length, 1, port);
  assert.match(port, /AscendC::Mul\(mapped, v0, v0, cnt\);/);
  assert.doesNotMatch(port, /CAST_RINT/);
  assert.match(port, /SQUARES_SUM_ALIGN = 16;/);
  assert.match(port, /SQUARES_SUM_SLOT = 8;/);
});

async function mutated(kernel: string, target: Target, mutate: (port: string) => string, sizes: number[]): Promise<VerifyResult> {
  const port = portOf(kernel, target);
  const changed = mutate(port);
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, `${kernel}-${target.soc}-${Math.random().toString(36).slice(2)}.cpp`);
  fs.writeFileSync(file, changed);
  return verifyFile(engine, { file: FILE, text, target, kernels: [kernel], portFile: file, sizes });
}

test('mutation: the square rounded to bf16 (computing in the narrow type, not as CUDA) fails', async () => {
  const r = await mutated(
    'squares_sum',
    B3,
    (p) => p.replace('AscendC::Mul(mapped, v0, v0, cnt);', 'AscendC::Mul(mapped, v0, v0, cnt);\n    AscendC::Cast(valsIn, mapped, AscendC::RoundMode::CAST_RINT, cnt);\n    AscendC::Cast(mapped, valsIn, AscendC::RoundMode::CAST_NONE, cnt);'),
    [4096, 100003],
  );
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a bf16 input copied with float\'s element size fails', async () => {
  const r = await mutated('bf16_abs_sum', B3, (p) => p.replace('static_cast<uint32_t>(count * sizeof(bfloat16_t))', 'static_cast<uint32_t>(count * sizeof(float))'), [31, 4099]);
  assert.notEqual(r.status, 'pass', summary(r));
});

test('mutation: the half staged tail read at float\'s element offset fails on 310P3', async () => {
  const r = await mutated('half_max', { soc: 'Ascend310P3', cann: '8.x' }, (p) => p.replace('head * sizeof(half)', 'head * sizeof(float)'), [31, 4111]);
  assert.notEqual(r.status, 'pass', summary(r));
});
