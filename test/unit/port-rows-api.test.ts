/**
 * The high-level API choice of rows ports (server/src/engine/port/rows/api.ts): a softmax, an RMS
 * norm and a layernorm, in any CUDA style, call AscendC::SoftMax, RmsNorm or LayerNorm (its [A, R]
 * form with mean and rstd) with a host tiling on a target whose doc pages list them (and where the
 * port copies with DataCopyPad); a kernel whose meaning differs from the API's (no row maximum
 * subtracted, a natural-log log-softmax, a scaled row, an unbiased variance, eps outside the
 * root, a one-pass variance) stays on the basic ops, and the port's header says which and why. Every port here passes g++ -fsyntax-only against
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

// The same softmax written four ways (a thread per row twice, a block per row with a shared-memory tree, a warp per row with xor
// shuffles), RMS norms (a thread per row with γ, a warp per row with γ, a block per row without), layernorms (a thread per row
// saving mean and rstd, a cooperative-groups tile saving them, one without γ, β or saved values).
const USES: [string, string, 'SoftMax' | 'RmsNorm' | 'LayerNorm'][] = [
  ['rows_api.cu', 'softmax_recip', 'SoftMax'],
  ['rows.cu', 'softmax_rows', 'SoftMax'],
  ['rows.cu', 'softmax_block_tree', 'SoftMax'],
  ['rows_warp.cu', 'softmax_warp_xor', 'SoftMax'],
  ['rows.cu', 'rmsnorm_rows', 'RmsNorm'],
  ['rows_warp.cu', 'rmsnorm_warp_down', 'RmsNorm'],
  ['rows_launch_block.cu', 'rms_rows', 'RmsNorm'],
  ['rows.cu', 'layernorm_rows', 'LayerNorm'],
  ['rows_warp.cu', 'layernorm_cg_tile', 'LayerNorm'],
  ['rows_api.cu', 'layernorm_plain', 'LayerNorm'],
];
const TILING_FN = { SoftMax: 'SoftMaxTilingFunc', RmsNorm: 'GetRmsNormTilingInfo', LayerNorm: 'GetLayerNormNDTilingInfo' } as const;
const CALL = {
  SoftMax: /AscendC::SoftMax<float>\(\w+Out, rowSum, rowMax, \w+Rows, apiTmp, t, shape\);/,
  RmsNorm: /AscendC::RmsNorm<float>\(\w+Out, \w+Rows, gammaRow, apiTmp, static_cast<float>\(\w+\), t\);/,
  LayerNorm: /AscendC::LayerNorm<float, float>\(\w+Out, meanRows, rstdRows, \w+Rows, gammaRow, betaRow, static_cast<float>\([\w.-]+\), apiTmp, para, t\);/,
} as const;

test('softmaxes, RMS norms and layernorms in every CUDA style call their high-level API on 910B3 (CANN 8.x and 9.x), with its host tiling and the chunked basic ops for rows too long for UB', () => {
  for (const [file, kernel, name] of USES) {
    for (const cann of ['8.x', '9.x'] as const) {
      const target: Target = { soc: 'Ascend910B3', cann };
      const plan = choice(read(file), kernel, target);
      assert.equal(plan.api.use?.api, name, `${kernel}: ${plan.api.why}`);
      const text = portText(read(file), kernel, target);
      assert.ok(text.includes(`// Lowering: the high-level ${name} API (AscendC::${name}, its tiling from ${TILING_FN[name]} on the host), several whole rows per call: the CUDA computes `), kernel);
      assert.match(text, CALL[name], kernel);
      assert.ok(text.includes(`AscendC::${TILING_FN[name]}(shape(rows, `), kernel);
      // The launch wrapper fills the API's tilings; the kernel takes the basic-op path when apiRows is 0.
      assert.ok(text.includes(`ApiTiling(tiling);  // ${name} for rows that fit UB whole; apiRows 0 otherwise`), kernel);
      assert.match(text, /if \(apiRows_ != 0\) \{\n\s+ProcessApi\(\);\n\s+return;\n\s+\}\n\s+for \(uint64_t row = rowStart_; row < rowEnd_; \+\+row\) \{/, kernel);
      assert.match(text, /AscendC::ReduceSum\(/, `${kernel}: the basic ops for long rows`);
      assert.doesNotMatch(text, /TODO\(ascend-port\)/, kernel);
    }
  }
});

test('a layernorm that saves mean and rstd copies them out of LayerNorm\'s outputs, one float per row (only through a pointer that is not null when CUDA checks it)', () => {
  const text = portText(read('rows_warp.cu'), 'layernorm_cg_tile');
  assert.match(text, /if \(muGiven_\) AscendC::DataCopyPad\(muGm_\[row\], meanOut, meanParams\);/);
  assert.match(text, /\n\s+AscendC::DataCopyPad\(inv_stdGm_\[row\], rstdOut, rstdParams\);/);
  const plain = portText(api, 'layernorm_plain');
  assert.match(plain, /AscendC::Duplicate\(gammaRow, 1\.0f, static_cast<int32_t>\(apiCols_\)\);/);
  assert.match(plain, /AscendC::Duplicate\(betaRow, 0\.0f, static_cast<int32_t>\(apiCols_\)\);/);
  assert.doesNotMatch(plain, /meanOut, meanParams/);
});

test('on targets without the APIs or without DataCopyPad the softmax stays on the basic ops, and the header says why', () => {
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

test('a semantic mismatch routes to the basic ops with its reason: no row maximum, a natural-log log-softmax, a scaled row, a half row, an unbiased variance, eps outside the root, a one-pass variance', () => {
  const cases: [string, string, RegExp][] = [
    [api, 'softmax_naive', /^the CUDA divides exp\(x\) by its row sum without subtracting the row maximum: exp overflows to inf above about 88 where SoftMax \(which subtracts it\) stays finite/],
    [api, 'log_softmax_ln', /^a log-softmax: LogSoftMax returns log10 of the softmax \(its doc page\), where the CUDA takes the natural logarithm/],
    [read('rows.cu'), 'log_softmax_rows', /^a log-softmax: LogSoftMax returns log10/],
    [read('rows_online.cu'), 'softmax_online_rows', /^the row maximum is taken over `\(x\[j\] \/ temperature\)`, not a tensor's row/],
    [read('lowp_rows.cu'), 'bf16_softmax_block', /^`dst` is not float: the SoftMax path is generated for float rows only so far/],
    [api, 'layernorm_unbiased', /^the CUDA's variance is unbiased \(divided by `cols` − 1\), LayerNorm's biased \(divided by the row length\), so the basic ops keep the CUDA's/],
    [api, 'rmsnorm_eps_outside', /^the CUDA adds eps outside the square root \(1 \/ \(sqrt\(mean\(x²\)\) \+ eps\)\); RmsNorm adds it inside/],
    [read('rows_grid3.cu'), 'norm_rows3', /^the second row sum is of x² \(a one-pass variance E\[x²\] − mean², or another statistic\), not of squared deviations from the mean: LayerNorm computes E\[\(x − mean\)²\]/],
    [read('lowp_rows.cu'), 'half_rmsnorm', /^`o` is not float: the RmsNorm path is generated for float rows only so far/],
    [api, 'softmax_backward_rows', /^none of the high-level APIs the port maps \(SoftMax, RmsNorm, LayerNorm\) computes this row program/],
    [api, 'softmax_backward_block', /^none of the high-level APIs the port maps/],
  ];
  for (const [text, kernel, why] of cases) {
    const plan = choice(text, kernel);
    assert.equal(plan.api.use, null, kernel);
    assert.match(plan.api.why, why, kernel);
    const port = portText(text, kernel);
    assert.ok(port.includes(`// The high-level APIs (SoftMax, LogSoftMax, LayerNorm, RmsNorm) are not used: ${plan.api.why.slice(0, 60)}`), kernel);
    assert.doesNotMatch(port, /SoftMax<float>|RmsNorm<float>|LayerNorm<float/, kernel);
  }
});

test('every port of the API fixture compiles (g++ -fsyntax-only) on 910B3 (CANN 8.x, 9.x) and 310P3', () => {
  assertPortsCompile(engine, { text: api, name: 'rows_api.cu', kernels: ['softmax_recip', 'softmax_naive', 'log_softmax_ln', 'layernorm_plain', 'layernorm_unbiased', 'rmsnorm_eps_outside', 'softmax_backward_rows', 'softmax_backward_block'] });
  for (const [file, kernel] of USES.filter(([f]) => f !== 'rows_api.cu')) assertPortsCompile(engine, { text: read(file), name: file, kernels: [kernel] });
});
