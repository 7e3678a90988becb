/**
 * Storage-only integer tensors (test/fixtures/port/int_types.cu): 8-bit (`char`, `signed char`,
 * `unsigned char`, `bool`), 16-bit (`short`, `unsigned short`) and `unsigned int` tensors that
 * are copied, filled with a converted scalar, or read into int (C++'s integer promotion, through
 * the documented exact Casts) port completely and agree with CUDA exactly on Ascend910B3 (with
 * DataCopyPad) and Ascend310P3 (without: staged tails), at 1, 31 and 4096 + 3 elements and at
 * verify's own sizes; `int4`, `uchar4` (and the other integer vector types) de-vectorised like
 * `float4`. What CUDA wraps (a computed value stored into 8 bits, unsigned 32-bit
 * arithmetic) and `double` stay skeletons with their reasons. A mutation that fills bytes
 * without the conversion to the tensor's type fails verification. Needs g++; run by
 * `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile, type VerifyResult } from '../../server/src/node/verify';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/int_types.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
const COMPLETE = ['fill_bytes', 'copy_u8', 'copy_u16_u32', 'fill_short', 'bytes_to_float', 'apply_mask', 'copy_int4', 'add_int4', 'copy_uchar4'];
const A2_ONLY = ['short_sum'];
let engine: Engine;

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});
after(() => engine.dispose());

function summary(r: VerifyResult): string {
  return JSON.stringify({ status: r.status, message: r.message, log: r.buildLog?.slice(0, 2000), failed: r.kernels.filter((k) => !k.pass).map((k) => ({ kernel: k.kernel, error: k.error, cases: k.cases.filter((c) => !c.pass) })) }, null, 1).slice(0, 6000);
}

for (const [target, kernels] of [[B3, [...COMPLETE, ...A2_ONLY]], [P3, COMPLETE]] as const) {
  for (const sizes of [[1, 31, 4099], undefined]) {
    test(`integer tensors port and verify exactly on ${target.soc} at ${sizes ? sizes.join(', ') : "verify's own sizes"}, with no model violation`, async () => {
      const r = await verifyFile(engine, { file: FILE, text, target, kernels: [...kernels], ...(sizes ? { sizes } : {}) });
      assert.equal(r.status, 'pass', summary(r));
      assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...kernels].sort());
      for (const k of r.kernels) {
        assert.equal(k.port, 'generated', k.kernel);
        if (sizes) assert.deepEqual(k.cases.map((c) => c.size), sizes, k.kernel);
        for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
      }
    });
  }
}

test('integer tensors: the skeletons say what CUDA wraps, and why double and int16 on 310P are not ported', () => {
  const doc = engine.open(text);
  try {
    engine.analyze(doc, { target: B3 });
    const why = (k: string, t: Target) => {
      const v = kernelVerdict(doc, k, t)!;
      assert.equal(v.kind, 'skeleton', k);
      return (v as { reasons: string[] }).reasons.join(' | ');
    };
    assert.match(why('add_bytes', B3), /stores a computed int32 value as `int8_t`: CUDA keeps its low 8 bits/);
    assert.match(why('add_scalar_u32', B3), /cannot run on Ascend910B3: computes with unsigned 32-bit values: CUDA wraps them modulo 2\^32/);
    assert.match(why('scale_double', B3), /element type `double`: Ascend's vector units have no fp64 arithmetic/);
    assert.match(why('short_sum', P3), /cannot run on Ascend310P3: reads int16_t values as int/);
    for (const k of COMPLETE) assert.equal(kernelVerdict(doc, k, P3)?.kind, 'complete', k);
  } finally {
    doc.dispose();
  }
});

test('integer tensors: bytes are filled through half and Cast, copied with whole-block DataCopy, and promoted through half', () => {
  const doc = engine.open(text);
  try {
    const r = engine.analyze(doc, { target: B3 });
    const fill = portKernel(doc, r, 'fill_bytes', B3, 'int_types.cu')!.text;
    assert.match(fill, /GlobalTensor<int8_t> ptrGm_/);
    assert.match(fill, /AscendC::Duplicate\((v\d+), static_cast<half>\(static_cast<int8_t>\(val_\)\), cnt\);\n\s*AscendC::Cast\(ptrOut, \1, AscendC::RoundMode::CAST_NONE, cnt\);/);
    const copy = portKernel(doc, r, 'copy_u8', B3, 'int_types.cu')!.text;
    assert.match(copy, /AscendC::DataCopy\(outOut, inIn, static_cast<uint32_t>\(\(cnt \+ 31\) \/ 32 \* 32\)\);/);
    const promote = portKernel(doc, r, 'bytes_to_float', B3, 'int_types.cu')!.text;
    assert.match(promote, /AscendC::Cast\((v\d+), qIn, AscendC::RoundMode::CAST_NONE, cnt\);/);
    assert.doesNotMatch(promote, /AscendC::(?:Add|Sub|Mul|Muls|Adds)\([^;]*(?:qIn|zeroIn)/, 'no arithmetic on an 8-bit tile');
  } finally {
    doc.dispose();
  }
});

test('mutation: a byte copy of exactly count elements (not whole 32-byte blocks) fails verification on a ragged size', async () => {
  const doc = engine.open(text);
  let port: string;
  try {
    port = portKernel(doc, engine.analyze(doc, { target: B3 }), 'copy_u8', B3, 'int_types.cu')!.text;
  } finally {
    doc.dispose();
  }
  // UB → UB DataCopy rounds a partial 32-byte block down: the last 31 bytes would never be copied.
  const changed = port.replace(/AscendC::DataCopy\(outOut, inIn, static_cast<uint32_t>\(\(cnt \+ 31\) \/ 32 \* 32\)\);/, 'AscendC::DataCopy(outOut, inIn, static_cast<uint32_t>(cnt));');
  assert.notEqual(changed, port, 'the mutation applies');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-int-types-'));
  try {
    const file = path.join(dir, 'copy_u8-count.cpp');
    fs.writeFileSync(file, changed);
    const r = await verifyFile(engine, { file: FILE, text, target: B3, kernels: ['copy_u8'], portFile: file, sizes: [31] });
    assert.equal(r.status, 'fail', summary(r));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
