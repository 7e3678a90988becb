/**
 * Layout kernels (test/fixtures/port/layout.cu) on the copy schedule: a packed buffer split
 * into three head-major tensors (early return, a cache-hinted load), the inverse scattered
 * (bf16), rows copied into a padded half matrix (float → half, rounding as CUDA does), and two
 * outer dimensions swapped (int32, `(t / P) % R` coordinates), each moved run by run
 * GM → UB → GM and verified exactly on shapes where every parameter is once 33 (not a
 * multiple of a 32-byte block), on 910B3 with the CANN 8.x and 9.x spellings. 310P3 (no
 * DataCopyPad) gives a skeleton with its reason; a `+=` backward pass reads, adds and writes
 * each output run; a transpose of the innermost dimension and a bf16 accumulation stay
 * skeletons; a port whose run offset uses the wrong stride fails.
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
const FILE = path.join(ROOT, 'test/fixtures/port/layout.cu');
const text = fs.readFileSync(FILE, 'utf8');
const COMPLETE = ['split_heads', 'merge_heads', 'pad_rows_to_half', 'swap_outer', 'add_heads_back'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-layout-'));

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

function withDoc<T>(f: (doc: ReturnType<Engine['open']>) => T): T {
  const doc = engine.open(text);
  try {
    return f(doc);
  } finally {
    doc.dispose();
  }
}

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend910B3', cann: '9.x' },
] as Target[]) {
  test(`layout kernels move their runs exactly on ${target.soc} (CANN ${target.cann}), every parameter once 33`, async () => {
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: COMPLETE });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...COMPLETE].sort());
    for (const k of r.kernels) {
      assert.equal(k.cases.length, 6, k.kernel);
      for (const c of k.cases) {
        assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
        assert.ok(c.cudaGuardsIntact, `${k.kernel} n=${c.size}: the CUDA side stays inside its tensors`);
      }
    }
  });
}

test('layout verdicts: the copy schedule and its coordinates are said; what it does not move is a skeleton with the reason', () => {
  const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
  withDoc((doc) => {
    const r = portKernel(doc, engine.analyze(doc, { target: B3 }), 'split_heads', B3, 'layout.cu')!;
    assert.equal(r.kind, 'complete', r.reasons.join('; '));
    assert.match(r.text, /copy schedule, CUDA form: early return/);
    assert.match(r.text, /coordinates c0 … c3 \(innermost first\) of extents dim × tokens × heads × batch/);
    assert.match(r.text, /each run of dim elements is contiguous in every tensor/);
    assert.match(r.text, /AscendC::DataCopyPad\(x, src\[at\], params, pad\)/);
    const half = portKernel(doc, engine.analyze(doc, { target: B3 }), 'pad_rows_to_half', B3, 'layout.cu')!;
    assert.match(half.text, /AscendC::Cast\(y, x, AscendC::RoundMode::CAST_RINT, count\)/);
    const why = (k: string, t: Target) => {
      const v = kernelVerdict(doc, k, t)!;
      return v.kind === 'skeleton' ? v.reasons.join(' ') : '';
    };
    assert.match(why('transpose_2d', B3), /layout: its innermost coordinate does not keep stride 1 on both sides/);
    assert.match(why('add_bf16_back', B3), /layout: accumulates `src` \(bf16\) into `dst` \(bf16\) with `\+=`: the copy schedule adds runs of float or half/);
    const acc = portKernel(doc, engine.analyze(doc, { target: B3 }), 'add_heads_back', B3, 'layout.cu')!;
    assert.match(acc.text, /AscendC::Add\(y, z, x, static_cast<int32_t>\(count\)\)/);
    assert.match(acc.text, /dpacked\[[^\]]*\] \+= da\[/);
    const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
    engine.analyze(doc, { target: P3 });
    assert.match(why('split_heads', P3), /Ascend310P3 has no DataCopyPad/);
  });
});

test('mutation: a run offset with the wrong stride (the head stride for the token stride) fails verification', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const port = withDoc((doc) => portKernel(doc, engine.analyze(doc, { target }), 'merge_heads', target, 'layout.cu')!.text);
  const move = /Move\(outGm_, ([^\n]*), inGm_,/.exec(port);
  assert.ok(move, 'the port moves in → out');
  const changed = port.replace(move[0], move[0].replace('(static_cast<int64_t>(dim_) * static_cast<int64_t>(heads_)) * c1', '(static_cast<int64_t>(dim_)) * c1'));
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, 'merge_heads.cpp');
  fs.writeFileSync(file, changed);
  const r = await verifyFile(engine, { file: FILE, text, target, kernels: ['merge_heads'], portFile: file });
  assert.equal(r.status, 'fail', summary(r));
});
