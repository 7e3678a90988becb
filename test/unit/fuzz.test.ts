/**
 * The CI-sized run of the fuzz and property suite (test/fuzz/fuzz.ts): the adversarial
 * generators at a tenth of their size and a few dozen seeded mutations of the fixtures and
 * samples. `npm run fuzz -- --seed N --count M` runs it longer and at full size. Timing
 * and RSS are reported, not asserted; a budget overrun is a hang turned into a failure.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFuzz } from '../fuzz/fuzz';

test('fuzz: adversarial generators and seeded mutations keep every invariant', { timeout: 180_000 }, async (t) => {
  const r = await runFuzz({ seed: 21, count: 40, small: true });
  for (const x of r.timings) t.diagnostic(`${x.name}: ${x.chars} chars, ${Math.round(x.ms)} ms wall, ${Math.round(x.cpuMs)} ms CPU, notices: ${x.notices.join(', ') || 'none'}`);
  t.diagnostic(`${r.inputs} inputs; slowest mutation ${Math.round(r.maxMutationMs)} ms; peak RSS ${r.peakRssMb} MB`);
  assert.deepEqual(r.crashes, []);
  assert.deepEqual(r.overruns, []);
  assert.deepEqual(r.failures, []);
  assert.equal(r.inputs, 40 + r.timings.length);
});

test('fuzz: fix-all on a file that starts with the call it rewrites round-trips (seed 2026, mutation 4178)', async () => {
  // The include and the rewrite are both at offset 0; the checker once walked them in the
  // wrong order and reported text changed after the last edit.
  const r = await runFuzz({ seed: 2026, count: 4179, mutations: [4178] });
  assert.equal(r.inputs, 1);
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.crashes, []);
});
