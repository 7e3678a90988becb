import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../helpers/engine';

const codes = async (text: string) => (await analyze(text)).findings.map((f) => `${f.range.start.line}:${f.code}`);

test('ascend-port-ignore on the line, on the line above, by code or name, and for the whole file', async () => {
  const text = [
    '__global__ void k(float* p) {',
    '  __syncthreads(); // ascend-port-ignore ASC201',
    '  // ascend-port-ignore warp-shuffle: reviewed, rewritten by hand',
    '  p[0] = __shfl_down_sync(0xffffffff, p[0], 1); atomicAdd(p, 3.0f);',
    '  __syncthreads(); // ascend-port-ignore ASC251 (a different rule: still reported)',
    '  atomicAdd(p, 1.0f); // ascend-port-ignore',
    '  atomicAdd(p, 2.0f);',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(await codes(text), ['3:ASC301', '4:ASC201', '6:ASC301']);
  assert.deepEqual(await codes(`// ascend-port-ignore-file ASC201, ASC301\n${text}`), []);
});

test('an unknown code in a suppression comment is reported as a notice and suppresses nothing', async () => {
  const r = await analyze('__global__ void k() {\n  __syncthreads(); // ascend-port-ignore ASC999\n}\n');
  assert.deepEqual(r.findings.map((f) => f.code), ['ASC201']);
  assert.deepEqual(r.notices.map((n) => n.reason), ['unknown-rule']);
});
