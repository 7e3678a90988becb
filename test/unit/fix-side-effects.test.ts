/**
 * Issue #21 item 10: a "safe" fix never changes what the program does. The saved shapes:
 * `cudaMalloc(c ? &a : &b, n)` (the cast bound to `c`), and a `cudaMemcpy` whose count has
 * a side effect (`n++` written twice by the rewrite, so it ran twice).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TARGET } from '../../server/src/engine';
import { engine } from '../helpers/engine';

async function fixOf(line: string) {
  const e = await engine();
  const r = e.analyzeText(`void f(float* a, float* b, const float* h, int n, bool c) {\n  ${line}\n}\n`, { target: DEFAULT_TARGET });
  const fix = r.findings.flatMap((f) => f.fixes ?? []).find((x) => x.title.startsWith('Replace with'));
  assert.ok(fix, line);
  return { text: fix.edits[0]!.newText, safety: fix.safety };
}

test('the void** cast covers the whole pointer argument', async () => {
  const r = await fixOf('cudaMalloc(c ? &a : &b, n);');
  assert.equal(r.text, 'aclrtMalloc((void**)(c ? &a : &b), n, ACL_MEM_MALLOC_HUGE_FIRST)');
  assert.equal(r.safety, 'safe');
  assert.equal((await fixOf('cudaMalloc(&a, n);')).text, 'aclrtMalloc((void**)&a, n, ACL_MEM_MALLOC_HUGE_FIRST)');
  assert.equal((await fixOf('cudaMalloc((void**)&a, n);')).text, 'aclrtMalloc((void**)&a, n, ACL_MEM_MALLOC_HUGE_FIRST)');
});

test('a count with side effects makes the duplicating rewrite unsafe', async () => {
  for (const count of ['n++', 'n = 4', 'next(n)', '--n * sizeof(float)']) {
    assert.equal((await fixOf(`cudaMemcpy(a, h, ${count}, cudaMemcpyHostToDevice);`)).safety, 'unsafe', count);
    assert.equal((await fixOf(`cudaMemset(a, 0, ${count});`)).safety, 'unsafe', count);
  }
  for (const count of ['n', 'n * sizeof(float)', 'n == 4 ? 8 : 16', 'sizeof(float) * (n + 1)']) {
    assert.equal((await fixOf(`cudaMemcpy(a, h, ${count}, cudaMemcpyHostToDevice);`)).safety, 'safe', count);
  }
});
