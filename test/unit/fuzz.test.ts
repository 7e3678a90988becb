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
  for (const x of r.timings) t.diagnostic(`${x.name}: ${x.chars} chars, ${Math.round(x.ms)} ms, notices: ${x.notices.join(', ') || 'none'}`);
  t.diagnostic(`${r.inputs} inputs; slowest mutation ${Math.round(r.maxMutationMs)} ms; peak RSS ${r.peakRssMb} MB`);
  assert.deepEqual(r.crashes, []);
  assert.deepEqual(r.overruns, []);
  assert.deepEqual(r.failures, []);
  assert.equal(r.inputs, 40 + r.timings.length);
});
