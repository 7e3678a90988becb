/**
 * Incremental reparsing must give exactly the tree a fresh parse gives, whatever the
 * edits (including edits that create or destroy CUDA constructs the lens rewrites).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TARGET, Engine } from '../../server/src/engine';
import { engine } from '../helpers/engine';

const BASE = `#include <cuda_runtime.h>
#define HOST_DEVICE __host__ __device__
HOST_DEVICE inline float sq(float x) { return x * x; }
__global__ void __launch_bounds__(256) k(const float* __restrict__ in, float* out, int n) {
  __shared__ float t[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x; // größe
  if (i < n) t[threadIdx.x] = sq(in[i]);
  __syncthreads();
  if (i < n) out[i] = t[255 - threadIdx.x];
}
void run(float* a, float* b, int n) { k<<<(n + 255) / 256, 256>>>(a, b, n); }
`;

/** A deterministic pseudo-random generator (tests must not be flaky). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const SNIPPETS = ['__global__ ', '<<<1, 2>>>', '>>>', '<<<', '__syncthreads();', '}', '{', '(', ')', '\n', '"', '/*', '*/', '// x\n', '#if 0\n', 'ü😀', ' ', 'atomicAdd(p, 1);', '__shared__ '];

test('incremental reparse equals a fresh parse after 300 random edits', async () => {
  const e = await engine();
  const random = rng(42);
  const doc = e.open(BASE);
  let text = BASE;
  try {
    for (let step = 0; step < 300; step++) {
      const a = Math.floor(random() * (text.length + 1));
      const b = Math.min(text.length, a + Math.floor(random() * 12));
      const insert = random() < 0.7 ? SNIPPETS[Math.floor(random() * SNIPPETS.length)]! : '';
      // Keep surrogate pairs whole so the text stays valid UTF-16.
      const safeA = /[\uDC00-\uDFFF]/.test(text[a] ?? '') ? a - 1 : a;
      const safeB = /[\uDC00-\uDFFF]/.test(text[b] ?? '') ? b + 1 : b;
      text = text.slice(0, safeA) + insert + text.slice(safeB);
      doc.update(text);
      assert.equal(doc.parse.incremental, true);
      const fresh = e.open(text);
      try {
        assert.equal(doc.tree!.rootNode.toString(), fresh.tree!.rootNode.toString(), `step ${step}`);
        const inc = e.analyze(doc, { target: DEFAULT_TARGET });
        const full = e.analyze(fresh, { target: DEFAULT_TARGET });
        assert.deepEqual(inc.findings, full.findings, `findings at step ${step}`);
      } finally {
        fresh.dispose();
      }
    }
  } finally {
    doc.dispose();
  }
});

test('a parse that runs out of time gives a partial result from the lexical fallback', async () => {
  const slow = await Engine.create({ parseTimeoutMs: 0.01 });
  try {
    const body = 'void f() { int a = (1 + (2 * (3 - 4))); }\n'.repeat(20000);
    const text = `${body}__global__ void k(float* p) { __syncthreads(); atomicAdd(p, 1.0f); }\nvoid g(float* p) { k<<<1, 1>>>(p); }\n`;
    const r = slow.analyzeText(text, { target: DEFAULT_TARGET });
    assert.equal(r.partial, true);
    assert.equal(r.notices[0]!.reason, 'parse-timeout');
    assert.deepEqual(r.findings.map((f) => f.code).sort(), ['ASC001', 'ASC201', 'ASC301']);
  } finally {
    slow.dispose();
  }
});
