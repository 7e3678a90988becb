/**
 * The unary family (test/fixtures/port/unary_family.cu) verified: one kernel template
 * `map_unary<fn, T>` instantiated with 26 operations × {half, float} through template host
 * functions, each instantiation's port (the bound operation inlined) run on the CPU model of
 * Ascend C against the CUDA kernel on the CUDA-on-CPU shim, on 910B3 (DataCopyPad) and 310P3
 * (aligned prefix, staged tail), with the CANN 8.x spellings (9.x on one target); the binary
 * family through `float (*fn)(float, float)` too. Mutations show the verifier catches a wrong
 * comparison, a wrong rounding mode and a wrong expm1 constant in one instantiation among 52.
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
const FILE = path.join(ROOT, 'test/fixtures/port/unary_family.cu');
const text = fs.readFileSync(FILE, 'utf8');
const INSTANCES = 52;
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-unary-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function summary(r: VerifyResult): string {
  return JSON.stringify({ status: r.status, message: r.message, log: r.buildLog?.slice(0, 3000), failed: r.kernels.filter((k) => !k.pass).map((k) => ({ kernel: k.kernel, error: k.error, cases: k.cases.filter((c) => !c.pass).slice(0, 5) })) }, null, 1).slice(0, 8000);
}

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '9.x' },
] as Target[]) {
  test(`every instantiation of the unary family and the binary family computes what the CUDA computes on ${target.soc} (CANN ${target.cann}); no model violation`, async () => {
    const doc = engine.open(text);
    try {
      for (const [k, n] of [['map_unary', INSTANCES], ['map_binary', 2]] as const) {
        const v = kernelVerdict(doc, k, target)!;
        assert.equal(v.kind, 'complete', `${k}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
        assert.equal(v.kind === 'complete' && v.instances?.length, n, k);
      }
      assert.equal(kernelVerdict(doc, 'map_unary_refused', target)!.kind, 'skeleton');
    } finally {
      doc.dispose();
    }
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: ['map_unary', 'map_binary'] });
    assert.equal(r.status, 'pass', summary(r));
    const unary = r.kernels.find((k) => k.kernel === 'map_unary')!;
    // Each instantiation's sizes (1, sub-block, ragged, multi-core, more tiles than cores) gathered under the kernel.
    assert.ok(unary.cases.length >= INSTANCES * 4, `${unary.cases.length} cases`);
    for (const k of r.kernels) for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
  });
}

test('the refused family is not verified: its skeleton says why', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const r = await verifyFile(engine, { file: FILE, text, target, kernels: ['map_unary_refused'] });
  assert.notEqual(r.status, 'pass');
  assert.match(r.kernels[0]?.error ?? r.message ?? '', /skeleton .*tanf/);
});

/** Replaces `from` by `to` once inside one instantiation's class of the generated port. */
function inClass(cls: string, from: string | RegExp, to: string): (port: string) => string {
  return (port) => {
    const start = port.indexOf(`class ${cls} {`);
    assert.ok(start >= 0, cls);
    const end = port.indexOf('\n};', start);
    return port.slice(0, start) + port.slice(start, end).replace(from, to) + port.slice(end);
  };
}

async function mutated(target: Target, mutate: (port: string) => string): Promise<VerifyResult> {
  const doc = engine.open(text);
  let port: string;
  try {
    port = portKernel(doc, engine.analyze(doc, { target }), 'map_unary', target, 'unary_family.cu')!.text;
  } finally {
    doc.dispose();
  }
  const changed = mutate(port);
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, `map_unary-${target.soc}-${Math.random().toString(36).slice(2)}.cpp`);
  fs.writeFileSync(file, changed);
  return verifyFile(engine, { file: FILE, text, target, kernels: ['map_unary'], portFile: file, sizes: [1003] });
}

/** Failing cases (one size per instantiation here, so the failing instantiations). */
function failing(r: VerifyResult): number {
  return r.kernels.flatMap((k) => k.cases.filter((c) => !c.pass)).length;
}

test('mutation: the comparison used as a value (v > 0) compared the other way fails', async () => {
  const r = await mutated({ soc: 'Ascend910B3', cann: '8.x' }, inClass('KernelMapUnaryFHeavisideFloat', 'CMPMODE::GT', 'CMPMODE::LT'));
  assert.equal(r.status, 'fail', summary(r));
  assert.equal(failing(r), 1, 'only the mutated instantiation fails');
});

test('mutation: floorf rounded toward zero instead of down fails', async () => {
  const r = await mutated({ soc: 'Ascend310P3', cann: '8.x' }, inClass('KernelMapUnaryFFloorFloat', 'CAST_FLOOR', 'CAST_TRUNC'));
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: expm1f as Exp(x) − 1.001 fails (the tolerance is not loose enough to hide a wrong constant)', async () => {
  const r = await mutated({ soc: 'Ascend910B3', cann: '8.x' }, inClass('KernelMapUnaryFExpm1Float', 'static_cast<float>(-(1.0f))', 'static_cast<float>(-(1.001f))'));
  assert.equal(r.status, 'fail', summary(r));
});
