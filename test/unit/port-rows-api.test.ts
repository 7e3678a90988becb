/**
 * The high-level API choice of rows ports (server/src/engine/port/rows/api.ts): a softmax, in any
 * CUDA style, calls AscendC::SoftMax with a host SoftMaxTiling on a target whose SoftMax doc page
 * lists it (and where the port copies with DataCopyPad); a kernel whose meaning differs from the
 * API's (no row maximum subtracted, a natural-log log-softmax, a scaled row) stays on the basic
 * ops, and the port's header says which and why. Every port here passes g++ -fsyntax-only against
 * the declarations header; numerical agreement is test/verify/rows-api.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, portKernel, type Target } from '../../server/src/engine';
import type { RowsPlan } from '../../server/src/engine/port/rows/plan';
import { assertPortsCompile, verdictOf } from '../helpers/rows';

const DIR = path.resolve(__dirname, '../fixtures/port');
const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');
const api = read('rows_api.cu');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function choice(text: string, kernel: string, target: Target = B3) {
  const v = verdictOf(engine, text, kernel, target);
  assert.equal(v.kind, 'complete', `${kernel}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
  assert.equal(v.kind === 'complete' && v.plan.schedule, 'rows', kernel);
  return (v as Extract<typeof v, { kind: 'complete' }>).plan as RowsPlan;
}

function portText(text: string, kernel: string, target: Target = B3): string {
  const doc = engine.open(text);
  try {
    const r = portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'fixture.cu')!;
    assert.equal(r.kind, 'complete', kernel);
    return r.text;
  } finally {
    doc.dispose();
  }
}

// The same softmax written four ways: a thread per row (two fixtures), a block per row with a shared-memory tree, a warp per row with xor shuffles.
const SOFTMAXES: [string, string][] = [
  ['rows_api.cu', 'softmax_recip'],
  ['rows.cu', 'softmax_rows'],
  ['rows.cu', 'softmax_block_tree'],
  ['rows_warp.cu', 'softmax_warp_xor'],
];

test('a softmax in every CUDA style calls SoftMax on 910B3 (CANN 8.x and 9.x), with its host tiling and the chunked basic ops for rows too long for UB', () => {
  for (const [file, kernel] of SOFTMAXES) {
    for (const cann of ['8.x', '9.x'] as const) {
      const target: Target = { soc: 'Ascend910B3', cann };
      const plan = choice(read(file), kernel, target);
      assert.equal(plan.api.use?.api, 'SoftMax', `${kernel}: ${plan.api.why}`);
      const text = portText(read(file), kernel, target);
      assert.match(text, /^\/\/ Lowering: the high-level SoftMax API \(AscendC::SoftMax, its tiling from SoftMaxTilingFunc on the host\), several whole rows per call: the CUDA computes exp\(\w+ − row max\) \/ row sum per row/m, kernel);
      assert.match(text, /AscendC::SoftMax<float>\(\w+Out, rowSum, rowMax, \w+Rows, apiTmp, t, shape\);/, kernel);
      assert.match(text, /AscendC::SoftMaxTilingFunc\(ge::Shape\(std::vector<int64_t>\{static_cast<int64_t>\(rows\), static_cast<int64_t>\(cols\)\}\), sizeof\(float\), t\.apiTmpBytes, many\);/, kernel);
      assert.match(text, /AscendC::GetSoftMaxMinTmpSize\(/, kernel);
      // The launch wrapper fills the SoftMax tiling; the kernel takes the basic-op path when apiRows is 0.
      assert.match(text, /SoftMaxTiling\(tiling\);  \/\/ SoftMax for rows that fit UB whole; apiRows 0 otherwise/, kernel);
      assert.match(text, /if \(apiRows_ != 0\) \{\n\s+ProcessSoftMax\(\);\n\s+return;\n\s+\}\n\s+for \(uint64_t row = rowStart_; row < rowEnd_; \+\+row\) \{/, kernel);
      assert.match(text, /AscendC::ReduceMax\(/, `${kernel}: the basic ops for long rows`);
      assert.doesNotMatch(text, /TODO\(ascend-port\)/, kernel);
    }
  }
});

test('on targets without SoftMax or without DataCopyPad the softmax stays on the basic ops, and the header says why', () => {
  const cases: [Target, RegExp][] = [
    [{ soc: 'Ascend910A', cann: '8.x' }, /Ascend910A is not on SoftMax's product list \(Atlas A2\/A3, 950, 310P AI Core; not the Atlas training series\)/],
    [{ soc: 'Ascend310P3', cann: '8.x' }, /copies rows into UB with DataCopyPad \(padded to 32 bytes\), which this port does not use on Ascend310P3/],
    [{ soc: 'Ascend950', cann: '9.x' }, /which this port does not use on Ascend950/],
  ];
  for (const [target, why] of cases) {
    const plan = choice(api, 'softmax_recip', target);
    assert.equal(plan.api.use, null, target.soc);
    assert.match(plan.api.why, why, target.soc);
    const text = portText(api, 'softmax_recip', target);
    assert.match(text, /^\/\/ The high-level APIs \(SoftMax, LogSoftMax, LayerNorm, RmsNorm\) are not used: /m, target.soc);
    assert.doesNotMatch(text, /SoftMax<float>|SoftMaxTilingFunc|kernel_tiling\.h/, target.soc);
  }
});

test('a semantic mismatch routes to the basic ops with its reason: no row maximum, a natural-log log-softmax, a scaled row, a half row', () => {
  const cases: [string, string, RegExp][] = [
    [api, 'softmax_naive', /^the CUDA divides exp\(x\) by its row sum without subtracting the row maximum: exp overflows to inf above about 88 where SoftMax \(which subtracts it\) stays finite/],
    [api, 'log_softmax_ln', /^a log-softmax: LogSoftMax returns log10 of the softmax \(its doc page\), where the CUDA takes the natural logarithm/],
    [read('rows.cu'), 'log_softmax_rows', /^a log-softmax: LogSoftMax returns log10/],
    [read('rows_online.cu'), 'softmax_online_rows', /^the row maximum is taken over `\(x\[j\] \/ temperature\)`, not a tensor's row/],
    [read('lowp_rows.cu'), 'bf16_softmax_block', /^`dst` is not float: the SoftMax path is generated for float rows only so far/],
    [read('rows.cu'), 'layernorm_rows', /^a normalisation: mapping to LayerNorm \/ RmsNorm is not implemented yet/],
    [read('rows_warp.cu'), 'rmsnorm_warp_down', /^a normalisation: mapping to LayerNorm \/ RmsNorm is not implemented yet/],
  ];
  for (const [text, kernel, why] of cases) {
    const plan = choice(text, kernel);
    assert.equal(plan.api.use, null, kernel);
    assert.match(plan.api.why, why, kernel);
    const port = portText(text, kernel);
    assert.ok(port.includes(`// The high-level APIs (SoftMax, LogSoftMax, LayerNorm, RmsNorm) are not used: ${plan.api.why.split('`').join("'")}`) || port.includes(plan.api.why.slice(0, 40)), kernel);
    assert.doesNotMatch(port, /SoftMax<float>/, kernel);
  }
});

test('every port of the API fixture compiles (g++ -fsyntax-only) on 910B3 (CANN 8.x, 9.x) and 310P3', () => {
  assertPortsCompile(engine, { text: api, name: 'rows_api.cu', kernels: ['softmax_recip', 'softmax_naive', 'log_softmax_ln'] });
});
