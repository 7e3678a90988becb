/**
 * The port catalogue (test/fixtures/port/catalogue.cu): elementwise forms beyond
 * `out[i] = f(in[i])` port completely and pass the syntax check (numerical verification in
 * test/verify/verify.test.ts); and skeleton reasons say what the code really does.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, portKernel, type Target } from '../../server/src/engine';
import { FileFacts } from '../../server/src/engine/model/facts';
import { recognizeKernel } from '../../server/src/engine/port/recognize';
import { syntaxCheck } from '../helpers/syntax-check';

const TEXT = fs.readFileSync(path.resolve(__dirname, '../fixtures/port/catalogue.cu'), 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function withDoc<T>(text: string, f: (doc: ReturnType<Engine['open']>) => T): T {
  const doc = engine.open(text);
  try {
    return f(doc);
  } finally {
    doc.dispose();
  }
}

/** Each catalogue kernel and what its port must say or contain. */
const CATALOGUE: Record<string, RegExp[]> = {
  residual_hinted: [/`__ldcs` \(a cache-hinted load\) is a plain load/, /`__ldg` \(a cache-hinted load\) is a plain load/, /AscendC::Add\(outOut, inp1In, inp2In, cnt\)/],
  scale_streaming: [/`__stcs` \(a cache-hinted store\) is a plain store/, /`__ldcg` \(a cache-hinted load\) is a plain load/],
  leaky_clip: [/per-element `if`\/`else` computes both sides/, /y\[i\] = \(\(x\[i\] < 0\.0f \? \(x\[i\] \* slope\) : x\[i\]\) > cap \? cap : /, /AscendC::Compare\(/, /AscendC::Select\(/],
  where_half: [/mask\[i\] = \(half\)\(\(float\)a\[i\] >= \(float\)b\[i\] \?/, /out\[i\] = \(half\)\(\(float\)a\[i\] >= \(float\)b\[i\] \? \(\(float\)a\[i\] - \(float\)b\[i\]\) : \(float\)a\[i\]\)/],
  pow_forms: [/sq\[i\] = \(x\[i\] \* x\[i\]\)/, /rt\[i\] = sqrt\(abs\(x\[i\]\)\)/, /inv\[i\] = \(1\.0f \/ x\[i\]\)/, /`powf\(x, 0\.5\)` → Sqrt: equal for every x except −0/],
  positions: [/out\[i\] = \(\(float\)i \* scale\)/, /AscendC::CreateVecIndex\(v0, static_cast<int32_t>\(0\), count\);\n\s*AscendC::Adds\(v0, v0, static_cast<int32_t>\(indexBase_ \+ tileStart_\), cnt\);/, /tileStart_ = offset;/, /indexBase_ = tiling.indexBase;/],
  index_map: [/idx\[i\] = i\n/, /AscendC::CreateVecIndex\(idxOut, static_cast<int32_t>\(0\), count\)/],
  bump: [/counts\[i\] = \(counts\[i\] \+ 1\)/, /y\[i\] = \(x\[i\] - 1\)/],
  scale_by_count: [/over count elements/, /a\[i\] = \(a\[i\] \* \(b\[i\] \* \(1\.0f \/ static_cast<float>\(count\)\)\)\)/],
  copy_bytes: [/over bytes \/ sizeof\(int\) elements/, /dst\[i\] = src\[i\]/],
  fill_then_sync: [/Note: the thread-block handle and the barrier that ends the kernel are dropped/, /out\[i\] = v/],
  scale_to_half: [/y\[i\] = \(half\)\(\(x\[i\] \* \(k\)\) \+ \(bias\)\)|y\[i\] = \(half\)/, /RoundMode::CAST_RINT/],
};

for (const target of [B3, P3]) {
  for (const [kernel, musts] of Object.entries(CATALOGUE)) {
    test(`catalogue: ${kernel} ports completely on ${target.soc} and passes g++ -fsyntax-only`, () => {
      withDoc(TEXT, (doc) => {
        const r = portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'catalogue.cu')!;
        assert.equal(r.kind, 'complete', r.reasons.join('; '));
        for (const m of musts) assert.match(r.text, m);
        const check = syntaxCheck(r.text, target.cann);
        assert.ok(check.ok, check.errors);
      });
    });
  }
}

test('an iota on a target without DataCopyPad keeps the global index of the staged tail', () => {
  withDoc(TEXT, (doc) => {
    const r = portKernel(doc, engine.analyze(doc, { target: P3 }), 'positions', P3, 'catalogue.cu')!;
    assert.match(r.text, /uint64_t indexBase;/);
    assert.match(r.text, /tiling\.indexBase = head;/);
    // One CreateVecIndex per tile, from 0: the API writes its first block through float, exact only below 2^24.
    assert.equal(r.text.match(/CreateVecIndex\(/g)?.length, 1);
  });
  withDoc(TEXT, (doc) => {
    const r = portKernel(doc, engine.analyze(doc, { target: B3 }), 'residual_hinted', B3, 'catalogue.cu')!;
    assert.doesNotMatch(r.text, /indexBase|tileStart_/, 'kernels without an iota are unchanged');
  });
});

test('skeleton reasons say what the code is: offset pointers, index arithmetic, a guard after statements, casts', () => {
  const reasons = (body: string, params = 'const float* inp, float* y, int C, int n') =>
    withDoc(`__global__ void k(${params}) { int i = blockIdx.x * blockDim.x + threadIdx.x; ${body} }`, (doc) => {
      const facts = FileFacts.of(doc);
      const r = recognizeKernel(facts, doc.text, facts.functions()[0]!);
      return 'rejections' in r ? r.rejections.map((x) => x.reason).join('; ') : 'accepted';
    });
  const row = reasons('const float* row = inp + i * C; y[i] = row[0];');
  assert.match(row, /declares a pointer `const float\* row = inp \+ i \* C;` into a tensor at an offset/);
  assert.doesNotMatch(row, /exactly one initialised variable/);
  // `i / C` is a row of a broadcast, which needs the bound to be rows × C; other index arithmetic is a gather.
  assert.match(reasons('int b = i / C; if (i < n) y[i] = inp[b];'), /reads values per row \(`i \/ C`\) but its bound `n` is not a product with `C` as a factor/);
  assert.match(reasons('int b = i - C; if (i < n) y[i] = inp[b];'), /derives the index `b = i - C` from `i`: index arithmetic/);
  // A plain bounds guard after other statements is named as a guard, not a data branch.
  const late = reasons('y[0] = 1.0f; if (i < n) { y[i] = inp[i]; }');
  assert.doesNotMatch(late, /branches per element/);
  // Declarations before the guard are part of the body.
  assert.equal(reasons('float k = 2.0f; if (i < n) { y[i] = inp[i] * k; }'), 'accepted');
  assert.equal(reasons('float v = inp[i]; if (i >= n) return; y[i] = v;'), 'accepted');
  // `(half)(x)` is a cast, `(float)x` too; a parenthesised non-type is not.
  assert.equal(reasons('if (i < n) y[i] = (float)(inp[i]);'), 'accepted');
  assert.match(reasons('if (i < n) y[i] = (inp)(inp[i]);'), /a call through a parenthesised expression/);
  // Cache hints need an elementwise address.
  assert.match(reasons('if (i < n) y[i] = __ldg(inp + 1);'), /calls `__ldg` on `inp \+ 1`: only `&p\[i\]`/);
  // Several locals in one declaration, with or without values (`float a, b;` takes its values later).
  assert.equal(reasons('float a = 1.0f, b = 2.0f; if (i < n) y[i] = inp[i] * a + b;'), 'accepted');
  assert.equal(reasons('if (i < n) { float a, b; a = inp[i]; b = a * 2.0f; y[i] = b; }'), 'accepted');
  assert.match(reasons('float *p = y, *q = y; if (i < n) y[i] = inp[i];'), /declares 2 variables/);
  // Other exponents go to the high-level Power (issue 18); a scalar base is still the host's.
  assert.equal(reasons('if (i < n) y[i] = powf(inp[i], 3.0f);'), 'accepted');
  assert.equal(reasons('if (i < n) y[i] = powf(inp[i], inp[i]);'), 'accepted');
  assert.match(reasons('if (i < n) y[i] = powf(2.0f, inp[i]);'), /calls `powf` on a scalar/);
  // Per-element branches: one comparison, side-effect-free sides; otherwise the reason says which.
  assert.equal(reasons('if (i < n) { if (inp[i] > 0.0f) y[i] = inp[i]; else y[i] = -inp[i]; }'), 'accepted');
  assert.equal(reasons('if (i < n) { if (inp[i] > 0.0f) y[i] = inp[i]; }'), 'accepted', 'no else: the output keeps its contents');
  assert.match(reasons('if (i < n) { if (inp[i] > 0.0f && inp[i] < 1.0f) y[i] = 0.0f; }'), /not one comparison/);
  assert.match(reasons('if (i < n) { if (C > 2) y[i] = 0.0f; }'), /scalar condition/);
  assert.match(reasons('if (i < n) { if (inp[i] > 0.0f) { for (int j = 0; j < 2; j++) y[i] = 0.0f; } }'), /loops inside the per-element body/);
  assert.match(reasons('if (i < n) { int m = 1; if (inp[i] > 0.0f) m = 2; y[i] = inp[i] * m; }'), /assigns the scalar local `m` in a per-element branch/);
});
