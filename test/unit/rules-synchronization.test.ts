/** Target-dependent behaviour of the synchronisation rules added after ASC204. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../helpers/engine';

const run = async (text: string, soc: string, code: string) =>
  (await analyze(text, { target: { soc: soc as 'Ascend950' }, only: [code] })).findings;
const sev = async (text: string, soc: string, code: string) => (await run(text, soc, code)).map((f) => f.severity);

const GRID = `namespace cg = cooperative_groups;
__global__ void k(float* x) { cg::grid_group g = cg::this_grid(); x[0] = 1.0f; g.sync(); }
`;

test('grid sync maps to the hard SyncAll on A2/A3 and 950, to the soft one elsewhere', async () => {
  assert.deepEqual(await sev(GRID, 'Ascend910B3', 'ASC205'), ['information']);
  assert.deepEqual(await sev(GRID, 'Ascend950', 'ASC205'), ['information']);
  assert.deepEqual(await sev(GRID, 'Ascend910A', 'ASC205'), ['warning']);
  const p310 = await run(GRID, 'Ascend310P3', 'ASC205');
  assert.deepEqual(p310.map((f) => f.severity), ['warning']);
  assert.match(p310[0]!.message, /software `SyncAll\(gmWorkspace, ubWorkspace\)`.*Vector Core/);
  assert.match((await run(GRID, 'Ascend910B1', 'ASC205'))[0]!.message, /hardware `SyncAll\(\)`/);
});

test('a multi-device grid barrier is an error on every target', async () => {
  const text = 'namespace cg = cooperative_groups;\n__global__ void k() { cg::this_multi_grid().sync(); }\n';
  for (const soc of ['Ascend910B3', 'Ascend950']) assert.deepEqual(await sev(text, soc, 'ASC205'), ['error']);
});

test('spin-waits are errors on SIMD chips and warnings on Ascend 950, which has scalar atomics', async () => {
  const text = '__global__ void k(int* lock) { while (atomicCAS(lock, 0, 1) != 0) {} atomicExch(lock, 0); }\n';
  assert.deepEqual(await sev(text, 'Ascend910B3', 'ASC209'), ['error']);
  assert.deepEqual(await sev(text, 'Ascend950', 'ASC209'), ['warning']);
  const retry = '__global__ void k(int* p) { int old = *p, a; do { a = old; old = atomicCAS(p, a, a + 1); } while (a != old); }\n';
  assert.deepEqual(await sev(retry, 'Ascend910B3', 'ASC209'), []);
});

test('fences are information on the SIMT-capable Ascend 950 and warnings elsewhere; sleep advice follows SyncAll support', async () => {
  const fence = '__global__ void k() { cuda::atomic_thread_fence(cuda::memory_order_release, cuda::thread_scope_device); }\n';
  assert.deepEqual(await sev(fence, 'Ascend310P3', 'ASC211'), ['warning']);
  assert.deepEqual(await sev(fence, 'Ascend950', 'ASC211'), ['information']);
  const sleep = '__global__ void k() { __nanosleep(100); }\n';
  assert.match((await run(sleep, 'Ascend910B3', 'ASC208'))[0]!.message, /CrossCoreSetFlag/);
  assert.match((await run(sleep, 'Ascend910A', 'ASC208'))[0]!.message, /software SyncAll/);
  assert.doesNotMatch((await run(sleep, 'Ascend950', 'ASC208'))[0]!.message, /CrossCore/);
});
