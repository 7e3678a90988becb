/**
 * The CUDA lens must keep the length and every offset, rewrite exactly the CUDA
 * constructs, and leave comments, strings, directives and C++ templates alone.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { applyCudaLens, maskCommentsAndStrings, type LensResult } from '../../server/src/engine/syntax/lens';

/** Length kept; every character outside the edited spans unchanged; edits sorted and disjoint. */
function assertPreserved(src: string, r: LensResult): void {
  assert.equal(r.text.length, src.length + (r.appendedNewline ? 1 : 0), 'length');
  const covered = new Uint8Array(src.length);
  let last = -1;
  for (const e of r.edits) {
    assert.ok(e.start >= last, 'edits sorted and disjoint');
    assert.equal(src.slice(e.start, e.end), e.original);
    last = e.end;
    for (let i = e.start; i < e.end; i++) covered[i] = 1;
  }
  for (let i = 0; i < src.length; i++) {
    if (!covered[i]) assert.equal(r.text[i], src[i], `offset ${i} changed outside an edit`);
  }
}

function lens(src: string): LensResult {
  const r = applyCudaLens(src);
  assertPreserved(src, r);
  return r;
}

describe('qualifiers', () => {
  test('become attributes of equal length', () => {
    const src = '__global__ void k(); __device__ __forceinline__ int f(); __host__ __device__ int g(); __shared__ float s[4]; __constant__ int c; __managed__ int m; __noinline__ void h(const int __grid_constant__ x);';
    const r = lens(src);
    assert.equal(
      r.text,
      '[[global]] void k(); [[device]] [[forceinline]] int f(); [[host]] [[device]] int g(); [[shared]] float s[4]; [[constant]] int c; [[managed]] int m; [[noinline]] void h(const int [[grid_constant]] x);',
    );
    assert.deepEqual(r.edits.map((e) => e.name), ['global', 'device', 'forceinline', 'host', 'device', 'shared', 'constant', 'managed', 'noinline', 'grid_constant']);
  });

  test('with arguments move the underscores behind the parentheses', () => {
    const r = lens('__global__ void __launch_bounds__(256, 2) k() {}');
    assert.equal(r.text, '[[global]] void [[launch_bounds(256, 2)]] k() {}');
    const lb = r.edits.find((e) => e.name === 'launch_bounds')!;
    assert.equal(lb.args, '256, 2');
    assert.equal(lb.original, '__launch_bounds__(256, 2)');
    assert.equal(lens('struct __align__(16) V { float x; };').text, 'struct [[align(16)]] V { float x; };');
  });

  test('in extended-lambda position become comments', () => {
    const r = lens('auto f = [=] __device__ (int i) { return i; }; auto g = [&] __host__ __device__ (int i) { return i; };');
    assert.equal(r.text, 'auto f = [=] /*device*/ (int i) { return i; }; auto g = [&] /*host*/ /*device*/ (int i) { return i; };');
    assert.deepEqual(r.edits.map((e) => e.form), ['comment', 'comment', 'comment']);
    // An attribute list `[[nodiscard]]` is not a lambda introducer.
    assert.equal(lens('[[nodiscard]] __device__ int f();').text, '[[nodiscard]] [[device]] int f();');
  });

  test('are left alone in comments, strings, directives and longer identifiers', () => {
    const src = [
      '// __global__ in a comment',
      '/* __device__ */ const char* s = "__shared__"; char c = \'_\';',
      '#ifdef __CUDA_ARCH__',
      '#if defined(__device__)',
      '#define __device__',
      '#undef __host__',
      'int my__global__x; int __global__x;',
      'auto r = R"raw(__global__ <<<1,1>>>)raw";',
      '#endif',
      '',
    ].join('\n');
    const r = lens(src);
    assert.equal(r.text, src);
    assert.deepEqual(r.edits, []);
  });

  test('in #define bodies are rewritten, but not the macro name', () => {
    const r = lens('#define KERNEL __global__ void\n#define __forceinline__ inline\n');
    assert.equal(r.text, '#define KERNEL [[global]] void\n#define __forceinline__ inline\n');
  });
});

describe('launches', () => {
  test('become a call of a call', () => {
    const r = lens('k<<<grid, block, 0, stream>>>(a, b);');
    assert.equal(r.text, 'k(  grid, block, 0, stream)  (a, b);');
    const e = r.edits[0]!;
    assert.equal(e.kind, 'launch');
    assert.equal(e.launch!.open, 1);
    assert.equal(r.text.slice(e.launch!.configStart, e.launch!.configEnd), 'grid, block, 0, stream');
  });

  test('with templates, dim3 and nested parentheses', () => {
    assert.equal(lens('k<float, 4><<<dim3(n / 256, 2), 256>>>(a);').text, 'k<float, 4>(  dim3(n / 256, 2), 256)  (a);');
    assert.equal(lens('k<<<f(g(1), h[2]), b>>>(x);').text, 'k(  f(g(1), h[2]), b)  (x);');
    assert.equal(lens('ns::k<T><<<1, 2>>>\n  (x);').text, 'ns::k<T>(  1, 2)  \n  (x);');
  });

  test('spaced openers and closers', () => {
    assert.equal(lens('k<< <1, 2>>>(x);').text, 'k(   1, 2)  (x);');
    assert.equal(lens('k< < <1, 2> > >(x);').text, 'k(    1, 2)    (x);');
    assert.equal(lens('k<<<1, 2>> >(x);').text, 'k(  1, 2)   (x);');
  });

  test('template closers, shifts and stream operators are never touched', () => {
    const src = [
      'std::vector<std::pair<int,std::vector<int>>> v;',
      'A<B<C<D>>> x;',
      'int y = a >> 3; int z = b >>= 1; int w = c >>> 0;',
      'std::cout << a << b << std::endl;',
      'template <typename T> std::ostream& operator<<<T>(std::ostream& o, T t);',
      'bool q = a < b && c <<< d;',
      '',
    ].join('\n');
    const r = lens(src);
    assert.equal(r.text, src);
    assert.deepEqual(r.edits, []);
  });

  test('inside macros (with continuations) but not in comments, strings or #if lines', () => {
    const src = [
      '#define LAUNCH(k, n) k<<<(n + 255) / 256, 256>>>(n)',
      '#define LAUNCH2(k, n) \\',
      '  k<<<n, 1>>>( \\',
      '     n)',
      '// k<<<1, 1>>>(x);',
      '/* k<<<1, 1>>>(x); */',
      'const char* s = "k<<<1, 1>>>(x)";',
      '#if A<<<B',
      '#endif',
    ].join('\n');
    const r = lens(src);
    assert.equal(r.edits.filter((e) => e.kind === 'launch').length, 2);
    assert.ok(r.text.includes('k(  (n + 255) / 256, 256)  (n)'));
    assert.ok(r.text.includes('k(  n, 1)  ( \\'));
    assert.ok(r.text.includes('// k<<<1, 1>>>(x);'));
    assert.ok(r.text.includes('"k<<<1, 1>>>(x)"'));
    assert.ok(r.text.includes('#if A<<<B'));
    assert.equal(r.appendedNewline, true, '#endif at EOF gets a newline');
    assert.ok(r.text.endsWith('#endif\n'));
  });
});

describe('qualifier macros', () => {
  test('same-file #defines of qualifiers are resolved, chains included', () => {
    const src = [
      '#define HOST_DEVICE __host__ __device__',
      '#define DEVICE_INLINE __device__ __forceinline__ inline',
      '#define HD_ALIAS HOST_DEVICE',
      '#define KERNEL __global__ __launch_bounds__(256)',
      '#define NOT_QUALIFIERS int x',
      '#define FN(x) __device__ x',
      'HOST_DEVICE float f();',
      'DEVICE_INLINE float g();',
      'HD_ALIAS float h();',
      'KERNEL void k();',
      'NOT_QUALIFIERS; FN(int) q();',
      '// HOST_DEVICE in a comment',
      '',
    ].join('\n');
    const r = lens(src);
    assert.deepEqual(r.qualifierMacros.sort(), ['DEVICE_INLINE', 'HD_ALIAS', 'HOST_DEVICE', 'KERNEL']);
    const lines = r.text.split('\n');
    assert.equal(lines[6], '[[ST_DEVI]] float f();');
    assert.equal(lines[7], '[[VICE_INLI]] float g();');
    assert.equal(lines[8], '[[_ALI]] float h();');
    assert.equal(lines[9], '[[RN]] void k();');
    assert.equal(lines[10], 'NOT_QUALIFIERS; FN(int) q();');
    assert.equal(lines[11], '// HOST_DEVICE in a comment');
    const macros = r.edits.filter((e) => e.kind === 'macro');
    assert.deepEqual(macros.map((m) => [m.name, m.qualifiers]), [
      ['HOST_DEVICE', ['host', 'device']],
      ['DEVICE_INLINE', ['device', 'forceinline']],
      ['HD_ALIAS', ['host', 'device']],
      ['KERNEL', ['global', 'launch_bounds']],
    ]);
  });
});

describe('robustness', () => {
  test('masking keeps length and blanks comments and literals only', () => {
    const src = "int a = 1'000'000; char c = 'x'; auto s = u8\"<<<\"; // <<<\n/* >>> */ int b;";
    const m = maskCommentsAndStrings(src);
    assert.equal(m.length, src.length);
    assert.ok(m.startsWith("int a = 1'000'000; char c = ' '; auto s = u8\"   \";"));
    assert.ok(m.endsWith('\n          int b;'));
  });

  test('empty input, unbalanced brackets and half-typed launches', () => {
    for (const src of ['', 'k<<<', 'k<<<1, 2>>>', 'k<<<1, (2>>>(x);', '__launch_bounds__(', '__global__ void k( {{{ ]]] ))', '"unterminated', '/* open comment __global__', "R\"x(never closed"]) {
      lens(src);
    }
  });

  test('random bytes never throw and keep the length', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xff;
    const alphabet = '<>()[]{};,"\'/*\\\n #_abcdefghijklmnopqrstuvwxyz0123456789=+-&|';
    for (let round = 0; round < 20; round++) {
      let src = '';
      for (let i = 0; i < 5000; i++) src += next() < 200 ? alphabet[next() % alphabet.length] : String.fromCharCode(next());
      src = src.replace(/__/g, '__global__');
      lens(src);
    }
  });
});

describe('tree-sitter parses the lensed text', () => {
  test('a CUDA file has no ERROR nodes and the launch is a call of a call', async () => {
    await Parser.init();
    const root = path.resolve(__dirname, '../..');
    const language = await Language.load(fs.readFileSync(path.join(root, 'node_modules/tree-sitter-cpp/tree-sitter-cpp.wasm')));
    const parser = new Parser();
    parser.setLanguage(language);
    const src = [
      '#define HOST_DEVICE __host__ __device__',
      'HOST_DEVICE inline float sq(float x) { return x * x; }',
      '__global__ void __launch_bounds__(256) k(const float* __restrict__ in, float* out) {',
      '  __shared__ float t[256];',
      '  auto f = [=] __device__ (float v) { return sq(v); };',
      '  t[threadIdx.x] = f(in[threadIdx.x]);',
      '  out[threadIdx.x] = t[255 - threadIdx.x];',
      '}',
      'void run(const float* a, float* b) { k<<<1, 256>>>(a, b); }',
      '',
    ].join('\n');
    const tree = parser.parse(lens(src).text)!;
    try {
      assert.equal(tree.rootNode.hasError, false, tree.rootNode.toString());
      const all: Node[] = [];
      const visit = (n: Node) => {
        all.push(n);
        for (const c of n.children) if (c) visit(c);
      };
      visit(tree.rootNode);
      const launch = all.find((n) => n.type === 'call_expression' && n.childForFieldName('function')?.type === 'call_expression');
      assert.ok(launch, 'the launch parses as a call of a call');
      assert.equal(launch.childForFieldName('function')!.childForFieldName('function')!.text, 'k');
      const kernel = all.find((n) => n.type === 'function_definition' && n.text.includes('void [[launch_bounds'))!;
      const attr = kernel.children.find((c) => c?.type === 'attribute_declaration');
      assert.equal(attr?.namedChildren[0]?.childForFieldName('name')?.text, 'global');
    } finally {
      tree.delete();
      parser.delete();
    }
  });
});
