/**
 * Reductions (the reduceAll schedule): the recogniser reads the meaning of each CUDA form in
 * test/fixtures/port/reductions.cu (operator, mapped element, bound, how CUDA walked the range,
 * accumulate or store) and rejects the others with an accurate reason; the plan picks the
 * cross-core combine by target; every generated port passes g++ -fsyntax-only against the
 * declarations header of its CANN version; the estimates call a dot product vector work, not a
 * GEMM. Numerical agreement is test/verify/reductions.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, estimateDocument, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { lower } from '../../server/src/engine/port/lower';
import { planReduce } from '../../server/src/engine/port/reduce/plan';
import { renderKernel } from '../../server/src/engine/port/render/kernel';
import { reduceToleranceFor } from '../../server/src/engine/verify/driver';
import { syntaxCheck } from '../helpers/syntax-check';
import { assertSnapshot } from '../helpers/snapshot';

const DIR = path.resolve(__dirname, '../fixtures/port');
const FILE = path.join(DIR, 'reductions.cu');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const B3_9: Target = { soc: 'Ascend910B3', cann: '9.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
const P3_9: Target = { soc: 'Ascend310P3', cann: '9.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function verdict(kernel: string, target: Target) {
  const doc = engine.open(text);
  try {
    return kernelVerdict(doc, kernel, target)!;
  } finally {
    doc.dispose();
  }
}

function port(kernel: string, target: Target) {
  const doc = engine.open(text);
  try {
    return portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'reductions.cu')!;
  } finally {
    doc.dispose();
  }
}

const EXPECTED: Record<string, { op: string; form: string; mode: string; element: string }> = {
  sum_atomic: { op: 'sum', form: 'guard', mode: 'accumulate', element: 'x[i]' },
  sum_shared_tree: { op: 'sum', form: 'guard', mode: 'accumulate', element: 'x[i]' },
  sum_squares_shuffle: { op: 'sum', form: 'grid-stride', mode: 'accumulate', element: '(x[i] * x[i])' },
  dot_cg: { op: 'sum', form: 'grid-stride', mode: 'accumulate', element: '(a[i] * b[i])' },
  max_block: { op: 'max', form: 'block-stride', mode: 'assign', element: 'x[i]' },
  max_block_swapped: { op: 'max', form: 'block-stride', mode: 'assign', element: 'x[i]' },
  max_partials: { op: 'max', form: 'guard', mode: 'partials', element: 'x[i]' },
  min_partials_from_one: { op: 'min', form: 'grid-stride', mode: 'partials', element: 'x[i]' },
  min_block_shuffle: { op: 'min', form: 'block-stride', mode: 'assign', element: 'x[i]' },
  sum_partials: { op: 'sum', form: 'guard', mode: 'partials', element: 'x[i]' },
  sum_squares_cg_rank: { op: 'sum', form: 'grid-stride', mode: 'accumulate', element: '(values[i] * values[i])' },
};

test('each CUDA reduction form is read as its operator, element, bound and result', () => {
  for (const [kernel, e] of Object.entries(EXPECTED)) {
    const v = verdict(kernel, B3);
    assert.equal(v.kind, 'complete', `${kernel}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
    if (v.kind !== 'complete') continue;
    const s = v.program.schedule;
    assert.equal(s.kind, 'reduceAll', kernel);
    if (s.kind !== 'reduceAll') continue;
    assert.deepEqual({ op: s.op, form: s.cudaForm, mode: s.mode, length: s.length, result: s.result }, { op: e.op, form: e.form, mode: e.mode, length: kernel === 'sum_squares_cg_rank' ? 'count' : 'n', result: /partials/.test(kernel) ? 'partial' : kernel === 'sum_squares_cg_rank' ? 'result' : 'out' }, kernel);
    assert.match(port(kernel, B3).text, new RegExp(`of ${e.element.replace(/[()*[\]]/g, '\\$&')} over i < ${s.length}`), kernel);
  }
});

test('block partial maxima and minima: every partial gets the whole value; a start other than the identity is kept (max and min only)', () => {
  const max = port('max_partials', P3);
  assert.equal(max.kind, 'complete');
  assert.match(max.text, /for \(uint64_t b = 1; err == ACL_SUCCESS && b < cudaGridX; \+\+b\) err = aclrtMemcpy\(static_cast<uint8_t\*>\(partial\) \+ b \* sizeof\(float\), /);
  assert.doesNotMatch(max.text, /aclrtMemsetAsync/, 'no zero fill for a maximum');
  const min = verdict('min_partials_from_one', B3);
  assert.ok(min.kind === 'complete' && min.program.schedule.kind === 'reduceAll' && min.program.schedule.start === '1.0', JSON.stringify(min.kind === 'complete' && min.program.schedule));
  assert.ok(min.kind === 'complete' && min.program.notes.some((n) => /every CUDA thread starts its minimum at 1\.0, not at the identity/.test(n)));
  // The accumulator starts at the bits of 1.0f.
  assert.match(port('min_partials_from_one', B3).text, /AscendC::Duplicate\(accBits, static_cast<int32_t>\(0x3F800000u\), /);
});

test('kernels that look like reductions but are not recognised say why and name the reduceAll schedule in a TODO', () => {
  const identity = port('sum_wrong_identity', B3);
  assert.equal(identity.kind, 'skeleton');
  assert.match(identity.reasons.join('\n'), /`1\.0f` is not the identity of sum/);
  // A count of positive inputs in int: a reduction, but not of float data.
  const doc = engine.open(fs.readFileSync(path.join(DIR, 'skeletons.cu'), 'utf8'));
  try {
    const r = portKernel(doc, engine.analyze(doc, { target: B3 }), 'block_reduce', B3, 'skeletons.cu')!;
    assert.match(r.text, /TODO\(ascend-port\): a reduction: port it as the reduceAll schedule .*blocked by: `out` points to `int`/);
    // A kernel that is no reduction gets no reduceAll TODO.
    const t = portKernel(doc, engine.analyze(doc, { target: B3 }), 'transpose', B3, 'skeletons.cu')!;
    assert.doesNotMatch(t.text, /reduceAll/);
    assert.match(t.reasons.join('\n'), /reduction: not a reduction/);
  } finally {
    doc.dispose();
  }
});

test('rejections of reduction-shaped kernels are accurate', () => {
  const reasons = (src: string) => {
    const doc = engine.open(src);
    try {
      const v = kernelVerdict(doc, 'k', B3)!;
      return v.kind === 'skeleton' ? v.reasons.filter((r) => r.startsWith('reduction')).join('; ') : 'complete';
    } finally {
      doc.dispose();
    }
  };
  const tree = (step: string) =>
    `__global__ void k(const float* x, float* out, int n) {\n  __shared__ float sm[256];\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  sm[threadIdx.x] = i < n ? x[i] : 0.0f;\n  __syncthreads();\n  for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {\n    if (threadIdx.x < s) ${step};\n    __syncthreads();\n  }\n  if (threadIdx.x == 0) atomicAdd(out, sm[0]);\n}\n`;
  assert.equal(reasons(tree('sm[threadIdx.x] += sm[threadIdx.x + s]')), 'complete');
  assert.match(reasons(tree('sm[threadIdx.x] = fmaxf(sm[threadIdx.x], sm[threadIdx.x + s])')), /mixed operators: sum \(atomicAdd\), max \(the shared-memory tree\)/);
  assert.match(reasons(tree('sm[threadIdx.x] += sm[threadIdx.x + 1]')), /the tree step adds `sm\[threadIdx\.x \+ 1\]`/);
  assert.match(
    reasons('__global__ void k(const float* x, float* out, int n) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) atomicAdd(&out[i % 4], x[i]);\n}\n'),
    /not a reduction/,
  );
  assert.match(
    reasons('__global__ void k(const float* x, float* out, int n) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) atomicAdd(out, x[i] + x[i + 1]);\n}\n'),
    /inputs are read at several indices/,
  );
  assert.match(
    reasons('__global__ void k(const double* x, double* out, int n) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) atomicAdd(out, x[i]);\n}\n'),
    /`x` points to `double`; reductions are ported for float, half and bfloat16 data/,
  );
  // Half and bfloat16 inputs: read only widened to float, accumulated in float, into a float result.
  const hdr = '#include <cuda_fp16.h>\n#include <cuda_bf16.h>\n';
  const atomicOf = (types: string, value: string) => `${hdr}__global__ void k(${types}, int n) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) atomicAdd(out, ${value});\n}\n`;
  assert.equal(reasons(atomicOf('const __half* x, float* out', 'x[i]')), 'complete');
  assert.equal(reasons(atomicOf('const __nv_bfloat16* x, float* out', '(float)x[i] * 2.0f')), 'complete');
  assert.match(reasons(atomicOf('const __half* x, float* out', 'x[i] * x[i]')), /`\*` on half values: CUDA computes it in half/);
  assert.match(reasons(atomicOf('const __nv_bfloat16* x, __nv_bfloat16* out', '__bfloat162float(x[i])')), /the result `out` points to bfloat16: the reduceAll port writes a float result/);
  assert.match(
    reasons(`${hdr}__global__ void k(const __half* x, float* out, int n) {\n  __half acc = 0;\n  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) acc += x[i];\n  if (threadIdx.x == 0) atomicAdd(out, (float)acc);\n}\n`),
    /computes with `__half` values in the kernel body/,
  );
});

test('the combine is chosen by target: DMA atomic add for a float sum with DataCopyPad, otherwise a GM workspace and a second launch', () => {
  const combine = (kernel: string, t: Target) => {
    const v = verdict(kernel, t);
    assert.equal(v.kind, 'complete');
    return v.kind === 'complete' && v.plan.schedule === 'reduceAll' ? v.plan.combine : '';
  };
  assert.equal(combine('sum_atomic', B3), 'atomic');
  assert.equal(combine('max_block', B3), 'workspace', 'no DMA atomic max is used');
  assert.equal(combine('sum_atomic', P3), 'workspace', '310P: no DataCopyPad, no vector-core DMA atomics');
  assert.equal(combine('sum_atomic', { soc: 'Ascend910A', cann: '8.x' }), 'workspace', '910A: no DataCopyPad');
  const atomic8 = port('sum_atomic', B3).text;
  assert.match(atomic8, /AscendC::SetAtomicAdd<float>\(\);\n\s+AscendC::DataCopyExtParams oneValue\{1, static_cast<uint32_t>\(sizeof\(float\)\), 0, 0, 0\};\n\s+AscendC::DataCopyPad\(resultGm_, valueOut, oneValue\);\n\s+AscendC::SetAtomicNone\(\);/);
  assert.match(port('sum_atomic', B3_9).text, /AscendC::DisableDmaAtomic\(\);/);
  assert.doesNotMatch(port('sum_atomic', B3_9).text, /SetAtomicNone/);
  // Storing (not accumulating) CUDA kernels on the atomic path: the wrapper zeroes the result first.
  const ws = port('max_block', P3).text;
  assert.match(ws, /extern "C" __global__ __aicore__ void max_block_combine\(GM_ADDR workspace, MaxBlockTiling tiling\)/);
  assert.match(ws, /AscendC::ReduceMax\(total, slotsIn, work, /);
  assert.match(ws, /aclrtMalloc\(&workspace, /);
  assert.match(ws, /aclrtMemcpy\(out, sizeof\(float\), /);
  // The accumulating form stages result[0] into the workspace and folds it in.
  assert.match(port('sum_atomic', P3).text, /AscendC::Add\(total, total, prevIn, 1\);/);
  // Block partial sums: the wrapper takes the CUDA grid size and zeroes the partials first.
  const partials = port('sum_partials', B3).text;
  assert.match(partials, /aclError LaunchSumPartials\(const void\* x, void\* partial, int n, uint64_t cudaGridX, aclrtStream stream\)/);
  assert.match(partials, /aclrtMemsetAsync\(partial, cudaGridX \* sizeof\(float\), 0, cudaGridX \* sizeof\(float\), stream\);/);
  // Forcing the workspace combine where the atomic one is the default.
  const v = verdict('dot_cg', B3);
  assert.ok(v.kind === 'complete');
  if (v.kind !== 'complete') return;
  const forced = planReduce(v.program, B3, { combine: 'workspace' });
  assert.equal(forced.combine, 'workspace');
  assert.match(renderKernel(lower(v.program, forced, B3), 'reductions.cu:55'), /dot_cg_combine/);
  const max = verdict('max_block', B3);
  assert.ok(max.kind === 'complete');
  if (max.kind === 'complete') assert.throws(() => planReduce(max.program, B3, { combine: 'atomic' }), /the atomic combine needs a float sum/);
});

test('every reduction port compiles against the declarations header (CANN 8.x and 9.x, with and without DataCopyPad)', () => {
  for (const t of [B3, P3, B3_9, P3_9]) {
    for (const kernel of Object.keys(EXPECTED)) {
      const r = port(kernel, t);
      assert.equal(r.kind, 'complete', `${kernel} on ${t.soc}`);
      assert.equal(r.todos, 0);
      const check = syntaxCheck(r.text, t.cann);
      assert.ok(check.ok, `${kernel} on ${t.soc} ${t.cann}: ${check.errors}`);
    }
  }
});

test('snapshots: a dot product with the atomic combine (910B3) and a block-stride max with the workspace combine (310P3)', () => {
  assertSnapshot(path.join(DIR, 'dot_cg.Ascend910B3.snap'), port('dot_cg', B3).text);
  assertSnapshot(path.join(DIR, 'max_block.Ascend310P3.snap'), port('max_block', P3).text);
});

test('the sum tolerance grows with n and with the bound of the element; max and min are exact', () => {
  const tol = (kernel: string) => {
    const v = verdict(kernel, B3);
    assert.ok(v.kind === 'complete');
    return reduceToleranceFor(v.kind === 'complete' ? v.program : (undefined as never));
  };
  const u = 2 ** -24;
  assert.equal(tol('sum_atomic').atolExpr, `${2 * u * 4} * static_cast<double>(ap_n)`);
  assert.equal(tol('dot_cg').atolExpr, `${2 * u * 16} * static_cast<double>(ap_n)`);
  assert.equal(tol('sum_squares_shuffle').atolExpr, `${2 * u * 16} * std::pow(static_cast<double>(ap_n), 1.5)`, 'squares are non-negative: partial sums grow like n');
  assert.deepEqual([tol('max_block').rtol, tol('max_block').atolExpr], [0, '0']);
});

test('estimates: a reduction is vector work over its real bytes, and a dot product is not a GEMM', () => {
  const doc = engine.open(text);
  try {
    const r = estimateDocument(doc, { target: B3 });
    const k = Object.fromEntries(r.kernels.map((x) => [x.kernel, x]));
    for (const name of Object.keys(EXPECTED)) assert.equal(k[name]!.classification, 'vector', name);
    const dot = k.dot_cg!.estimate;
    assert.ok(dot.kind === 'vector');
    if (dot.kind === 'vector') {
      assert.equal(dot.bytesPerElement, 8, 'a[i] and b[i]: 8 bytes per element; the one-element result is negligible');
      assert.deepEqual(dot.ops, { simple: 2, transcendental: 0 }, 'Mul, then the reducing add');
    }
    assert.match(k.dot_cg!.lens, /HBM-bound|Vector-bound/);
  } finally {
    doc.dispose();
  }
});
