/**
 * Row-wise kernels (the rows schedule): the recogniser reads the meaning of each kernel in
 * test/fixtures/port/rows.cu (the row values in order, the final map, the row stores), the
 * same meaning whatever the indexing style; it rejects the others with an accurate reason; the
 * plan walks a row of any length in chunks; every generated port passes g++ -fsyntax-only
 * against the declarations header of its CANN version. Numerical agreement is
 * test/verify/rows.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, estimateDocument, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import type { RowsSchedule } from '../../server/src/engine/port/program';
import { renderValue } from '../../server/src/engine/port/program';
import { syntaxCheck } from '../helpers/syntax-check';
import { assertSnapshot } from '../helpers/snapshot';

const DIR = path.resolve(__dirname, '../fixtures/port');
const text = fs.readFileSync(path.join(DIR, 'rows.cu'), 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function verdict(kernel: string, target: Target, src = text) {
  const doc = engine.open(src);
  try {
    return kernelVerdict(doc, kernel, target)!;
  } finally {
    doc.dispose();
  }
}

function port(kernel: string, target: Target) {
  const doc = engine.open(text);
  try {
    return portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'rows.cu')!;
  } finally {
    doc.dispose();
  }
}

/** The row program as text: steps, then the final stores, then the row stores. */
function meaning(kernel: string): string[] {
  const v = verdict(kernel, B3);
  assert.equal(v.kind, 'complete', JSON.stringify(v));
  if (v.kind !== 'complete') return [];
  const s = v.program.schedule as RowsSchedule;
  return [
    ...s.steps.map((x) => (x.k === 'reduce' ? `${x.name} = ${x.init ? `${x.init} ${x.op === 'max' ? 'max' : '+'} ` : ''}${x.op}(${renderValue({ ...v.program, body: x.body }, (x.body.find((o) => o.op === 'store') as { value: number }).value, 'j')})` : x.k === 'scalar' ? `${x.name} = ${x.text}` : x.k === 'unary' ? `${x.name} = ${x.fn}(${x.arg})` : `${x.name} = ${x.tensor}[row]`)),
    ...v.program.body.filter((o) => o.op === 'store').map((o) => `${(o as { tensor: string }).tensor}[j] = ${renderValue(v.program, (o as { value: number }).value, 'j')}`),
    ...s.rowStores.map((r) => `${r.tensor}[row] = ${r.value}`),
  ];
}

test('softmax (row pointers, an if for the maximum, the output stored then rescaled) reads as max, sum of exp, divide', () => {
  assert.deepEqual(meaning('softmax_rows'), ['rowv0_ = max(x[j])', 'rowv1_ = sum(exp((x[j] - rowv0_)))', 'y[j] = (exp((x[j] - rowv0_)) / rowv1_)']);
});

test('the same softmax written one block per row (strided loops, shared-memory trees, the output read back) gives the same row program', () => {
  assert.deepEqual(meaning('softmax_block_tree').map((x) => x.replace(/\binp\b/g, 'x').replace(/^out\[/, 'y[')), meaning('softmax_rows'));
  const v = verdict('softmax_block_tree', B3);
  assert.ok(v.kind === 'complete' && (v.program.schedule as RowsSchedule).cudaForm === 'block-per-row' && (v.program.schedule as RowsSchedule).rows === 'cudaGridX');
});

test('log-softmax (flat indexing x[row * n_cols + k], fmaxf, an early return) reads as max, sum of exp, log, subtract', () => {
  assert.deepEqual(meaning('log_softmax_rows'), ['rowv0_ = -3.40282347e+38f max max(x[j])', 'rowv1_ = sum(exp((x[j] - rowv0_)))', 'rowu0_ = ln(rowv1_)', 'rowv2_ = rowu0_', 'y[j] = ((x[j] - rowv0_) - rowv2_)']);
});

test('RMSNorm reads as a sum of squares, rsqrt of its mean plus eps, a per-column weight', () => {
  const m = meaning('rmsnorm_rows');
  assert.deepEqual(m, ['rowv0_ = sum((in[j] * in[j]))', 'rowu0_ = rsqrt(((static_cast<float>(rowv0_) / static_cast<float>(dim)) + eps))', 'rowv1_ = rowu0_', 'out[j] = ((in[j] * rowv1_) * weight[j])'].map((x) => x.replace('((static_cast<float>(rowv0_) / static_cast<float>(dim)) + eps)', '(static_cast<float>((static_cast<float>(rowv0_) / static_cast<float>(dim))) + static_cast<float>(eps))')));
  const v = verdict('rmsnorm_rows', B3);
  assert.ok(v.kind === 'complete' && (v.program.schedule as RowsSchedule).colTensors.includes('weight'));
});

test('layernorm reads as mean, biased variance of the centred row (computed once per element), rstd, γ/β and the saved mean and rstd', () => {
  const m = meaning('layernorm_rows');
  assert.equal(m[0], 'rowv0_ = sum(inp[j])');
  assert.equal(m[1], 'rowv2_ = (static_cast<float>(rowv0_) / static_cast<float>(C))');
  assert.equal(m[2], 'rowv1_ = sum(((inp[j] - rowv2_) * (inp[j] - rowv2_)))');
  assert.ok(m.includes('out[j] = ((((inp[j] - rowv2_) * rowv3_) * gamma[j]) + beta[j])'), m.join('\n'));
  assert.ok(m.includes('mean[row] = rowv2_') && m.includes('rstd[row] = rowv3_'), m.join('\n'));
  // d * d: one subtraction, squared (the shared subexpression is one value).
  const v = verdict('layernorm_rows', B3);
  assert.ok(v.kind === 'complete' && v.plan.schedule === 'rows');
  if (v.kind === 'complete' && v.plan.schedule === 'rows') assert.deepEqual(v.plan.passes[1]!.instrs.map((x) => (x.i === 'binary' || x.i === 'scalar' || x.i === 'unary' ? x.api : x.i)), ['Adds', 'Mul']);
});

test('warp per row: shuffle trees and cooperative-groups tiles read as the rows program; a sum left in lane 0 or over half a warp is rejected by name', () => {
  const v = verdict('softmax_warp_rows', B3);
  assert.ok(v.kind === 'complete' && v.program.schedule.kind === 'rows' && v.program.schedule.cudaForm === 'warp-per-row', JSON.stringify(v));
  const warpText = fs.readFileSync(path.join(DIR, 'rows_warp.cu'), 'utf8');
  const expect: Record<string, string> = {
    softmax_warp_xor: 'max, sum through an xor-shuffle butterfly',
    rmsnorm_warp_down: 'sum through a __shfl_down_sync tree and a broadcast from lane 0',
    layernorm_cg_tile: 'sum, sum through cg::reduce',
    log_softmax_cg_tile: 'max, sum through cg::reduce',
  };
  for (const [k, how] of Object.entries(expect)) {
    const w = verdict(k, B3, warpText);
    assert.ok(w.kind === 'complete' && w.program.schedule.kind === 'rows', `${k}: ${JSON.stringify(w.kind === 'skeleton' ? w.reasons : '')}`);
    if (w.kind === 'complete' && w.program.schedule.kind === 'rows') {
      assert.equal(w.program.schedule.cudaTechnique, `one warp per row, lanes striding over the row and combining ${how}`, k);
      if (k === 'layernorm_cg_tile') {
        assert.deepEqual(w.program.schedule.rowStores.map((r) => r.tensor), ['mu', 'inv_std']);
        assert.ok(w.program.notes.some((n) => /`mu` when it is null/.test(n)), w.program.notes.join('\n'));
      }
    }
  }
  const down = verdict('softmax_warp_down_unbroadcast', B3, warpText);
  assert.ok(down.kind === 'skeleton' && down.reasons.some((r) => r.includes('rows schedule: `sum` holds the row value in lane 0 only')), JSON.stringify(down));
  const half = verdict('sum_rows_half_warp', B3, warpText);
  assert.ok(half.kind === 'skeleton' && half.reasons.some((r) => r.includes('that is not a sum or maximum over all 32 lanes')), JSON.stringify(half));
  const online = `__global__ void online(float* y, const float* x, int rows, int cols) {
    int r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r < rows) {
        const float* in = x + r * cols;
        float m = -INFINITY;
        float s = 0.0f;
        for (int c = 0; c < cols; c++) {
            float mn = fmaxf(m, in[c]);
            s = s * expf(m - mn) + expf(in[c] - mn);
            m = mn;
        }
        for (int c = 0; c < cols; c++) y[r * cols + c] = expf(in[c] - m) / s;
    }
}
`;
  const o = verdict('online', B3, online);
  assert.equal(o.kind, 'skeleton');
  assert.ok(o.kind === 'skeleton' && o.reasons.some((r) => /rows schedule: .*(online softmax|running)/.test(r)), JSON.stringify(o));
});

test('a block-size parameter is blockDim.x only when every launch passes the block size itself', () => {
  const v = verdict('row_mean_threads', B3);
  assert.equal(v.kind, 'complete', JSON.stringify(v.kind === 'skeleton' && v.reasons));
  if (v.kind !== 'complete') return;
  const s = v.program.schedule as RowsSchedule;
  assert.deepEqual(s.blockSizeParams, ['threads']);
  assert.equal(s.cudaForm, 'block-per-row');
  assert.deepEqual(meaning('row_mean_threads'), ['rowv0_ = sum(data[j])', 'rowv1_ = (static_cast<float>(rowv0_) / static_cast<float>(width))', 'means[row] = rowv1_']);
  assert.ok(v.program.notes.some((n) => /`threads` is read as blockDim\.x/.test(n)), v.program.notes.join('\n'));
  // A launch that passes something else, one more launch, or a use of the kernel other than a launch: not recognised.
  const other = text.replace('(means, data, width, threads);', '(means, data, width, 64);');
  const twice = text.replace('(means, data, width, threads);', '(means, data, width, threads);\n    row_mean_threads<<<rows, 256>>>(means, data, width, threads);');
  const pointer = `${text}\nvoid* row_mean_handle() { return (void*)row_mean_threads; }\n`;
  const unlaunched = text.replace(/void launch_row_means[^]*$/, '');
  for (const [why, src] of [['a launch with another value', other], ['a launch with another block', twice], ['the kernel taken as a pointer', pointer], ['no launch', unlaunched]] as const) {
    const w = verdict('row_mean_threads', B3, src);
    assert.equal(w.kind, 'skeleton', why);
    assert.ok(w.kind === 'skeleton' && w.reasons.some((r) => /rows schedule: a loop from the thread index with the step `c \+= threads`/.test(r)), `${why}: ${w.kind === 'skeleton' && w.reasons.join('; ')}`);
  }
});

test('a value per row read from GM (a saved mean) is a row value read on the scalar unit; the tensor is not streamed', () => {
  assert.deepEqual(meaning('row_rstd_given_mean'), ['rowv0_ = mean[row]', 'rowv1_ = sum(((x[j] - rowv0_) * (x[j] - rowv0_)))', 'rowu0_ = rsqrt((static_cast<float>((static_cast<float>(rowv1_) / static_cast<float>(cols))) + static_cast<float>(1e-5f)))', 'rowv2_ = rowu0_', 'rstd[row] = rowv2_']);
  const v = verdict('row_rstd_given_mean', B3);
  assert.ok(v.kind === 'complete' && v.program.args.some((a) => a.kind === 'tensor' && a.name === 'mean' && a.scalarOnly === 'row' && !a.read));
  assert.match(port('row_rstd_given_mean', B3).text, /rowv0_ = meanGm_\.GetValue\(row\);/);
  // A value per row that is also written is refused.
  const both = text.replace('float m = mean[i];', 'float m = mean[i];\n        mean[i] = 0.0f;');
  const w = verdict('row_rstd_given_mean', B3, both);
  assert.equal(w.kind, 'skeleton');
});

test('a row longer than one UB chunk is walked in chunks: the plan\'s chunk fits UB and the port loops over columns in every pass', () => {
  for (const t of [B3, P3]) {
    const v = verdict('layernorm_rows', t);
    assert.ok(v.kind === 'complete' && v.plan.schedule === 'rows');
    if (v.kind !== 'complete' || v.plan.schedule !== 'rows') continue;
    assert.ok(v.plan.maxTile * v.plan.ubBytesPerElement + 96 <= v.plan.budget.ubUsable);
    assert.equal(v.plan.passes.length, 3);
    const text = port('layernorm_rows', t).text;
    assert.equal(text.match(/for \(uint64_t col = 0; col < cols_; col \+= tileLength_\)/g)?.length, 3);
  }
});

test('every rows port passes g++ -fsyntax-only against the declarations of its CANN version (910B3 and 310P3, 8.x and 9.x)', () => {
  for (const t of [B3, P3, { soc: 'Ascend910B3', cann: '9.x' }, { soc: 'Ascend310P3', cann: '9.x' }] as Target[]) {
    for (const k of ['softmax_rows', 'log_softmax_rows', 'rmsnorm_rows', 'layernorm_rows', 'softmax_block_tree']) {
      const r = port(k, t);
      const check = syntaxCheck(r.text, t.cann);
      assert.ok(check.ok, `${k} on ${t.soc} ${t.cann}: ${check.errors}`);
    }
  }
});

test('snapshots: softmax and layernorm on 910B3 (DataCopyPad, the SoftMax and LayerNorm APIs) and layernorm on 310P3 (staged rows, row values through slots)', () => {
  assertSnapshot(path.join(DIR, 'softmax_rows.Ascend910B3.snap'), port('softmax_rows', B3).text);
  assertSnapshot(path.join(DIR, 'layernorm_rows.Ascend310P3.snap'), port('layernorm_rows', P3).text);
  // The LayerNorm high-level API path (rows that fit UB whole), saving mean and rstd.
  assertSnapshot(path.join(DIR, 'layernorm_rows.Ascend910B3.snap'), port('layernorm_rows', B3).text);
});

test('estimates: a row-wise kernel is vector work counted from its rows program (bytes of every pass, or one read of each row on a high-level API; ops of every pass plus one reducing op each)', () => {
  for (const [target, bytes, api] of [
    [P3, 16, false],
    [B3, 8, true],
  ] as const) {
    const doc = engine.open(text);
    try {
      const r = estimateDocument(doc, { target });
      const k = Object.fromEntries(r.kernels.map((x) => [x.kernel, x]));
      const sm = k.softmax_rows!.estimate;
      assert.equal(k.softmax_rows!.classification, 'vector');
      assert.ok(sm.kind === 'vector');
      if (sm.kind === 'vector') {
        // Basic ops (310P3): three passes read x (12 bytes), the last writes y (4 bytes). SoftMax (910B3): x read once, y written once.
        assert.equal(sm.bytesPerElement, bytes, target.soc);
        // Pass 1: ReduceMax of the input chunk itself; pass 2: Adds, Exp + ReduceSum; final: Adds, Exp, Duplicate, Div (the same vector work inside SoftMax).
        assert.deepEqual(sm.ops, { simple: 5, transcendental: 3 });
      }
      assert.equal(/on the SoftMax high-level API: each row read into UB once/.test(k.softmax_rows!.reason), api, target.soc);
      assert.match(k.softmax_rows!.lens, /HBM-bound|Vector-bound|memory-bound/);
    } finally {
      doc.dispose();
    }
  }
});

test('bad input: a row value squared into itself 40 times is rejected quickly (expressions are bounded), and half-typed code gives a reason, not a crash', () => {
  const squares = Array.from({ length: 40 }, () => '            o[j] = o[j] * o[j];').join('\n');
  const big = `__global__ void k(float* out, const float* in, int rows, int C) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < rows) {
        const float* v = in + i * C;
        float* o = out + i * C;
        float s = 0.0f;
        for (int j = 0; j < C; j++) s += v[j];
        for (int j = 0; j < C; j++) {
            o[j] = v[j] / s;
${squares}
        }
    }
}
`;
  const v = verdict('k', B3, big);
  assert.equal(v.kind, 'skeleton');
  assert.ok(v.kind === 'skeleton' && v.reasons.some((r) => /rows schedule: an expression of more than 2000 operations/.test(r)), JSON.stringify(v));
  const half = text.replace('out[c] /= total;', 'out[c] /= total');
  const h = verdict('softmax_rows', B3, half);
  assert.equal(h.kind, 'skeleton');
});

test('names: a scalar named like a rows port member gets its own member; a parameter named like a rows wrapper local gives a skeleton with the reason', () => {
  // A float scalar named `cols`, like the rows port's member `cols_`: it becomes `colsArg_`.
  const src = text.replace('const float* weight, float eps, int rows, int dim)', 'const float* weight, float cols, int rows, int dim)').replace('ss / dim + eps', 'ss / dim + cols');
  const p = (() => {
    const doc = engine.open(src);
    try {
      return portKernel(doc, engine.analyze(doc, { target: B3 }), 'rmsnorm_rows', B3, 'rows.cu')!.text;
    } finally {
      doc.dispose();
    }
  })();
  assert.match(p, /float colsArg_;/);
  assert.ok(syntaxCheck(p, '8.x').ok, syntaxCheck(p, '8.x').errors);
  const clash = text.replace('__global__ void rmsnorm_rows(float* out, const float* in, const float* weight, float eps, int rows, int dim)', '__global__ void rmsnorm_rows(float* out, const float* in, const float* weight, float stride, int rows, int dim)').replace('ss / dim + eps', 'ss / dim + stride');
  const v = verdict('rmsnorm_rows', B3, clash);
  assert.equal(v.kind, 'skeleton');
  assert.ok(v.kind === 'skeleton' && /parameter `stride` has the name of a variable/.test(v.reasons[0]!), JSON.stringify(v));
});

test('a per-row store CUDA makes only through a non-null pointer (`&& mu != nullptr`) is skipped by the port for a null pointer too', () => {
  const warp = fs.readFileSync(path.join(DIR, 'rows_warp.cu'), 'utf8');
  for (const target of [B3, P3]) {
    const doc = engine.open(warp);
    try {
      const p = portKernel(doc, engine.analyze(doc, { target }), 'layernorm_cg_tile', target, 'rows_warp.cu')!;
      assert.equal(p.kind, 'complete');
      // The kernel tests the pointer once and skips the store; the wrapper's staging (310P) skips its copy-back.
      assert.match(p.text, /muGiven_ = mu != nullptr;/);
      assert.match(p.text, /if \(muGiven_\) Store_mu\(row\);/);
      assert.doesNotMatch(p.text, /^\s*Store_mu\(row\);/m);
      if (target === P3) assert.match(p.text, /muSlots != nullptr && r < rowCount/);
      assert.match(p.text, /CUDA skips the per-row store to `mu` when it is null; so does the port/);
    } finally {
      doc.dispose();
    }
  }
});

test('bf16 / half rows: reads must be converted to float, no narrow locals, no compound narrow stores; narrow row values rounded', () => {
  const k = (body: string, params = '__nv_bfloat16* out, const __nv_bfloat16* in, int rows, int C') =>
    `#include <cuda_bf16.h>\n__global__ void k(${params}) {\n    int i = blockIdx.x * blockDim.x + threadIdx.x;\n    if (i < rows) {\n        float s = 0.0f;\n${body}\n    }\n}\n`;
  const reasons = (src: string) => {
    const v = verdict('k', B3, src);
    return v.kind === 'skeleton' ? v.reasons.filter((r) => /^rows|the rows port/.test(r)).join('; ') : 'complete';
  };
  const sum = '        for (int j = 0; j < C; j++) s += (float)in[i * C + j];';
  assert.equal(reasons(k(`${sum}\n        for (int j = 0; j < C; j++) out[i * C + j] = (float)in[i * C + j] / s;`)), 'complete');
  assert.match(reasons(k(`${sum}\n        for (int j = 0; j < C; j++) out[i * C + j] = in[i * C + j] * in[i * C + j];`)), /`in\[…\]` is read as bf16 data without a conversion to float/);
  assert.match(reasons(k(`${sum}\n        __nv_bfloat16 m = (__nv_bfloat16)s;\n        for (int j = 0; j < C; j++) out[i * C + j] = (float)in[i * C + j] / (float)m;`)), /computes with `__nv_bfloat16` values in the kernel body/);
  assert.match(reasons(k(`${sum}\n        for (int j = 0; j < C; j++) out[i * C + j] += (float)in[i * C + j] / s;`)), /a compound store `out\[i\*C\+j\] \+= …` into bfloat16 data/);
  const rowStore = k(`${sum}\n        for (int j = 0; j < C; j++) out[i * C + j] = (float)in[i * C + j] / s;\n        tot[i] = s;`, '__nv_bfloat16* out, __nv_bfloat16* tot, const __nv_bfloat16* in, int rows, int C');
  assert.equal(reasons(rowStore), 'complete', 'a bf16 row value is rounded on store');
});

test('a row read through vector loads (reinterpret_cast to float4) says so, not where the statement reader stopped', () => {
  const src = `
__global__ void softmax_vec(float* out, const float* inp, int N, int C) {
  int row = blockIdx.x * blockDim.x + threadIdx.x;
  if (row >= N) return;
  const float* x = inp + row * C;
  const float4* x4 = reinterpret_cast<const float4*>(x);
  float m = -INFINITY;
  for (int j = 0; j < C / 4; j++) { float4 v = x4[j]; m = fmaxf(m, fmaxf(fmaxf(v.x, v.y), fmaxf(v.z, v.w))); }
  float s = 0.0f;
  for (int j = 0; j < C; j++) s += expf(x[j] - m);
  for (int j = 0; j < C; j++) out[row * C + j] = expf(x[j] - m) / s;
}
void launch(float* out, const float* inp, int N, int C) { softmax_vec<<<(N + 127) / 128, 128>>>(out, inp, N, C); }
`;
  const v = verdict('softmax_vec', B3, src);
  assert.equal(v.kind, 'skeleton');
  const reasons = v.kind === 'skeleton' ? v.reasons.join('\n') : '';
  assert.match(reasons, /rows schedule: reads its rows through vector loads \(`reinterpret_cast<const float4\*>`\)/);
  assert.doesNotMatch(reasons, /rows schedule: expected `/);
});
