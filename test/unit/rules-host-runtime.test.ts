/**
 * Host-runtime rules whose severity or message depends on the target: ACL calls read only
 * in the 2026 runtime headers (CANN 8.x vs 9.x), SIMT-only thread limits (Ascend 950), the
 * core-count attribute (separated vs coupled AI Cores) and the SyncAll kind.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../helpers/engine';

const PROPS = `
int cores(int dev) {
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, dev);
  return prop.multiProcessorCount + prop.maxThreadsPerBlock;
}
`;

test('ASC510 cuda-device-properties: aclrtGetDeviceInfo is a warning on CANN 8.x, information on 9.x', async () => {
  const old = await analyze(PROPS, { target: { soc: 'Ascend910B3', cann: '8.x' }, only: ['ASC510'] });
  const now = await analyze(PROPS, { target: { soc: 'Ascend910B3', cann: '9.x' }, only: ['ASC510'] });
  const call = (r: typeof old) => r.findings.find((f) => f.message.startsWith('`cudaGetDeviceProperties`'));
  assert.equal(call(old)?.severity, 'warning');
  assert.equal(call(now)?.severity, 'information');
  assert.match(old.findings.find((f) => f.message.includes('multiProcessorCount'))!.message, /CANN 8\.x/);
});

test('ASC510 cuda-device-properties: thread limits are errors without SIMT, warnings on Ascend950', async () => {
  const threads = (r: Awaited<ReturnType<typeof analyze>>) => r.findings.find((f) => f.message.includes('maxThreadsPerBlock'))?.severity;
  assert.equal(threads(await analyze(PROPS, { target: { soc: 'Ascend910B3', cann: '8.x' }, only: ['ASC510'] })), 'error');
  assert.equal(threads(await analyze(PROPS, { target: { soc: 'Ascend950', cann: '9.x' }, only: ['ASC510'] })), 'warning');
});

test('ASC518 cuda-occupancy: the core-count attribute follows the AI Core layout', async () => {
  const occ = 'void f(int* g, int* b, const void* k) { cudaOccupancyMaxPotentialBlockSize(g, b, k, 0, 0); }';
  const separated = await analyze(occ, { target: { soc: 'Ascend910B3' }, only: ['ASC518'] });
  const coupled = await analyze(occ, { target: { soc: 'Ascend310P3' }, only: ['ASC518'] });
  assert.match(separated.findings[0]!.message, /ACL_DEV_ATTR_VECTOR_CORE_NUM/);
  assert.match(coupled.findings[0]!.message, /ACL_DEV_ATTR_AICORE_CORE_NUM/);
});

test('ASC511 cuda-error-handling: aclGetRecentErrMsg carries a CANN 8.x caveat only on 8.x', async () => {
  const text = 'void f(cudaError_t e) { puts(cudaGetErrorString(e)); }';
  const old = await analyze(text, { target: { cann: '8.x' }, only: ['ASC511'] });
  const now = await analyze(text, { target: { cann: '9.x' }, only: ['ASC511'] });
  const msg = (r: typeof old) => r.findings.find((f) => f.message.startsWith('`cudaGetErrorString`'))!.message;
  assert.match(msg(old), /CANN 8\.x/);
  assert.doesNotMatch(msg(now), /CANN 8\.x/);
});

test('ASC526 cuda-launch-api: cooperative launches point to hard SyncAll only where the chip has it', async () => {
  const text = 'void f(const void* k, void** a, cudaStream_t s) { cudaLaunchCooperativeKernel(k, dim3(8), dim3(1), a, 0, s); }';
  const hard = await analyze(text, { target: { soc: 'Ascend910B3' }, only: ['ASC526'] });
  const soft = await analyze(text, { target: { soc: 'Ascend910A' }, only: ['ASC526'] });
  assert.doesNotMatch(hard.findings[0]!.message, /software/);
  assert.match(soft.findings[0]!.message, /software `SyncAll\(\)`/);
});
