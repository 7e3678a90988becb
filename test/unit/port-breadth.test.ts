/**
 * Elementwise breadth on real code. 2-D elementwise kernels: `row`/`col` from blockIdx.y/x, a 2-D guard, early return or nested
 * grid-stride loops, and every access `p[row * cols + col]`. Their rows are contiguous, so
 * they port as one stream over rows × cols elements (test/fixtures/port/grid2d.cu; verified
 * in test/verify/verify.test.ts). Forms that do not flatten are skeletons whose reason says
 * which part does not (breadth_rejected.cu). Programmatic-dependent-launch calls (ggml's
 * `ggml_cuda_pdl_sync()`/`ggml_cuda_pdl_lc()` and wrappers like them) are dropped with a note
 * (pdl.cu). float4/float2 tensors whose lanes compute the same function of their own lane are
 * de-vectorised to lanes × n elements (vector.cu).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, portKernel, type Target } from '../../server/src/engine';
import { syntaxCheck } from '../helpers/syntax-check';

const DIR = path.resolve(__dirname, '../fixtures/port');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function port(file: string, kernel: string, target: Target) {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  const doc = engine.open(text);
  try {
    return portKernel(doc, engine.analyze(doc, { target }), kernel, target, file)!;
  } finally {
    doc.dispose();
  }
}

const FLAT: Record<string, { rows: string; cols: string; store: RegExp }> = {
  scale2d: { rows: 'rows', cols: 'cols', store: /\/\/ {3}out\[i\] = \(\(a \* in\[i\]\) \+ 1\.0f\)/ },
  add2d_half: { rows: 'height', cols: 'width', store: /\/\/ {3}z\[i\] = \(x\[i\] \+ y\[i\]\)/ },
  relu2d_inplace: { rows: 'n_rows', cols: 'n_cols', store: /\/\/ {3}data\[i\] = relu\(data\[i\]\)/ },
  axpby2d: { rows: 'M', cols: 'N', store: /\/\/ {3}y\[i\] = \(\(alpha \* x\[i\]\) \+ \(beta \* y\[i\]\)\)/ },
};

for (const target of [B3, P3]) {
  for (const [kernel, { rows, cols, store }] of Object.entries(FLAT)) {
    test(`${kernel}: a 2-D grid with contiguous rows ports completely on ${target.soc} as one stream of ${rows} × ${cols} elements counted in 64 bits`, () => {
      const r = port('grid2d.cu', kernel, target);
      assert.equal(r.kind, 'complete', r.reasons.join('; '));
      assert.match(r.text, new RegExp(`over ${rows} × ${cols} elements:`));
      assert.match(r.text, store);
      assert.match(r.text, /Note: the 2-D grid .* is flattened to one index .*row stride/);
      // The wrapper's length comes from the kernel's own arguments, multiplied in 64 bits, and is 0 when either is not positive.
      assert.ok(r.text.includes(`const int64_t len = static_cast<int64_t>((${rows} > 0 && ${cols} > 0 ? static_cast<int64_t>(${rows}) * static_cast<int64_t>(${cols}) : 0));`), r.text);
      const check = syntaxCheck(r.text, target.cann);
      assert.ok(check.ok, check.errors);
    });
  }
}

const REJECTED: Record<string, RegExp> = {
  strided_rows: /indexes `out\[row \* ld \+ col\]` with row stride `ld`, not the column bound `cols`: its rows are not contiguous/,
  col_ramp: /uses the 2-D index `col` as a value/,
  transpose_naive: /reads `in\[col \* rows \+ row\]`: only `in\[row \* cols \+ col\]` is elementwise in a 2-D grid/,
  scale3d: /indexes a 3-D grid/,
  row_per_block: /does not begin with a row `blockIdx\.y \* blockDim\.y \+ threadIdx\.y` and a column/,
  complex_mul: /reads `p\.y` \(lane 1\) for lane 0: a lane that reads another lane is not elementwise/,
  lane_weights: /computes lane 1 of `make_float4\(…\)` as `2\.0f \* v\.y`, not as lane 0 does/,
  swapped_lanes: /computes lane 0 of `make_float2\(…\)` from lane 1 \(`b`\): a lane that reads another lane is not elementwise/,
  read_unset: /reads `a` before any value is assigned to it/,
  sync_between: /calls `__syncthreads`: block-level cooperation is not elementwise/,
  first_only: /computes `first` from per-element values before its grid-stride loop: CUDA computes it once per thread/,
  lane_gate: /stores into `out` a value that depends on one lane of a vector \(`p\[i\]\.y` read outside `make_float2\(…\)`\)/,
};

for (const [kernel, reason] of Object.entries(REJECTED)) {
  test(`${kernel}: a 2-D form that does not flatten is a skeleton that says why`, () => {
    const r = port('breadth_rejected.cu', kernel, B3);
    assert.equal(r.kind, 'skeleton');
    assert.ok(r.reasons.some((x) => reason.test(x)), r.reasons.join('\n'));
  });
}

test('programmatic-dependent-launch calls, through wrappers of the file whose bodies make only those calls, are dropped with a note', () => {
  for (const kernel of ['scale_bias_pdl', 'softcap_pdl', 'relu64_pdl']) {
    const r = port('pdl.cu', kernel, B3);
    assert.equal(r.kind, 'complete', r.reasons.join('; '));
    assert.match(r.text, /Note: `pdl_wait\(\)` \(programmatic dependent launch: .*\) has no counterpart and is dropped/);
    assert.match(r.text, /Note: `pdl_launch_next\(\)` /);
  }
});

test('a call named like a PDL wrapper but defined in the file with other work is not dropped', () => {
  const text = [
    '__device__ void ggml_cuda_pdl_sync() { int x = 0; (void)x; }',
    '__global__ void k(const float* x, float* y, int n) {',
    '  ggml_cuda_pdl_sync();',
    '  int i = blockIdx.x * blockDim.x + threadIdx.x;',
    '  if (i < n) y[i] = x[i] * 2.0f;',
    '}',
  ].join('\n');
  const doc = engine.open(text);
  try {
    const r = portKernel(doc, engine.analyze(doc, { target: B3 }), 'k', B3, 'k.cu')!;
    assert.equal(r.kind, 'skeleton');
  } finally {
    doc.dispose();
  }
  // ggml's own names, whose definitions live in its headers, are dropped by name.
  const ggml = text.split('\n').slice(1).join('\n');
  const doc2 = engine.open(ggml);
  try {
    const r = portKernel(doc2, engine.analyze(doc2, { target: B3 }), 'k', B3, 'k.cu')!;
    assert.equal(r.kind, 'complete', r.reasons.join('; '));
    assert.match(r.text, /`ggml_cuda_pdl_sync\(\)` \(programmatic dependent launch/);
  } finally {
    doc2.dispose();
  }
});

test('coshf is composed from Exp and Div, with a note on its range', () => {
  const r = port('cosh.cu', 'sech_squared', B3);
  assert.equal(r.kind, 'complete', r.reasons.join('; '));
  assert.match(r.text, /coshf\(x\) is computed as \(e\^x \+ 1 \/ e\^x\) \/ 2/);
  assert.match(r.text, /AscendC::Exp\(/);
});

const VECTORS: Record<string, { lanes: number; store: RegExp }> = {
  saxpy4: { lanes: 4, store: /\/\/ {3}z\[i\] = \(\(a \* x\[i\]\) \+ y\[i\]\)/ },
  clamp_low2: { lanes: 2, store: /\/\/ {3}out\[i\] = max\(in\[i\], lo\)/ },
  fill_pair4: { lanes: 4, store: /\/\/ {3}b\[i\] = v\n\/\/ {3}a\[i\] = v/ },
  // Lanes computed in statements (`a[i].x`, `a[i].y`) through a void helper with reference outputs.
  spread_pairs: { lanes: 2, store: /\/\/ {3}v\d+ = \(\(\(a\[i\] - b\[i\]\) \* \(w\)\) > 0\.0f \? \(2\.0f - [^\n]*\n\/\/ {3}lo\[i\] = \(\(0\.5f \* \(a\[i\] \+ b\[i\]\)\) - v\d+\)\n\/\/ {3}hi\[i\] = \(\(0\.5f \* \(a\[i\] \+ b\[i\]\)\) \+ v\d+\)/ },
};

for (const target of [B3, P3]) {
  for (const [kernel, { lanes, store }] of Object.entries(VECTORS)) {
    test(`${kernel}: a float${lanes} kernel whose lanes agree is de-vectorised to ${lanes} × n floats on ${target.soc}`, () => {
      const r = port('vector.cu', kernel, target);
      assert.equal(r.kind, 'complete', r.reasons.join('; '));
      assert.match(r.text, store);
      assert.match(r.text, new RegExp(`Note: the \`float${lanes}\` tensors are de-vectorised`));
      // Exactly the whole vectors CUDA processed: n of them, lanes floats each.
      assert.ok(r.text.includes(`const int64_t len = static_cast<int64_t>(static_cast<int64_t>(${kernel === 'spread_pairs' ? 'n / 2' : 'n'}) * ${lanes});`), r.text.slice(0, 3000));
      const check = syntaxCheck(r.text, target.cann);
      assert.ok(check.ok, check.errors);
    });
  }
}
