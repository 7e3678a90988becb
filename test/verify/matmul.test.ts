/**
 * The Matmul port verified: the GEMM catalogue of test/fixtures/port/gemm.cu (naive, transposed
 * B, alpha/beta, bias + ReLU, a fused bias, GELU + bias + residual, batched over blockIdx.z,
 * half inputs with float accumulation, int8 summed in int32, shared-memory tiled, register-tiled
 * 4 × 4 per thread), each with a hand-built GEMM description (the detector is
 * another unit's; `patterns/gemm.ts` is where it connects), ported completely to the Matmul
 * high-level API and run on the CPU model against the CUDA on the CPU shim for
 * M × N × K = 1 × 1 × 1, 17 × 33 × 65 and 256 × 128 × 512, with the CANN 8.x and 9.x spellings.
 * 910A (no Matmul API) and 310P3 (operand types unconfirmed, no UB workspace yet) give
 * skeletons with their reasons. Mutations show the verifier catches a wrong Matmul port.
 * Needs g++; run by `npm run test:verify`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portableKernels, portKernel, type GemmDescription, type Target } from '../../server/src/engine';
import { findCompiler, verifyFile, type VerifyResult } from '../../server/src/node/verify';
import { GEMMS } from '../fixtures/port/gemm-descriptions';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'test/fixtures/port/gemm.cu');
const text = fs.readFileSync(FILE, 'utf8');
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-matmul-test-'));

before(async () => {
  assert.ok('compiler' in findCompiler(), 'verification needs g++ (CI installs it)');
  engine = await Engine.create();
});

after(() => {
  engine.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function summary(r: VerifyResult): string {
  return JSON.stringify({ status: r.status, message: r.message, log: r.buildLog?.slice(0, 3000), failed: r.kernels.filter((k) => !k.pass).map((k) => ({ kernel: k.kernel, error: k.error, cases: k.cases.filter((c) => !c.pass) })) }, null, 1).slice(0, 8000);
}

const KERNELS = Object.keys(GEMMS);

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend910B3', cann: '9.x' },
] as Target[]) {
  test(`every catalogued GEMM is ported to the Matmul API and computes what the CUDA computes on ${target.soc} (CANN ${target.cann}): 1×1×1, 17×33×65, 256×128×512; no model violation`, async () => {
    const doc = engine.open(text);
    try {
      for (const k of KERNELS) {
        const v = kernelVerdict(doc, k, target, { gemm: GEMMS[k] })!;
        assert.equal(v.kind, 'complete', `${k}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
        assert.equal(v.kind === 'complete' && v.plan.schedule, 'matmul', k);
      }
    } finally {
      doc.dispose();
    }
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: KERNELS, gemms: GEMMS });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...KERNELS].sort());
    for (const k of r.kernels) {
      assert.deepEqual(k.cases.map((c) => c.size), [1, 17 * 33, 256 * 128], k.kernel);
      for (const c of k.cases) {
        assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
        assert.ok(c.outputs.length >= 1 && c.outputs.every((o) => o.pass), `${k.kernel} n=${c.size}`);
      }
    }
  });
}

test('--sizes are M, N, K triples: a product of 5 × 3 × 7 and one of 40 × 1 × 300 pass', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const r = await verifyFile(engine, { file: FILE, text, target, kernels: ['sgemm_nt', 'sgemm_batched'], gemms: GEMMS, sizes: [5, 3, 7, 40, 1, 300] });
  assert.equal(r.status, 'pass', summary(r));
  for (const k of r.kernels) assert.deepEqual(k.cases.map((c) => c.size), [15, 40], k.kernel);
});

test('910A has no Matmul API: every GEMM is a skeleton that says so; 310P3 is a skeleton with its reason', () => {
  const doc = engine.open(text);
  try {
    for (const k of KERNELS) {
      const a = portKernel(doc, null, k, { soc: 'Ascend910A', cann: '8.x' }, 'gemm.cu', { gemm: GEMMS[k] })!;
      assert.equal(a.kind, 'skeleton', k);
      assert.match(a.reasons.join('\n'), /Matmul high-level API is "not supported" on Atlas training series \(910A\)/, k);
      assert.match(a.text, /TODO\(ascend-port\)/, k);
      const p = kernelVerdict(doc, k, { soc: 'Ascend310P3', cann: '8.x' }, { gemm: GEMMS[k] })!;
      assert.equal(p.kind, 'skeleton', k);
      assert.match(p.kind === 'skeleton' ? p.reasons.join('\n') : '', /310P.*half and int8 only.*SetLocalWorkspace/, k);
    }
  } finally {
    doc.dispose();
  }
});

test('a description with unknowns, a launch-only extent or a half accumulator gives a skeleton with that reason', () => {
  const doc = engine.open(text);
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  try {
    const base = GEMMS.sgemm_naive!;
    const cases: [GemmDescription, RegExp][] = [
      [{ ...base, unknowns: ['the stride of B'] }, /could not pin down: the stride of B/],
      [{ ...base, m: { kind: 'launch', expr: 'gridDim.y * blockDim.y' } }, /M is known only from the launch/],
      [{ ...base, accumulator: 'half' }, /CUDA accumulates the products in half/],
      [{ ...base, a: { ...base.a, ld: { kind: 'launch', expr: 'gridDim.x' } } }, /A's leading dimension is known only from the launch/],
    ];
    for (const [g, reason] of cases) {
      const v = kernelVerdict(doc, 'sgemm_naive', target, { gemm: g })!;
      assert.equal(v.kind, 'skeleton');
      assert.match(v.kind === 'skeleton' ? v.reasons.join('\n') : '', reason);
    }
  } finally {
    doc.dispose();
  }
});

/** The verdict of one kernel of a text (the detector's reading: no hand-built description). */
function verdictOf(src: string, kernel: string, target: Target) {
  const doc = engine.open(src);
  try {
    return kernelVerdict(doc, kernel, target)!;
  } finally {
    doc.dispose();
  }
}

/** The reasons of a kernel whose verdict must be a skeleton. */
function skeletonReasons(src: string, kernel: string, target: Target): string {
  const v = verdictOf(src, kernel, target);
  assert.equal(v.kind, 'skeleton', kernel);
  return v.kind === 'skeleton' ? v.reasons.join('\n') : '';
}

/** The port of one kernel with an edit applied, written as a file to verify with --port. */
/** (Of gemm.cu with its hand-built description by default; of another file through the detector.) */
function mutated(kernel: string, target: Target, edit: (t: string) => string, source: { text: string; name: string; gemm?: GemmDescription } = { text, name: 'gemm.cu', gemm: GEMMS[kernel] }): string {
  const doc = engine.open(source.text);
  try {
    const r = portKernel(doc, null, kernel, target, source.name, source.gemm ? { gemm: source.gemm } : undefined)!;
    assert.equal(r.kind, 'complete');
    const changed = edit(r.text);
    assert.notEqual(changed, r.text, 'the mutation applies');
    const file = path.join(tmp, `${kernel}-${Math.random().toString(36).slice(2)}.cpp`);
    fs.writeFileSync(file, changed);
    return file;
  } finally {
    doc.dispose();
  }
}

test('the verifier catches a wrong Matmul port: B not transposed, a dropped batch offset, a missing End, beta dropped', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const mutations: [string, (t: string) => string, (r: VerifyResult) => boolean][] = [
    ['sgemm_nt', (t) => t.replace('bGm[batch * strideB + offB], true)', 'bGm[batch * strideB + offB], false)'), (r) => r.status === 'fail'],
    ['sgemm_batched', (t) => t.replace('mm.SetTensorA(aGm[batch * strideA + offA]', 'mm.SetTensorA(aGm[offA]'), (r) => r.status === 'fail'],
    ['sgemm_naive', (t) => t.replace(/\n {2}mm\.End\(\);/, ''), (r) => r.status === 'fail' && r.kernels[0]!.cases.some((c) => c.violations.some((v) => v.api === 'Matmul::End'))],
    ['sgemm_alpha_beta', (t) => t.replace(/AscendC::Add\(([^,]+), ([^,]+), ([^,]+), cnt\);/, 'AscendC::Muls($1, $2, static_cast<float>(1), cnt);'), (r) => r.status === 'fail'],
  ];
  for (const [kernel, edit, caught] of mutations) {
    const portFile = mutated(kernel, target, edit);
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: [kernel], portFile, gemms: GEMMS, sizes: [17, 33, 65] });
    assert.ok(caught(r), `${kernel}: ${summary(r)}`);
  }
});

/**
 * K = 0 (an empty sum): no Matmul can run (its tiling needs K ≥ 1), and the CUDA stores what its
 * loops give for a zero product. The wrapper stores the same: zeros (naive.cu, rows of a batched
 * product), the epilogue over a zeroed product (alpha_beta.cu: beta · C; bias_relu.cu), the bias
 * in each row of a fused-bias product, or zeros when that bias is null (register_tiled_unguarded.cu,
 * run with and without it). A wrapper that leaves C alone at K = 0 is caught.
 */
test('K = 0: every product stores what the CUDA stores for an empty sum; a wrapper that skips it is caught', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  for (const [f, kernel] of [['naive.cu', 'sgemm_naive'], ['batched.cu', 'sgemm_batched'], ['alpha_beta.cu', 'sgemm_alpha_beta'], ['bias_relu.cu', 'linear_bias_relu'], ['register_tiled_unguarded.cu', 'linear_tiled4']] as const) {
    const file = path.join(ROOT, 'test/fixtures/gemm', f);
    const src = fs.readFileSync(file, 'utf8');
    const r = await verifyFile(engine, { file, text: src, target, kernels: [kernel], sizes: [3, 5, 0] });
    assert.equal(r.status, 'pass', `${f}: ${summary(r)}`);
    assert.ok(r.kernels[0]!.cases.length >= 1, f);
  }
  // The hand-described fused bias of gemm.cu (SetBias; at K = 0 each row of Y is the bias).
  const fused = await verifyFile(engine, { file: FILE, text, target, kernels: ['linear_bias'], gemms: GEMMS, sizes: [3, 5, 0] });
  assert.equal(fused.status, 'pass', summary(fused));
  const file = path.join(ROOT, 'test/fixtures/gemm/alpha_beta.cu');
  const src = fs.readFileSync(file, 'utf8');
  const portFile = mutated('sgemm_alpha_beta', target, (t) => t.replace('  if (kDim <= 0) {', '  if (kDim <= 0) return ACL_SUCCESS;\n  if (false) {'), { text: src, name: 'alpha_beta.cu' });
  const m = await verifyFile(engine, { file, text: src, target, kernels: ['sgemm_alpha_beta'], portFile, sizes: [3, 5, 0] });
  assert.equal(m.status, 'fail', summary(m));
});

/**
 * Blocks of larger matrices (BLAS's lda, ldb, ldc; alpha_beta.cu): verify runs the CUDA and the
 * port with rows a few elements longer than the block (lda = K + 3, ldb = N + 5, ldc = N + 2),
 * so the gaps between rows must come out untouched; a port that drops one of the strides (A's
 * org shape, the packed product's row length, the epilogue's stride in C) is caught.
 */
test('sub-matrices: lda, ldb and ldc reach SetOrgShape and the epilogue; a port that ignores one is caught', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const file = path.join(ROOT, 'test/fixtures/gemm/alpha_beta.cu');
  const src = fs.readFileSync(file, 'utf8');
  const source = { text: src, name: 'alpha_beta.cu' };
  const ok = await verifyFile(engine, { file, text: src, target, kernels: ['sgemm_alpha_beta'] });
  assert.equal(ok.status, 'pass', summary(ok));
  const mutations: Array<(t: string) => string> = [
    (t) => t.replace('static_cast<int>(ldA)', 'tiling.Ka'),
    (t) => t.replace('static_cast<int>(ldC));', 'static_cast<int>(ldB));'),
    (t) => t.replace(/CGm_\[row_ \* static_cast<uint64_t>\(epLdc_\) \+ col\], COut/, 'CGm_[rowOff + col], COut'),
  ];
  for (const edit of mutations) {
    const portFile = mutated('sgemm_alpha_beta', target, edit, source);
    const r = await verifyFile(engine, { file, text: src, target, kernels: ['sgemm_alpha_beta'], portFile, sizes: [17, 33, 65] });
    assert.equal(r.status, 'fail', summary(r));
  }
});

/**
 * The detector connected: every kernel of the GEMM catalogue (test/fixtures/gemm) whose port
 * comes out complete through the port's own `gemmOf` (no hand-built description) passes
 * verify on 910B3; the forms verify cannot launch yet stay skeletons that say so.
 */
test('the GEMM catalogue through the detector: every complete Matmul port verifies on Ascend910B3; the others say why not', async () => {
  const engine = await Engine.create();
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const dir = path.join(ROOT, 'test/fixtures/gemm');
  let complete = 0;
  try {
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.cu')).sort()) {
      const file = path.join(dir, f);
      const text = fs.readFileSync(file, 'utf8');
      const doc = engine.open(text);
      const kernels: string[] = [];
      try {
        for (const k of portableKernels(doc)) {
          const v = kernelVerdict(doc, k.name, target)!;
          if (v.kind === 'complete' && v.program.schedule.kind === 'matmul') kernels.push(k.name);
          else if (v.kind === 'skeleton' && /the CUDA launch geometry of a/.test(v.reasons.join(' '))) assert.match(v.reasons.join(' '), /not claimed complete until it is verified/);
        }
      } finally {
        doc.dispose();
      }
      if (!kernels.length) continue;
      complete += kernels.length;
      const r = await verifyFile(engine, { file, text, target, kernels });
      assert.equal(r.status, 'pass', `${f}: ${JSON.stringify(r.kernels.map((k) => ({ k: k.kernel, e: k.error, bad: k.cases.filter((c) => !c.pass).map((c) => c.size) })))}`);
    }
    // Every catalogued product but gemv.cu, which goes to the vector unit.
    assert.equal(complete, 20, `${complete} complete Matmul ports in the catalogue`);
  } finally {
    engine.dispose();
  }
});

/**
 * Products without bound checks (issue #16): M comes from the CUDA launch (the wrapper takes
 * cudaGridY, and cudaBlockY when a block covers blockDim.y rows); verify launches the CUDA side
 * with the tile's block and shapes that are multiples of the tile (1 × 1 × 1, 2 × 3 × 4 and
 * 5 × 2 × 3 tiles). A port that takes M from the wrong grid axis must fail.
 */
test('unguarded GEMMs: M from the launch, verified on multiples of the tile; M from the wrong axis is caught', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const dir = path.join(ROOT, 'test/fixtures/gemm');
  const tiles: Record<string, [string, number]> = { 'unguarded_tiled.cu': ['ug_tiled_fixed', 8], 'unguarded_template.cu': ['ug_tiled_template', 16], 'unguarded_naive.cu': ['ug_naive', 16] };
  for (const [f, [kernel, t]] of Object.entries(tiles)) {
    const file = path.join(dir, f);
    const src = fs.readFileSync(file, 'utf8');
    const r = await verifyFile(engine, { file, text: src, target, kernels: [kernel] });
    assert.equal(r.status, 'pass', summary(r));
    // (The template is launched with 16 × 16 and 8 × 8 tiles: each instantiation runs with its block.)
    const ts = kernel === 'ug_tiled_template' ? [t, 8] : [t];
    assert.deepEqual(r.kernels[0]!.cases.map((c) => c.size), ts.flatMap((x) => [1 * x * 1 * x, 2 * x * 3 * x, 5 * x * 2 * x]), kernel);
    // --sizes are rounded up to multiples of the tile.
    const s = await verifyFile(engine, { file, text: src, target, kernels: [kernel], sizes: [t + 1, 1, 2 * t] });
    assert.equal(s.status, 'pass', summary(s));
    assert.deepEqual(s.kernels[0]!.cases.map((c) => c.size), ts.map((x) => Math.ceil((t + 1) / x) * x * x), kernel);
    const doc = engine.open(src);
    let port: string;
    try {
      const p = portKernel(doc, null, kernel, target, f)!;
      assert.equal(p.kind, 'complete', kernel);
      port = p.text;
    } finally {
      doc.dispose();
    }
    // The x axis's extent (gridDim.x × the tile = N, the fixtures' `N`) taken for M.
    const wrong = port.replace(/const int64_t mDim = static_cast<int64_t>\(cudaGridY \* [^)]*\);/, 'const int64_t mDim = static_cast<int64_t>(N);');
    assert.notEqual(wrong, port, 'the mutation applies');
    const portFile = path.join(tmp, `${kernel}-wrong-axis.cpp`);
    fs.writeFileSync(portFile, wrong);
    const m = await verifyFile(engine, { file, text: src, target, kernels: [kernel], portFile });
    assert.equal(m.status, 'fail', `${kernel}: M from N's extent must fail: ${summary(m)}`);
  }
});

/**
 * A launch over whole tiles of the N parameter (vectorized.cu: `dim3 grid(N / BN, M / BM)`, no
 * bound checks, float4 loads): the CUDA computes ⌊N / 64⌋ · 64 columns of rows N long and leaves
 * the rest of C untouched. Verify runs a case with 8 columns past the last tile; a port that
 * computes all N columns is caught.
 */
test('K in whole tiles (`t < K / TILE`): the port sums the products the CUDA sums, K < TILE and a remainder of K included; all K products is caught', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const file = path.join(ROOT, 'test/fixtures/gemm/whole_k_tiles.cu');
  const src = fs.readFileSync(file, 'utf8');
  const v = verdictOf(src, 'sgemm_whole_k', target);
  assert.equal(v.kind, 'complete');
  assert.equal(v.kind === 'complete' && v.program.schedule.kind === 'matmul' && v.program.schedule.gemm.k.expr, 'K / 16 * 16');
  // The same kernel summing the rest of K in a loop of its own computes the whole product: not read as K / 16 * 16.
  const rest = src.replace('  if (row < M && col < N) C[row * N + col] = acc;', '  for (int k = K / TILE * TILE; k < K; ++k) acc += A[row * K + k] * B[k * N + col];\n  if (row < M && col < N) C[row * N + col] = acc;');
  assert.notEqual(rest, src);
  assert.match(skeletonReasons(rest, 'sgemm_whole_k', target), /handles the rest of K itself/);
  // 1 × 1 × 1, 17 × 33 × 65 and 256 × 128 × 512 with M and N rounded up to the tile: K = 1 (no tile), 65 (4 tiles and 1 left out), 512.
  const r = await verifyFile(engine, { file, text: src, target, kernels: ['sgemm_whole_k'] });
  assert.equal(r.status, 'pass', summary(r));
  assert.deepEqual(r.kernels[0]!.cases.map((c) => c.size), [16 * 16, 32 * 48, 256 * 128]);
  const portFile = mutated('sgemm_whole_k', target, (t) => t.replace('const int64_t kDim = static_cast<int64_t>(K / 16 * 16);', 'const int64_t kDim = static_cast<int64_t>(K);'), { text: src, name: 'whole_k_tiles.cu' });
  const m = await verifyFile(engine, { file, text: src, target, kernels: ['sgemm_whole_k'], portFile });
  assert.equal(m.status, 'fail', summary(m));
});

test('N in whole tiles of the launch: the port computes the columns the CUDA computes; all N columns is caught', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const file = path.join(ROOT, 'test/fixtures/gemm/vectorized.cu');
  const src = fs.readFileSync(file, 'utf8');
  const r = await verifyFile(engine, { file, text: src, target, kernels: ['sgemm_float4'] });
  assert.equal(r.status, 'pass', summary(r));
  assert.deepEqual(r.kernels[0]!.cases.map((c) => c.size), [64 * 64, 128 * (3 * 64 + 8), 320 * 128]);
  // A kernel that looks at the rest of N itself (`N % BN`) is not read as ⌊N / 64⌋ · 64 columns.
  const own = src.replace('  const int tid = threadIdx.x;', '  if (N % BN != 0) return;\n  const int tid = threadIdx.x;');
  assert.notEqual(own, src);
  assert.match(skeletonReasons(own, 'sgemm_float4', target), /the CUDA launch geometry of a vectorized GEMM/);
  const portFile = mutated('sgemm_float4', target, (t) => t.replace('const int64_t nDim = static_cast<int64_t>(N / 64 * 64);', 'const int64_t nDim = static_cast<int64_t>(N);'), { text: src, name: 'vectorized.cu' });
  const m = await verifyFile(engine, { file, text: src, target, kernels: ['sgemm_float4'], portFile });
  assert.equal(m.status, 'fail', summary(m));
});

/**
 * Tensor-core kernels read by the detector (test/fixtures/port/wmma.cu): D = alpha·A·B + beta·C
 * with C and D distinct tensors, C = A·B + beta·C in place, and C += A·B through an accumulator
 * loaded from C. The CUDA side runs on the CPU shim's `<mma.h>` (every lane holds the whole
 * fragment; the warp-wide calls rendezvous), on shapes rounded up to whole 16 × 16 × 16
 * fragments; the ports use the Matmul API with a vector epilogue. A port whose beta reads the
 * output instead of C is caught; 910A gives skeletons that say why.
 */
test('wmma GEMMs through the detector: beta on its own tensor, in place and as the accumulator\'s start, verified on 910B3 (CANN 8.x and 9.x)', async () => {
  const file = path.join(ROOT, 'test/fixtures/port/wmma.cu');
  const src = fs.readFileSync(file, 'utf8');
  const kernels = ['wmma_scaled', 'wmma_accumulate', 'wmma_add_into'];
  const doc = engine.open(src);
  try {
    for (const target of [{ soc: 'Ascend910B3', cann: '8.x' }, { soc: 'Ascend910B3', cann: '9.x' }] as Target[]) {
      for (const k of kernels) {
        const v = kernelVerdict(doc, k, target)!;
        assert.equal(v.kind, 'complete', `${k}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
        assert.equal(v.kind === 'complete' && v.program.schedule.kind, 'matmul', k);
      }
    }
    const gemm = (k: string) => {
      const v = kernelVerdict(doc, k, { soc: 'Ascend910B3', cann: '8.x' })!;
      assert.ok(v.kind === 'complete' && v.program.schedule.kind === 'matmul');
      return v.program.schedule.gemm;
    };
    const scaled = gemm('wmma_scaled');
    assert.deepEqual([scaled.m.expr, scaled.n.expr, scaled.k.expr, scaled.a.ld.expr, scaled.b.ld.expr, scaled.c.ld.expr], ['M', 'N', 'K', 'K', 'K', 'N']);
    assert.deepEqual([scaled.a.layout, scaled.b.layout, scaled.c.param], ['row', 'col', 'D']);
    assert.deepEqual(scaled.epilogue, { alpha: 'alpha', beta: 'beta', cIn: { param: 'C', elementType: 'float' } });
    assert.deepEqual(scaled.cudaLaunch, { block: [128, 4], tile: [64, 64], mAxis: 'x' });
    assert.deepEqual(scaled.fragmentShape, [16, 16, 16]);
    assert.deepEqual(gemm('wmma_accumulate').epilogue, { beta: 'beta' });
    assert.deepEqual(gemm('wmma_accumulate').cudaLaunch, { block: [128, 4], tile: [64, 64], mAxis: 'y' });
    assert.deepEqual(gemm('wmma_add_into').epilogue, { beta: '1.0f' });
    for (const k of kernels) {
      const a = kernelVerdict(doc, k, { soc: 'Ascend910A', cann: '8.x' })!;
      assert.equal(a.kind, 'skeleton', k);
      assert.match(a.kind === 'skeleton' ? a.reasons.join('\n') : '', /Matmul high-level API is "not supported" on Atlas training series \(910A\)/, k);
    }
  } finally {
    doc.dispose();
  }
  for (const target of [{ soc: 'Ascend910B3', cann: '8.x' }, { soc: 'Ascend910B3', cann: '9.x' }] as Target[]) {
    const r = await verifyFile(engine, { file, text: src, target, kernels });
    assert.equal(r.status, 'pass', summary(r));
    for (const k of r.kernels) {
      // 1 × 1 × 1, 17 × 33 × 65 and 256 × 128 × 512, each rounded up to whole fragments.
      assert.deepEqual(k.cases.map((c) => c.size), [16 * 16, 32 * 48, 256 * 128], k.kernel);
      for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
    }
  }
  // Beta reading D (the output) instead of C (in both launches of the epilogue, K = 0's too): caught.
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const portFile = mutated('wmma_scaled', target, (t) => t.replace(/(LaunchWmmaScaledEpilogue\(matmulOut, D, )C,/g, '$1D,'), { text: src, name: 'wmma.cu' });
  const bad = await verifyFile(engine, { file, text: src, target, kernels: ['wmma_scaled'], portFile });
  assert.equal(bad.status, 'fail', summary(bad));
});

/**
 * A bias the CUDA skips when it is null (`if (bias != NULL)`, llm.c's matmul_forward kernels):
 * the port enables the Matmul's bias only for a non-null pointer, and verify runs every shape
 * again with the bias null on both sides. A port that sets the bias regardless is caught (it
 * binds a null GM pointer). The kernel is register-tiled without bound checks: M and the CUDA
 * block come from its tile arithmetic (64 rows per block of 16 threads with 4 rows each).
 */
test('a nullable bias: verified with and without it; a port that always sets it is caught', async () => {
  const target: Target = { soc: 'Ascend910B3', cann: '8.x' };
  const file = path.join(ROOT, 'test/fixtures/gemm/register_tiled_unguarded.cu');
  const src = fs.readFileSync(file, 'utf8');
  const r = await verifyFile(engine, { file, text: src, target, kernels: ['linear_tiled4'] });
  assert.equal(r.status, 'pass', summary(r));
  // 1 × 1 × 1, 2 × 3 × 4 and 5 × 2 × 3 tiles of 64, each with the bias and without.
  assert.deepEqual(r.kernels[0]!.cases.map((c) => c.size), [64 * 64, 64 * 64, 128 * 192, 128 * 192, 320 * 128, 320 * 128]);
  const portFile = mutated(
    'linear_tiled4',
    target,
    (t) => {
      assert.match(t, /tilingApi\.EnableBias\(bias != nullptr\);/);
      return t.replace('EnableBias(bias != nullptr)', 'EnableBias(true)').replace(/if \(tiling\.isBias\) /g, '');
    },
    { text: src, name: 'register_tiled_unguarded.cu' },
  );
  const bad = await verifyFile(engine, { file, text: src, target, kernels: ['linear_tiled4'], portFile });
  assert.equal(bad.status, 'fail', summary(bad));
  assert.ok(bad.kernels[0]!.cases.some((c) => c.violations.some((v) => v.api === 'SetGlobalBuffer')), summary(bad));
});
