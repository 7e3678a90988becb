/**
 * The reduction catalogue (test/fixtures/port/reductions.cu) verified: every recognised CUDA
 * form (per-thread atomics, a shared-memory tree, warp shuffles in a helper with a grid-stride
 * accumulation of squares, a cg::reduce dot product, block-stride max and min trees) runs on
 * the CUDA-on-CPU shim and its Ascend C port on the CPU model (block partial sums compared by
 * their sum, the value the CUDA program's second pass computes), on a target with DataCopyPad
 * (910B3: the atomic combine for sums, the workspace for max/min) and one without (310P3: the
 * workspace for all), with the CANN 8.x and 9.x spellings, for sums of 1, 31, 4096 and
 * 10^6 + 3 floats. Mutations show the verifier catches a lost combine.
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
const FILE = path.join(ROOT, 'test/fixtures/port/reductions.cu');
const text = fs.readFileSync(FILE, 'utf8');
const COMPLETE = ['sum_atomic', 'sum_shared_tree', 'sum_squares_shuffle', 'dot_cg', 'max_block', 'max_block_swapped', 'min_block_shuffle', 'sum_partials', 'sum_squares_cg_rank', 'sum_while_partials', 'sum_shuffle_mask_local', 'max_partials', 'min_partials_from_one'];
let engine: Engine;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-reduce-test-'));

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

function combineOf(kernel: string, target: Target): string {
  const doc = engine.open(text);
  try {
    const v = kernelVerdict(doc, kernel, target)!;
    return v.kind === 'complete' && v.plan.schedule === 'reduceAll' ? v.plan.combine : v.kind;
  } finally {
    doc.dispose();
  }
}

for (const target of [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '8.x' },
  { soc: 'Ascend910B3', cann: '9.x' },
  { soc: 'Ascend310P3', cann: '9.x' },
] as Target[]) {
  test(`every recognised reduction computes what the CUDA computes on ${target.soc} (CANN ${target.cann}): n = 1, 31, 4096, 10^6 + 3, no model violation`, async () => {
    const combines = new Set(COMPLETE.map((k) => combineOf(k, target)));
    // 910B3 exercises both combines; 310P3 (no DataCopyPad, no vector-core atomics) only the workspace.
    assert.deepEqual([...combines].sort(), target.soc === 'Ascend910B3' ? ['atomic', 'workspace'] : ['workspace']);
    const r = await verifyFile(engine, { file: FILE, text, target, kernels: COMPLETE });
    assert.equal(r.status, 'pass', summary(r));
    assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...COMPLETE].sort());
    for (const k of r.kernels) {
      assert.deepEqual(
        k.cases.map((c) => c.size),
        [1, 31, 4096, 1_000_003],
        k.kernel,
      );
      for (const c of k.cases) {
        assert.deepEqual(c.violations, [], `${k.kernel} n=${c.size}`);
        assert.equal(c.outputs.length, 1, `${k.kernel}: one output, the result`);
      }
    }
  });
}

async function mutated(kernel: string, target: Target, mutate: (port: string) => string, sizes: number[]): Promise<VerifyResult> {
  const doc = engine.open(text);
  let port: string;
  try {
    port = portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'reductions.cu')!.text;
  } finally {
    doc.dispose();
  }
  const changed = mutate(port);
  assert.notEqual(changed, port, 'the mutation applies');
  const file = path.join(tmp, `${kernel}-${target.soc}-${Math.random().toString(36).slice(2)}.cpp`);
  fs.writeFileSync(file, changed);
  return verifyFile(engine, { file: FILE, text, target, kernels: [kernel], portFile: file, sizes });
}

test('mutation: the atomic combine without SetAtomicAdd (each core overwrites the result) fails on several cores', async () => {
  const r = await mutated('sum_atomic', { soc: 'Ascend910B3', cann: '8.x' }, (p) => p.replace('AscendC::SetAtomicAdd<float>();', ''), [1, 100_000]);
  assert.equal(r.status, 'fail', summary(r));
  const bad = r.kernels.flatMap((k) => k.cases.filter((c) => !c.pass));
  assert.ok(bad.some((c) => c.size === 100_000 && c.outputs.some((o) => !o.pass)), summary(r));
});

test('mutation: a workspace combine that reduces only the first slot fails on several cores', async () => {
  const r = await mutated('sum_atomic', { soc: 'Ascend310P3', cann: '8.x' }, (p) => p.replace(/AscendC::ReduceSum\(total, slotsIn, work, [^;]*\);/, 'AscendC::ReduceSum(total, slotsIn, work, 8);'), [100_000]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: block partial maxima with the maximum in the first partial only (the others keep the sentinel) fail', async () => {
  const r = await mutated('max_partials', { soc: 'Ascend910B3', cann: '8.x' }, (p) => p.replace('for (uint64_t b = 1; err == ACL_SUCCESS && b < cudaGridX; ++b)', 'for (uint64_t b = 1; err == ACL_SUCCESS && b < 1; ++b)'), [1000]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: block partials without the zero fill (the other partials keep the sentinel) fail', async () => {
  const r = await mutated('sum_partials', { soc: 'Ascend310P3', cann: '8.x' }, (p) => p.replace(/\n  if \(err == ACL_SUCCESS\) err = aclrtMemsetAsync\(partial, [^\n]*/, ''), [4096]);
  assert.equal(r.status, 'fail', summary(r));
});

test('mutation: a tail read one element late (the staged remainder) fails at a ragged size', async () => {
  const r = await mutated('sum_atomic', { soc: 'Ascend310P3', cann: '8.x' }, (p) => p.replace('static_cast<const uint8_t*>(x) + head * sizeof(float)', 'static_cast<const uint8_t*>(x) + (head + 1) * sizeof(float)'), [4099]);
  assert.equal(r.status, 'fail', summary(r));
});
