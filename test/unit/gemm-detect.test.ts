/**
 * The GEMM detector (model/gemmDetect.ts) on the GEMM catalogue (test/fixtures/gemm/*.cu):
 * each form detected with its M, N, K and their sources, layouts, leading dimensions,
 * batching, alpha/beta and epilogue; the negatives not detected, with their reason. Then the
 * agreement of ASC709, the estimates and the port classifier, which all read the detector.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, portKernel, type Target } from '../../server/src/engine';
import { estimateDocument } from '../../server/src/engine/estimates';
import { parseIndex, polyText, coefficientOf } from '../../server/src/engine/model/affine';
import { FileFacts } from '../../server/src/engine/model/facts';
import type { GemmDescription } from '../../server/src/engine/model/gemm';
import { analyzeGemm } from '../../server/src/engine/model/gemmDetect';
import { kernelClass } from '../../server/src/engine/port/classes';
import { kernelNode } from '../../server/src/engine/port/recognize';

const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const DIR = path.resolve(__dirname, '../fixtures/gemm');
let engine: Engine;
before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

/** M, N, K as `kind:expr`; A, B, C as `param/layout/ld`. */
interface Row {
  form: GemmDescription['form'];
  mnk: [string, string, string];
  a: string;
  b: string;
  c: string;
  batch?: string;
  epilogue?: GemmDescription['epilogue'];
  unknowns?: RegExp;
  accumulator?: string;
  /** M read from the launch: the grid axis and the rows a block covers. */
  grid?: { axis: 'x' | 'y'; perBlock: 'block' | number };
}

const P = (e: string) => `param:${e}`;
const ROWS: Record<string, Row> = {
  'naive.cu': { form: 'naive', mnk: [P('M'), P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N' },
  'coalesced.cu': { form: 'coalesced', mnk: [P('M'), P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N' },
  'shared_tiled.cu': { form: 'shared-tiled', mnk: [P('M'), P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N' },
  'block_tiled_1d.cu': { form: 'block-tiled-1d', mnk: [P('M'), P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N' },
  'block_tiled_2d.cu': { form: 'block-tiled-2d', mnk: [P('M'), P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N' },
  // Unguarded (M, N multiples of the tile): M only the launch knows; N is C's leading dimension.
  'vectorized.cu': { form: 'vectorized', mnk: ['launch:gridDim.y * blockDim.y', P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N', unknowns: /^M: no bound check/ },
  'warp_tiled.cu': { form: 'warp-tiled', mnk: [P('M'), P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N' },
  'double_buffered.cu': { form: 'double-buffered', mnk: [P('M'), P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N' },
  'wmma.cu': { form: 'wmma', mnk: [P('M'), P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N', accumulator: 'float' },
  'batched.cu': { form: 'naive', mnk: [P('M'), P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N', batch: 'blockIdx.z batch strideA strideB strideC' },
  'transposed_b.cu': { form: 'naive', mnk: [P('M'), P('N'), P('K')], a: 'A/row/K', b: 'W/col/K', c: 'C/row/N' },
  'alpha_beta.cu': { form: 'naive', mnk: [P('M'), P('N'), P('K')], a: 'A/row/lda', b: 'B/row/ldb', c: 'C/row/ldc', epilogue: { alpha: 'alpha', beta: 'beta' } },
  'bias_relu.cu': { form: 'naive', mnk: [P('M'), P('N'), P('K')], a: 'inp/row/K', b: 'weight/row/N', c: 'out/row/N', epilogue: { bias: { param: 'bias', by: 'col', elementType: 'float' }, activation: 'relu' } },
  // Through a __device__ helper, with two offsets walking A and B in lockstep: the kernel's own names.
  // C is unguarded: M is the grid's rows of blocks times the block's rows (T, a template parameter).
  'helper_lockstep.cu': { form: 'shared-tiled', mnk: ['launch:gridDim.y * blockDim.y', P('wB'), P('wA')], a: 'A/row/wA', b: 'B/row/wB', c: 'C/row/wB', grid: { axis: 'y', perBlock: 'block' } },
  // Unguarded (issue #16): M from the launch, exactly: rows per block the tile constant, the template's tile side, or blockDim.y.
  'unguarded_tiled.cu': { form: 'shared-tiled', mnk: ['launch:gridDim.y * 8', P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N', grid: { axis: 'y', perBlock: 8 } },
  'unguarded_template.cu': { form: 'shared-tiled', mnk: ['launch:gridDim.y * blockDim.y', P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N', grid: { axis: 'y', perBlock: 'block' } },
  'unguarded_naive.cu': { form: 'naive', mnk: ['launch:gridDim.y * blockDim.y', P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N', grid: { axis: 'y', perBlock: 'block' } },
  // Register tiles without a bound check (llm.c's matmul_forward_kernel4 style): 64 rows per block of 16 × 4-row threads; a bias the CUDA skips when null.
  'register_tiled_unguarded.cu': { form: 'block-tiled-2d', mnk: ['launch:gridDim.x * 64', P('N'), P('K')], a: 'inp/row/K', b: 'weight/col/K', c: 'out/row/N', grid: { axis: 'x', perBlock: 64 }, epilogue: { bias: { param: 'bias', by: 'col', elementType: 'float', nullable: true } } },
  // A pipeline whose prefetch loop steps the stage offsets: B's K step is its bStep (row-major), read from that loop.
  'pipelined_stages.cu': { form: 'double-buffered', mnk: ['launch:gridDim.y * 16', P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N', grid: { axis: 'y', perBlock: 16 } },
  'gemv.cu': { form: 'gemv', mnk: [P('M'), 'constant:1', P('K')], a: 'A/row/K', b: 'x/row/1', c: 'y/row/1' },
  // A K loop over whole tiles (`t < K / TILE`): the detector reads K; the port's geometry reads K / 16 * 16.
  'whole_k_tiles.cu': { form: 'shared-tiled', mnk: [P('M'), P('N'), P('K')], a: 'A/row/K', b: 'B/row/N', c: 'C/row/N' },
};
const NEGATIVES: Record<string, RegExp> = {
  'not_softmax_backward.cu': /two operands read at the same index, a dot product/,
  'not_dot.cu': /writes no pointer parameter|dot product/,
  'not_conv.cu': /slides over .*a convolution or stencil, not a GEMM/,
  'not_wmma_origin.cu': /`b`'s column-major fragment origin moves by `k_ld` per step of `i`, not by `1`: its loads do not walk B's K axis/,
  'not_layernorm_backward.cu': /the accumulated products \(`dot`\) never reach `dw\[row \* C \+ threadIdx\.x \* 4 \+ k\]`/,
  'not_wmma_store.cu': /`d`'s fragment is stored at .*, not where A's rows .* and B's columns .* meet/,
};

function open(file: string) {
  const doc = engine.open(fs.readFileSync(path.join(DIR, file), 'utf8'));
  const facts = FileFacts.of(doc);
  const fn = facts.functions().find((f) => f.kind === 'global')!;
  return { doc, facts, fn };
}

test('the catalogue is complete: every fixture has a row or is a negative', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.cu')).sort();
  assert.deepEqual(files, [...Object.keys(ROWS), ...Object.keys(NEGATIVES)].sort());
});

for (const [file, row] of Object.entries(ROWS)) {
  test(`detects ${file}: ${row.form}, M/N/K, layouts, leading dimensions, batch and epilogue`, () => {
    const { doc, facts, fn } = open(file);
    try {
      const v = analyzeGemm(facts, fn);
      assert.ok('gemm' in v, `not detected: ${'miss' in v ? v.miss : ''}`);
      const g = v.gemm;
      assert.equal(g.kernel, fn.name);
      assert.equal(g.form, row.form);
      assert.deepEqual([g.m, g.n, g.k].map((e) => `${e.kind}:${e.expr}`), row.mnk);
      assert.equal(`${g.a.param}/${g.a.layout}/${g.a.ld.expr}`, row.a);
      assert.equal(`${g.b.param}/${g.b.layout}/${g.b.ld.expr}`, row.b);
      assert.equal(`${g.c.param}/${g.c.layout}/${g.c.ld.expr}`, row.c);
      assert.equal(g.batch ? `${g.batch.via} ${g.batch.count.expr} ${g.batch.strideA.expr} ${g.batch.strideB.expr} ${g.batch.strideC.expr}` : undefined, row.batch);
      assert.deepEqual(g.epilogue, row.epilogue ?? {});
      if (row.unknowns) assert.match(g.unknowns.join('\n'), row.unknowns);
      else assert.deepEqual(g.unknowns, []);
      assert.equal(g.a.elementType, file === 'wmma.cu' ? 'half' : 'float');
      if (row.accumulator) assert.equal(g.accumulator, row.accumulator);
      assert.deepEqual(g.m.kind === 'launch' ? g.m.grid : undefined, row.grid);
      if (file === 'register_tiled_unguarded.cu') assert.deepEqual(g.cudaLaunch, { block: [16, 16], tile: [64, 64], mAxis: 'x' });
    } finally {
      doc.dispose();
    }
  });
}

for (const [file, why] of Object.entries(NEGATIVES)) {
  test(`${file} is not a GEMM, with its reason`, () => {
    const { doc, facts, fn } = open(file);
    try {
      const v = analyzeGemm(facts, fn);
      assert.ok('miss' in v, `detected as a GEMM: ${JSON.stringify('gemm' in v && v.gemm.form)}`);
      assert.match(v.miss, why);
    } finally {
      doc.dispose();
    }
  });
}

test('agreement: ASC709 fires iff the detector reads a GEMM; the estimate is cube (vector with its reason for GEMV); the class is gemm', () => {
  for (const file of [...Object.keys(ROWS), ...Object.keys(NEGATIVES)]) {
    const { doc, facts, fn } = open(file);
    try {
      const detected = 'gemm' in analyzeGemm(facts, fn);
      const findings = engine.analyze(doc, { target: B3 }).findings.filter((f) => f.code === 'ASC709');
      assert.equal(findings.length, detected ? 1 : 0, `${file}: ASC709 ${findings.length}`);
      const est = estimateDocument(doc, { target: B3 }).kernels.find((k) => k.kernel === fn.name)!;
      const cls = kernelClass(facts, doc.text, fn, kernelNode(facts, fn), B3);
      if (!detected) {
        assert.notEqual(est.classification, 'cube', file);
        // A kernel built from wmma calls is in the gemm class by construction, as a detector miss.
        if (/\bmma_sync\b/.test(doc.text)) assert.match(`${cls.cls}: ${cls.sign}`, /^gemm: named or built like a matrix product, not read by the detector/, file);
        else assert.notEqual(cls.cls, 'gemm', file);
        continue;
      }
      assert.equal(cls.cls, 'gemm', file);
      if (ROWS[file]!.form === 'gemv') {
        assert.equal(est.classification, 'vector', file);
        assert.match(est.reason, /GEMV.*Cube.*mostly idle/, file);
        assert.match(findings[0]!.message, /vector unit/);
      } else {
        assert.equal(est.classification, 'cube', file);
        assert.match(est.lens, /Cube/, file);
        assert.match(findings[0]!.message, /Cube unit/);
      }
    } finally {
      doc.dispose();
    }
  }
});

test('a register-tiled SGEMM is Cube-eligible with its launch shapes; a wmma kernel notes that its tile is not the Cube fractal', () => {
  const { doc } = open('block_tiled_2d.cu');
  try {
    const k = estimateDocument(doc, { target: B3 }).kernels[0]!;
    assert.equal(k.classification, 'cube');
    assert.match(k.hover, /Cube-eligible: a block-tiled-2d GEMM/);
    assert.match(k.lens, /^Ascend910B3 · Cube \d/);
  } finally {
    doc.dispose();
  }
  const w = open('wmma.cu');
  try {
    const k = estimateDocument(w.doc, { target: B3 }).kernels[0]!;
    assert.equal(k.classification, 'cube');
    assert.match(k.reason, /tensor-core tile \(16×16×16\) is not the Cube's/);
    assert.equal(k.dtype, 'half');
  } finally {
    w.doc.dispose();
  }
});

test('agreement on an M only the launch gives: ASC709 and the estimate name the same extent, and the port computes it from the CUDA grid and block', () => {
  for (const [file, row] of Object.entries(ROWS)) {
    if (!row.grid) continue;
    const { doc, facts, fn } = open(file);
    try {
      const v = analyzeGemm(facts, fn);
      assert.ok('gemm' in v && v.gemm.m.kind === 'launch');
      const m = v.gemm.m;
      // (Read in a __device__ helper, ASC709 reports on the helper, under the helper's names for N and K.)
      const finding = engine.analyze(doc, { target: B3 }).findings.find((f) => f.code === 'ASC709')!;
      assert.ok(finding.message.includes(`M × N × K = ${m.expr} (launch) × `), `${file}: ${finding.message}`);
      if (!/helper/.test(file)) assert.ok(finding.message.includes(`M × N × K = ${m.expr} (launch) × ${v.gemm.n.expr} × ${v.gemm.k.expr}`), `${file}: ${finding.message}`);
      const est = estimateDocument(doc, { target: B3 }).kernels.find((k) => k.kernel === fn.name)!;
      assert.ok(est.reason.includes(`M = ${m.expr}, N = ${v.gemm.n.expr}, K = ${v.gemm.k.expr}`), `${file}: ${est.reason}`);
      const port = portKernel(doc, null, fn.name, B3, file)!;
      assert.equal(port.kind, 'complete', file);
      const X = row.grid.axis.toUpperCase();
      const Y = row.grid.perBlock === 'block' ? `cudaGrid${X} * cudaBlock${X}` : `cudaGrid${X} * ${row.grid.perBlock}`;
      assert.ok(port.text.includes(`M × N × K = ${Y} × ${v.gemm.n.expr} × ${v.gemm.k.expr}`), file);
      assert.ok(port.text.includes(`const int64_t mDim = static_cast<int64_t>(${Y});`), file);
      assert.match(port.text, new RegExp(`Note: the CUDA has no bound check on its row index: it computes exactly gridDim\\.${row.grid.axis} × \\S+ rows`), file);
      assert.match(port.text, new RegExp(row.grid.perBlock === 'block' ? `uint64_t cudaGrid${X}, uint64_t cudaBlock${X}, aclrtStream stream\\)` : `uint64_t cudaGrid${X}, aclrtStream stream\\)`), file);
    } finally {
      doc.dispose();
    }
  }
});

test('the matmul skeleton says Cube and the Matmul API, not the vector API', () => {
  // (The float4 kernel without its launch: its geometry is unknown, so it is not claimed complete.)
  const text = fs.readFileSync(path.join(DIR, 'vectorized.cu'), 'utf8');
  const doc = engine.open(text.slice(0, text.indexOf('void launch_float4')));
  try {
    const port = portKernel(doc, engine.analyze(doc, { target: B3 }), 'sgemm_float4', B3, 'vectorized.cu');
    assert.equal(port?.kind, 'skeleton');
    assert.match(port!.text, /belongs on the Cube unit, through the Matmul API/);
    assert.doesNotMatch(port!.text, /vector API on LocalTensors/);
  } finally {
    doc.dispose();
  }
});

test('affine index analysis: locals substituted, coefficients per symbol, opaque parts kept', () => {
  const env = (n: string) => (n === 'row' ? parseIndex('blockIdx.y * blockDim.y + threadIdx.y') ?? undefined : undefined);
  const p = parseIndex('row * K + k', env)!;
  assert.equal(polyText(p), 'k + K * blockDim.y * blockIdx.y + K * threadIdx.y');
  assert.equal(polyText(coefficientOf(p, 'threadIdx.y')), 'K');
  assert.equal(polyText(coefficientOf(p, 'k')), '1');
  assert.equal(polyText(parseIndex('(t + 1) * 16 + (threadIdx.x % 4) << 1')!), '2 * ((threadIdx.x)%4) + 32 * t + 32');
  assert.equal(parseIndex(''), null);
  assert.match(polyText(parseIndex('i < n ? i : 0')!), /^\(/, 'a comparison is one opaque symbol, not an error');
});

/**
 * What the launch geometry reads of host code (`FileFacts.integerConstant`, `launchFields`,
 * `launchBlocks`): constant expressions of literals and integer constants with C's truncating
 * division, the fields of `dim3` configurations inline or through a local declared before the
 * launch, and nothing it cannot prove (a local changed after its declaration, a float, a call).
 */
test('launch geometry: integer constant expressions, dim3 fields inline and through a local, refusals', () => {
  const src = [
    '#define BM 64',
    '#define TM 4',
    '#define HALF 0.5f',
    '__global__ void k(float* c, int n) { c[threadIdx.x] = 0.0f; }',
    'void run(float* c, int M, int N) {',
    '  dim3 grid((N + BM - 1) / BM, M / BM);',
    '  k<<<grid, (BM / TM) * (BM / TM)>>>(c, N);',
    '  dim3 moved(N, M);',
    '  moved.x = 1;',
    '  k<<<moved, dim3(16, 16)>>>(c, N);',
    '}',
  ].join('\n');
  const doc = engine.open(src);
  try {
    const facts = FileFacts.of(doc);
    assert.equal(facts.integerConstant('(BM / TM) * (BM / TM)'), 256);
    assert.equal(facts.integerConstant('BM * 3 / 2 - 7 % 4'), 93);
    assert.equal(facts.integerConstant('(BM + 1) / TM'), 16);
    for (const bad of ['HALF * 2', 'BM / 0', 'n * 2', 'f(BM)', '(BM', 'BM - 100']) assert.equal(facts.integerConstant(bad), undefined, bad);
    const [first, second] = facts.launchesOf('k');
    assert.deepEqual(facts.launchFields(first!.config[0]!.text, first!.span.start), ['(N + BM - 1) / BM', 'M / BM']);
    assert.deepEqual(facts.launchFields(second!.config[1]!.text, second!.span.start), ['16', '16']);
    assert.equal(facts.launchFields(second!.config[0]!.text, second!.span.start), undefined, 'a local changed after its declaration');
    const fn = facts.functions().find((f) => f.name === 'k')!;
    assert.deepEqual(facts.launchBlocks(fn).map((b) => b.block), [[256, 1, 1], [16, 16, 1]]);
  } finally {
    doc.dispose();
  }
});
