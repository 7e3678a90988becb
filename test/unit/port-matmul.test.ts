/**
 * The Matmul port's text (test/fixtures/port/gemm.cu with the hand-built descriptions of
 * gemm-descriptions.ts): every catalogued GEMM ports completely on 910B3 with both CANN
 * spellings and passes g++ -fsyntax-only against the declarations header generated from the
 * API table (the Cube kernel, its host tiling and wrapper, the epilogue); the kernel text is
 * snapshotted; every API the lowering names is in the table with a CPU-model body (device) or
 * a host declaration; the pieces of a port are where the API wants them (REGIST_MATMUL_OBJ
 * before SetTensorA, End after the batch loop, SetBias only when fused).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { apiByName, Engine, kernelVerdict, portKernel, replaceLaunches, type Target } from '../../server/src/engine';
import { GEMMS } from '../fixtures/port/gemm-descriptions';
import { assertSnapshot } from '../helpers/snapshot';
import { syntaxCheck } from '../helpers/syntax-check';

const DIR = path.resolve(__dirname, '../fixtures/port');
const text = fs.readFileSync(path.join(DIR, 'gemm.cu'), 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const B3_9: Target = { soc: 'Ascend910B3', cann: '9.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function port(kernel: string, target: Target) {
  const doc = engine.open(text);
  try {
    return portKernel(doc, null, kernel, target, 'gemm.cu', { gemm: GEMMS[kernel] })!;
  } finally {
    doc.dispose();
  }
}

for (const target of [B3, B3_9]) {
  test(`every catalogued GEMM is a complete Matmul port on ${target.soc} (CANN ${target.cann}) that g++ accepts against the API declarations`, () => {
    for (const k of Object.keys(GEMMS)) {
      const r = port(k, target);
      assert.equal(r.kind, 'complete', `${k}: ${r.reasons.join('; ')}`);
      assert.equal(r.todos, 0, k);
      const check = syntaxCheck(`${r.text}\n${r.declaration}`, target.cann);
      assert.ok(check.ok, `${k}:\n${check.errors.slice(0, 3000)}`);
      assert.match(r.text, target.cann === '9.x' ? /__global__ __cube__ void / : /KERNEL_TASK_TYPE_DEFAULT\(KERNEL_TYPE_AIC_ONLY\);\n {2}AscendC::SetSysWorkspace\(workspace\);/, k);
      if (target.cann === '9.x') assert.doesNotMatch(r.text, /SetSysWorkspace/, `${k}: deprecated in 9.x`);
    }
  });
}

test('the Matmul calls come in the order the API documents: REGIST_MATMUL_OBJ, SetOrgShape, SetTail, then per batch SetTensorA/B (SetBias) and IterateAll, End once', () => {
  for (const k of Object.keys(GEMMS)) {
    const t = port(k, B3).text;
    const at = (s: string) => t.indexOf(s);
    const order = ['REGIST_MATMUL_OBJ(&pipe, GetSysWorkSpacePtr(), mm, &tiling);', 'mm.SetOrgShape(', 'mm.SetTail(', 'for (uint64_t batch = 0;', 'mm.SetTensorA(', 'mm.SetTensorB(', 'mm.IterateAll(', 'mm.End();'];
    for (let i = 1; i < order.length; i++) assert.ok(at(order[i - 1]!) >= 0 && at(order[i - 1]!) < at(order[i]!), `${k}: ${order[i - 1]} before ${order[i]}`);
    assert.equal(/mm\.SetBias\(/.test(t), k === 'linear_bias', `${k}: SetBias only where the bias is fused`);
    assert.equal(/_epilogue\(/.test(t), ['sgemm_alpha_beta', 'linear_bias_relu', 'linear_residual_gelu'].includes(k), `${k}: a vector epilogue only after alpha/beta, a residual or an activation`);
  }
  assert.match(port('sgemm_nt', B3).text, /MatmulType<AscendC::TPosition::GM, CubeFormat::ND, float, true>>?,?\n.*\n.*> mm;|MatmulType<AscendC::TPosition::GM, CubeFormat::ND, float, true>/);
  assert.match(port('sgemm_nt', B3).text, /SetBType\([^;]*DT_FLOAT, true\);/);
  assert.match(port('hgemm_f32acc', B3).text, /GlobalTensor<half> aGm;[^]*DT_FLOAT16, false\);[^]*SetCType\([^;]*DT_FLOAT\);/);
});

test('every API the Matmul port names is in the table; device ones have a CPU-model body, host ones a declaration', () => {
  for (const k of Object.keys(GEMMS)) {
    const v = (() => {
      const doc = engine.open(text);
      try {
        return kernelVerdict(doc, k, B3, { gemm: GEMMS[k] })!;
      } finally {
        doc.dispose();
      }
    })();
    assert.equal(v.kind, 'complete');
    if (v.kind !== 'complete') continue;
    for (const name of v.lowered.apis) {
      const e = apiByName(name);
      assert.ok(e, `${k}: ${name} in the table`);
      if (e!.side === 'device' && e!.kind !== 'qualifier' && e!.kind !== 'macro' && e!.name !== 'GM_ADDR' && !e!.member) assert.ok(e!.sim !== undefined, `${k}: ${name} has a sim body`);
    }
    for (const name of ['Matmul', 'MatmulType', 'REGIST_MATMUL_OBJ', 'GetSysWorkSpacePtr', 'TCubeTiling', 'MultiCoreMatmulTiling', 'PlatformAscendCManager']) assert.ok(v.lowered.apis.includes(name), `${k}: names ${name}`);
  }
});

test('Matmul port snapshots: the naive SGEMM (CANN 8.x) and the bias + ReLU layer with its vector epilogue (CANN 9.x)', () => {
  assertSnapshot(path.join(DIR, 'sgemm_naive.Ascend910B3.snap'), port('sgemm_naive', B3).text);
  assertSnapshot(path.join(DIR, 'linear_bias_relu.Ascend910B3.snap'), port('linear_bias_relu', B3_9).text);
});

/**
 * A product without bound checks (issue #16; test/fixtures/gemm/unguarded_*.cu): the wrapper
 * takes the CUDA launch's cudaGridY (and cudaBlockY when a block covers blockDim.y rows; x for a kernel whose M is along x) and
 * computes M from them; g++ accepts it; "Replace launches" passes the grid's and block's fields
 * read from the `dim3` declarations or the `dim3(…)` arguments.
 */
test('unguarded GEMMs: M from the launch in the wrapper, g++ accepts it, and the launch rewrite passes the y fields', () => {
  const dir = path.resolve(__dirname, '../fixtures/gemm');
  const cases: [string, string, string, RegExp][] = [
    ['unguarded_tiled.cu', 'ug_tiled_fixed', 'cudaGridY * 8', /LaunchUgTiledFixed\(C, A, B, N, K, M \/ UG_TILE, nullptr/],
    ['unguarded_template.cu', 'ug_tiled_template', 'cudaGridY * cudaBlockY', /LaunchUgTiledTemplate\(C, A, B, N, K, M \/ 16, 16, nullptr[^]*LaunchUgTiledTemplate\(C, A, B, N, K, M \/ 8, 8, nullptr/],
    ['unguarded_naive.cu', 'ug_naive', 'cudaGridY * cudaBlockY', /LaunchUgNaive\(C, A, B, N, K, M \/ 16, 16, nullptr/],
    // M along x (llm.c's matmul_forward_kernel4 style): the x field of the `dim3(…)` grid.
    ['register_tiled_unguarded.cu', 'linear_tiled4', 'cudaGridX * 64', /LaunchLinearTiled4\(out, inp, weight, bias, K, N, M \/ TILE, nullptr/],
  ];
  for (const [file, kernel, mText, launch] of cases) {
    const doc = engine.open(fs.readFileSync(path.join(dir, file), 'utf8'));
    try {
      for (const target of [B3, B3_9]) {
        const r = portKernel(doc, null, kernel, target, file)!;
        assert.equal(r.kind, 'complete', `${kernel}: ${r.reasons.join('; ')}`);
        assert.ok(r.text.includes(`const int64_t mDim = static_cast<int64_t>(${mText});`), kernel);
        assert.match(r.text, /Note: the CUDA has no bound check on its row index/, kernel);
        const check = syntaxCheck(`${r.text}\n${r.declaration}`, target.cann);
        assert.ok(check.ok, `${kernel}:\n${check.errors.slice(0, 3000)}`);
      }
      const rw = replaceLaunches(doc, kernel, B3, 'x_ascend.h')!;
      assert.equal(rw.skipped, 0, kernel);
      assert.match(rw.edits.map((e) => e.newText).join('\n'), launch, kernel);
    } finally {
      doc.dispose();
    }
  }
});

test('a transposed operand that is a block of a larger matrix says its org-shape reading is UNCONFIRMED; a row-major block does not', () => {
  const doc = engine.open(text);
  try {
    const nt = GEMMS.sgemm_nt!;
    const t = portKernel(doc, null, 'sgemm_nt', B3, 'gemm.cu', { gemm: { ...nt, b: { ...nt.b, ld: { kind: 'param', expr: 'M' } } } })!;
    assert.equal(t.kind, 'complete');
    assert.match(t.text, /Note: B is a transposed block of a larger matrix: its row length goes to SetOrgShape as orgKb, which is how the CPU model reads it; UNCONFIRMED/);
    const naive = GEMMS.sgemm_naive!;
    const r = portKernel(doc, null, 'sgemm_naive', B3, 'gemm.cu', { gemm: { ...naive, a: { ...naive.a, ld: { kind: 'param', expr: 'N' } } } })!;
    assert.equal(r.kind, 'complete');
    assert.match(r.text, /Note: A is a block of a larger matrix/);
    assert.doesNotMatch(r.text, /UNCONFIRMED \(the reference lists SetOrgShape/);
  } finally {
    doc.dispose();
  }
});
