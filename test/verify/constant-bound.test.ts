/**
 * Kernels whose length is a constant of the file (test/fixtures/port/constant_bound.cu): a
 * `#define`, a file-level `const`, a product of `constexpr`s, for elementwise kernels (guard,
 * grid-stride loop, early return) and a reduction. The bound is folded into the port, which
 * then covers exactly that many elements, as the CUDA kernel does whatever its launch; verify
 * runs one case (every size would be the same length) on a target with DataCopyPad (910B3,
 * CANN 8.x) and one without (310P3, CANN 9.x). A port whose length is short fails; a
 * bound read from a `__device__` global (which the host may change) stays a skeleton.
 * Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile, type VerifyResult } from '../../server/src/node/verify';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/constant_bound.cu');
const text = fs.readFileSync(FILE, 'utf8');
const COMPLETE: Record<string, string[]> = { scale_add_fixed: ['LEN', '5000'], square_fixed: ['kCount', '3079'], negate_fixed: ['kRows', '33', 'kCols', '65'], sum_fixed: ['kCount', '3079'] };
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-constant-bound-'));

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

function port(kernel: string, target: Target): string {
  const doc = engine.open(text);
  try {
    return portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'constant_bound.cu')!.text;
  } finally {
    doc.dispose();
  }
}

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '9.x' },
] as Target[]) {
  test(`kernels bounded by a constant of the file port completely and verify on ${target.soc} (CANN ${target.cann}), one case each`, async () => {
    const kernels = Object.keys(COMPLETE);
    const r = await verifyFile(engine, { file: FILE, text, target, kernels });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...kernels].sort());
    for (const k of r.kernels) {
      assert.equal(k.cases.length, 1, `${k.kernel}: the length is fixed, so one case`);
      for (const c of k.cases) assert.deepEqual(c.violations, [], k.kernel);
    }
  });
}

test('the folded constant is the port length and is said in the port; a __device__ global bound stays a skeleton', () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  for (const [kernel, folded] of Object.entries(COMPLETE)) {
    const p = port(kernel, target);
    for (let i = 0; i < folded.length; i += 2) assert.ok(p.includes(`the bound \`${folded[i]}\` is a constant of the file, folded to \`${folded[i + 1]}\``), `${kernel}: ${folded[i]}`);
    assert.doesNotMatch(p, /TODO\(ascend-port\)/, kernel);
  }
  const doc = engine.open(text);
  try {
    engine.analyze(doc, { target });
    const v = kernelVerdict(doc, 'scale_global_limit', target)!;
    assert.equal(v.kind, 'skeleton');
    assert.match(v.kind === 'skeleton' ? v.reasons.join(' ') : '', /its bound uses `gLimit`, which is not a scalar parameter or an integer constant of the file/);
  } finally {
    doc.dispose();
  }
});

test('mutation: a port whose fixed length is short (4000 of 5000) fails verification', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const p = port('scale_add_fixed', target);
  const changed = p.replace('static_cast<int64_t>(5000)', 'static_cast<int64_t>(4000)');
  assert.notEqual(changed, p, 'the mutation applies');
  const file = path.join(tmp, 'scale_add_fixed.cpp');
  fs.writeFileSync(file, changed);
  const r = await verifyFile(engine, { file: FILE, text, target, kernels: ['scale_add_fixed'], portFile: file });
  assert.equal(r.status, 'fail', summary(r));
});
