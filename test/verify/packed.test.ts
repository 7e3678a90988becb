/**
 * 16-byte packs (test/fixtures/port/packed.cu): kernels that read and write 16 bytes per
 * thread through an `int4` (a template pack struct whose `size` is `sizeof(int4) / sizeof(E)`,
 * load/store helpers, a loop over the lanes; the style of llm.c's `Packed128`) port as element
 * streams and verify: bf16 under a guard (910B3 only: 310P3 has no bf16), float without a guard
 * (the wrapper takes the CUDA grid and block, 4 elements per thread) and half with an early
 * return, on 910B3 (CANN 8.x, DataCopyPad) and 310P3 (CANN 9.x, no DataCopyPad). A wrapper
 * that forgets the lanes per thread fails; lanes that compute different functions, or a loop
 * over some of the lanes, stay skeletons. Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile, type VerifyResult } from '../../server/src/node/verify';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/packed.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '9.x' };
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-packed-'));

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

function verdict(kernel: string, target: Target) {
  const doc = engine.open(text);
  try {
    engine.analyze(doc, { target });
    return kernelVerdict(doc, kernel, target)!;
  } finally {
    doc.dispose();
  }
}

for (const [target, kernels] of [
  [B3, ['act_bf16', 'add_f32', 'scale_f16']],
  [P3, ['add_f32', 'scale_f16']],
] as const) {
  test(`16-byte pack kernels port as element streams and verify on ${target.soc} (CANN ${target.cann})`, async () => {
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: [...kernels] });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...kernels].sort());
    for (const k of r.kernels) {
      assert.ok(k.cases.length >= 3, k.kernel);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
    }
  });
}

test('pack verdicts: the lanes per thread are said; different lane functions and partial lane loops are skeletons with their reasons', () => {
  const add = verdict('add_f32', B3);
  assert.equal(add.kind, 'complete');
  const port = (() => {
    const doc = engine.open(text);
    try {
      return portKernel(doc, engine.analyze(doc, { target: B3 }), 'add_f32', B3, 'packed.cu')!.text;
    } finally {
      doc.dispose();
    }
  })();
  assert.match(port, /one 16-byte `f32x4` pack of 4 elements \(no bounds guard\)/);
  assert.match(port, /static_cast<int64_t>\(cudaGridX \* cudaBlockX \* 4\)/);
  assert.doesNotMatch(port, /covers exactly gridDim\.x × blockDim\.x elements/);
  const ramp = verdict('lane_ramp', B3);
  assert.equal(ramp.kind, 'skeleton');
  assert.match(ramp.kind === 'skeleton' ? ramp.reasons.join(' ') : '', /uses the lane variable `k` as a value/);
  const half = verdict('half_lanes', B3);
  assert.equal(half.kind, 'skeleton');
  assert.match(half.kind === 'skeleton' ? half.reasons.join(' ') : '', /not `for \(int k = 0; k < v\.size; \+\+k\)` over every lane of a pack/);
  const bf16On310 = verdict('act_bf16', P3);
  assert.equal(bf16On310.kind, 'skeleton');
});

test('mutation: a wrapper that streams one element per CUDA thread instead of a pack of 4 fails verification', async () => {
  const doc = engine.open(text);
  let port: string;
  try {
    port = portKernel(doc, engine.analyze(doc, { target: B3 }), 'add_f32', B3, 'packed.cu')!.text;
  } finally {
    doc.dispose();
  }
  const changed = port.replace('static_cast<int64_t>(cudaGridX * cudaBlockX * 4)', 'static_cast<int64_t>(cudaGridX * cudaBlockX)');
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, 'add_f32.cpp');
  fs.writeFileSync(file, changed);
  const r = await verifyFile(engine, { file: FILE, text, target: B3, kernels: ['add_f32'], portFile: file });
  assert.equal(r.status, 'fail', summary(r));
});
