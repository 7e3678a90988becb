/**
 * Issue #21 item 4: every analysis is bounded, not just the parse. The inputs are the
 * shapes that froze the server: a long identifier (the call-finding regex was quadratic),
 * deep nesting (the tree query was quadratic), unclosed launches in a macro flood (4 k
 * characters scanned per launch), and a line of launches whose JSON ran to hundreds of
 * megabytes. No timing is asserted: each shape runs in a worker thread that is terminated
 * at a deadline far above its expected time (test/helpers/deadline.ts; `node:test`'s own
 * timeout cannot stop synchronous work), so a hang or a quadratic regression is a failure.
 * The figures are measured by `npm run fuzz`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ANALYSIS_BUDGET, DEFAULT_TARGET } from '../../server/src/engine';
import { matchBracket, MAX_BRACKET_SCAN } from '../../server/src/engine/model/scan';
import { MAX_LAUNCHES } from '../../server/src/engine/model/facts';
import { analyzeWithin } from '../helpers/deadline';
import { engine } from '../helpers/engine';

const DEADLINE = { timeout: 120_000 };
/** Far above the few seconds each shape takes on this 2-core machine, far below a regression's minutes. */
const HANG_MS = 45_000;

test('a 1 MB identifier in half-typed code is scanned in linear time', DEADLINE, async () => {
  // The ERROR node makes the lexical call scan run; `y(` is the call it must still find.
  const text = `__global__ void k() { x${'a'.repeat(1_000_000)} __syncthreads(`;
  const r = await analyzeWithin(text, { maxFileBytes: 2e6 }, HANG_MS);
  assert.deepEqual(r.ruleErrors, []);
  assert.ok(r.codes.includes('ASC201'), 'the barrier after the identifier is found');
});

test('200 k nested parentheses finish: the query hands over to a linear walk', DEADLINE, async () => {
  const r = await analyzeWithin(`__global__ void k(float* x) { x[0] = ${'('.repeat(200_000)}; __syncthreads(); }`, {}, HANG_MS);
  assert.deepEqual(r.ruleErrors, []);
});

test('a macro flood of unclosed launches finishes', DEADLINE, async () => {
  // 50,000 `#define` bodies: the lexical scan of each body rebuilt the document's set of
  // launch brackets, quadratic in the number of macros (140 s before the fix, 3 s after).
  const text = Array.from({ length: 50_000 }, (_, i) => `#define M${i}(x) __global__ x<<<1,1>>>(`).join('\n');
  const r = await analyzeWithin(text, {}, HANG_MS);
  assert.deepEqual(r.ruleErrors, []);
  assert.ok(r.notices.some((n) => n.reason === 'macro-limit'), 'the macro table is capped, with a notice');
});

test('findings, kernels and launches are capped per file, each cap with a notice', DEADLINE, async () => {
  const e = await engine();
  const launches = `__global__ void k(float* x) {}\nvoid h(float* a) {${'k<<<1,2>>>(a);'.repeat(ANALYSIS_BUDGET.findings + 500)}}\n`;
  const r = e.analyzeText(launches, { target: DEFAULT_TARGET });
  assert.equal(r.findings.length, ANALYSIS_BUDGET.findings);
  assert.ok(r.launches.length <= ANALYSIS_BUDGET.listed);
  assert.ok(r.kernels.every((k) => k.launches.length <= ANALYSIS_BUDGET.listed));
  const notes = r.notices.filter((n) => n.reason === 'budget').map((n) => n.message);
  assert.ok(notes.some((m) => /findings over the limit/.test(m)), notes.join('\n'));
  assert.ok(notes.some((m) => /only the first \d+ of \d+ launches are listed/.test(m)), notes.join('\n'));
  // Output stays proportional to the caps, not to the input.
  assert.ok(JSON.stringify(r).length < 4_000_000);
});

test('a line of 333,000 launches reads the first MAX_LAUNCHES and says so', DEADLINE, async () => {
  // The fuzz suite's 5 MB line: after the parse's own time limit, extracting and checking
  // every launch took 5 s more; past MAX_LAUNCHES they are not read.
  const text = `__global__ void k(float* a) {}\nvoid h(float* a) {${'k<<<1,2>>>(a);'.repeat(Math.floor(5_000_000 / 15))}}`;
  const r = await analyzeWithin(text, { maxFileBytes: 8 * 1024 * 1024 }, HANG_MS);
  assert.deepEqual(r.ruleErrors, []);
  assert.equal(r.launches, ANALYSIS_BUDGET.listed);
  const listed = r.notices.find((n) => n.reason === 'budget' && /are listed/.test(n.message));
  assert.match(listed?.message ?? '', new RegExp(`only the first ${ANALYSIS_BUDGET.listed} of more than ${MAX_LAUNCHES} launches are listed \\(launches past that many are not read\\)`));
});

test('the bracket table answers exactly what the bounded scan did', () => {
  const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const reference = (masked: string, open: number): number => {
    const stack: string[] = [];
    for (let i = open; i < Math.min(masked.length, open + MAX_BRACKET_SCAN); i++) {
      const c = masked[i]!;
      if (c in OPEN) stack.push(OPEN[c]!);
      else if (c === ')' || c === ']' || c === '}') {
        if (stack.pop() !== c) return -1;
        if (stack.length === 0) return i;
      } else if (c === ';' && stack.length === 1 && masked[open] === '(') return -1;
    }
    return -1;
  };
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let t = 0; t < 800; t++) {
    const len = Math.floor(rnd() * (t % 20 === 0 ? 9000 : 60));
    let s = '';
    for (let i = 0; i < len; i++) s += '()[]{};a '[Math.floor(rnd() * 9)];
    for (let i = 0; i < s.length; i++) if (s[i]! in OPEN) assert.equal(matchBracket(s, i), reference(s, i), `${JSON.stringify(s.slice(0, 80))} at ${i}`);
  }
});
