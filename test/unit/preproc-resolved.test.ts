/**
 * resolvedConditionals: the text a compiler of the same configuration sees, for verify's CPU
 * build. A chain the model resolves to one branch loses its directives and dead branches
 * (offsets and lines kept); a chain it keeps whole (`__CUDA_ARCH__`, an unknown condition
 * without `#else`) is left as written.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_CONTEXT } from '../../server/src/engine';
import { buildPreproc } from '../../server/src/engine/preproc/model';
import { resolvedConditionals } from '../../server/src/engine/preproc/resolved';
import { maskCommentsAndStrings } from '../../server/src/engine/syntax/lens';

function resolve(text: string): string {
  const pre = buildPreproc(text, maskCommentsAndStrings(text), EMPTY_CONTEXT);
  return resolvedConditionals(text, pre.directives, pre.inactive);
}

const lines = (s: string) => s.split('\n').map((l) => l.trimEnd());

test('a chain resolved to one branch loses its directives and its dead branch; offsets and lines are kept', () => {
  const text = ['#define FAST 1', 'void f(int n) {', '  if ((n > 0) &&', '#ifdef GRAPHS', '      (n > 65536)) {', '#else', '      (n < 100)) {', '#endif', '    g(n);', '  }', '}', ''].join('\n');
  const out = resolve(text);
  assert.equal(out.length, text.length);
  assert.deepEqual(lines(out), ['#define FAST 1', 'void f(int n) {', '  if ((n > 0) &&', '', '', '', '      (n < 100)) {', '', '    g(n);', '  }', '}', '']);
});

test('nested chains: the inner one inside a dead branch goes with it; a live outer #if with a dead #else is resolved too', () => {
  const text = ['#define A 1', '#if A', 'int a;', '#ifdef B', 'int b;', '#endif', '#else', 'int c;', '#endif', ''].join('\n');
  assert.deepEqual(lines(resolve(text)), ['#define A 1', '', 'int a;', '', '', '', '', '', '', '']);
});

test('chains the model keeps whole are left for the compiler: __CUDA_ARCH__, an unknown condition without #else, a single live branch', () => {
  const arch = ['#if __CUDA_ARCH__ >= 800', 'int x = 1;', '#else', 'int x = 0;', '#endif', ''].join('\n');
  assert.equal(resolve(arch), arch);
  const unknown = ['#if SOME_FEATURE', 'int y;', '#endif', ''].join('\n');
  assert.equal(resolve(unknown), unknown);
  const live = ['#define K 1', '#ifdef K', 'int z;', '#endif', ''].join('\n');
  assert.equal(resolve(live), live);
});
