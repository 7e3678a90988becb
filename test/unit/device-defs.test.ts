/**
 * scanDeviceDefs: the `__device__` function definitions of a header's text, found lexically for
 * header helpers (port/recognize.ts). Definitions with bodies only (prototypes and variables are
 * not), overloads listed under one name, templates marked, and bad input (an unclosed body, a
 * run of words with no bracket) yields what can be read without throwing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanDeviceDefs } from '../../server/src/engine/preproc/deviceDefs';
import { maskCommentsAndStrings } from '../../server/src/engine/syntax/lens';

const scan = (text: string) => scanDeviceDefs(maskCommentsAndStrings(text));

test('definitions with bodies, by name; prototypes, variables and comments are not definitions', () => {
  const text = [
    '// __device__ float commented(float x) { return x; }',
    '__device__ float proto(float x);',
    '__device__ int counter = 0;',
    'static __device__ __forceinline__ float silu(float x) {',
    '    return x / (1.0f + expf(-x));',
    '}',
    '__host__ __device__ inline float twice(float x) const { return 2.0f * x; }',
    '',
  ].join('\n');
  const defs = scan(text);
  assert.deepEqual([...defs.keys()].sort(), ['silu', 'twice']);
  const silu = defs.get('silu')![0]!;
  assert.equal(text.slice(silu.start, silu.end), '__device__ __forceinline__ float silu(float x) {\n    return x / (1.0f + expf(-x));\n}');
  assert.equal(silu.template, false);
});

test('overloads are listed under one name; a template is marked', () => {
  const defs = scan(['__device__ float f(float x) { return x; }', '__device__ double f(double x) { return x; }', 'template <typename T>', '__device__ T g(T x) { return x; }', ''].join('\n'));
  assert.equal(defs.get('f')?.length, 2);
  assert.equal(defs.get('g')?.[0]?.template, true);
});

test('bad input: an unclosed body and a long run of words give what can be read, without throwing', () => {
  assert.deepEqual([...scan('__device__ float h(float x) { return x;').keys()], []);
  assert.deepEqual([...scan(`__device__ ${'word '.repeat(10000)}`).keys()], []);
  assert.deepEqual([...scan('__device__ float ok(float x) { return x; }\n__device__ float broken(float x) {').keys()], ['ok']);
});
