/**
 * Template kernels: template arguments written at the launch or deduced from the declared
 * types of its arguments (also through a template host function), several instantiations of
 * one kernel ported as one block per instantiation (own class, entry and Launch wrapper), and
 * non-type parameters bound as constants. Numerical verification of the same fixture is in
 * test/verify/verify.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, previousPort, replaceLaunches, type Target } from '../../server/src/engine';
import { estimateDocument } from '../../server/src/engine/estimates';
import { FileFacts } from '../../server/src/engine/model/facts';
import { recognizeKernel } from '../../server/src/engine/port/recognize';
import { syntaxCheck } from '../helpers/syntax-check';
import { assertSnapshot } from '../helpers/snapshot';

const DIR = path.resolve(__dirname, '../fixtures/port');
const FILE = path.join(DIR, 'templates.cu');
const TEXT = fs.readFileSync(FILE, 'utf8');
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

const EXPECTED: Record<string, string[]> = {
  fill_value: ['T = float', 'T = half'],
  clamp_kernel: ['T = float', 'T = half'],
  scale_pow2: ['T = float, POWER = 4', 'T = float, POWER = 8'],
  axpy_t: ['T = float'],
  add_rounded: ['T_acc = float, T_in = half', 'T_acc = half, T_in = float'],
};

for (const target of [B3, P3, { soc: 'Ascend910B3', cann: '9.x' } as Target]) {
  for (const [kernel, bindings] of Object.entries(EXPECTED)) {
    test(`${kernel} on ${target.soc} (CANN ${target.cann}): complete for ${bindings.join('; ')}, and the port passes g++ -fsyntax-only`, () => {
      withDoc(TEXT, (doc) => {
        const v = kernelVerdict(doc, kernel, target)!;
        assert.equal(v.kind, 'complete', v.kind === 'skeleton' ? v.reasons.join('; ') : '');
        if (v.kind !== 'complete') return;
        const found = v.instances ? v.instances.map((i) => Object.entries(i.typeArgs).map(([k, x]) => `${k} = ${x}`).join(', ')) : [v.program.notes.find((n) => n.startsWith('instantiated for '))!.replace(/^instantiated for (.*), as this file launches it$/, '$1')];
        assert.deepEqual(found, bindings);
        const r = portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'templates.cu')!;
        const wrappers = [...r.text.matchAll(/^aclError (Launch\w+)\(/gm)].map((m) => m[1]!);
        assert.equal(new Set(wrappers).size, bindings.length, 'one launch wrapper per instantiation, distinct names');
        assert.equal(r.declaration!.match(/^aclError Launch\w+\(/gm)?.length, bindings.length);
        const check = syntaxCheck(r.text, target.cann);
        assert.ok(check.ok, check.errors);
        // Porting again finds the whole previous port (all instantiations) to replace.
        const prev = previousPort(`// other\n${r.text}\n// after\n`, kernel)!;
        assert.equal(`// other\n${r.text}\n// after\n`.slice(prev.start, prev.end).trimEnd(), r.text.trimEnd());
      });
    });
  }
}

test('instantiations bind types and constants: half computes in half, POWER is a literal in the port', () => {
  withDoc(TEXT, (doc) => {
    const clamp = kernelVerdict(doc, 'clamp_kernel', B3)!;
    assert.equal(clamp.kind, 'complete');
    if (clamp.kind !== 'complete') return;
    assert.deepEqual(clamp.instances!.map((i) => i.program.args.filter((a) => a.kind === 'tensor').map((a) => (a.kind === 'tensor' ? a.dtype : ''))), [['float', 'float'], ['half', 'half']]);
    const pow = portKernel(doc, engine.analyze(doc, { target: B3 }), 'scale_pow2', B3, 'templates.cu')!;
    assert.match(pow.text, /Muls\([^;]*\b4\)/);
    assert.match(pow.text, /Muls\([^;]*\b8\)/);
  });
});

test('"Replace launches" calls the wrapper of the launch\'s own instantiation; a launch inside a template function (several instantiations) is left alone', () => {
  withDoc(TEXT, (doc) => {
    const fill = replaceLaunches(doc, 'fill_value', B3, 'templates_ascend.h')!;
    const texts = fill.edits.map((e) => e.newText);
    assert.ok(texts.some((t) => /^LaunchFillValueFloat\(d_out, 1\.5f, n, nullptr/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /^LaunchFillValueHalf\(\(half\*\)raw, __float2half\(0\.25f\), n, nullptr/.test(t)), texts.join('\n'));
    assert.equal(fill.skipped, 0);
    assert.equal(replaceLaunches(doc, 'clamp_kernel', B3, 'templates_ascend.h'), null, 'its one launch makes two instantiations');
    const pow = replaceLaunches(doc, 'scale_pow2', B3, 'templates_ascend.h')!;
    assert.deepEqual(pow.edits.map((e) => e.newText.split('(')[0]).filter((t) => t.startsWith('Launch')), ['LaunchScalePow2Float4', 'LaunchScalePow2Float8']);
  });
});

test('snapshot: a template kernel launched with two deduced instantiations', () => {
  assertSnapshot(path.join(DIR, 'fill_value.Ascend910B3.snap'), withDoc(TEXT, (doc) => portKernel(doc, engine.analyze(doc, { target: B3 }), 'fill_value', B3, 'templates.cu')!.text));
});

test('template rejections say what is missing', () => {
  const reasons = (src: string) =>
    withDoc(src, (doc) => {
      const facts = FileFacts.of(doc);
      const r = recognizeKernel(facts, doc.text, facts.functions().find((f) => f.kind === 'global')!);
      return 'rejections' in r ? r.rejections.map((x) => x.reason).join('; ') : 'accepted';
    });
  const k = 'template <typename T>\n__global__ void k(T* y, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) y[i] = y[i] + y[i]; }\n';
  assert.match(reasons(k), /never launches/);
  assert.match(reasons(`${k}struct B { float* p; };\nvoid h(B b, int n) { k<<<1, 1>>>(b.p, n); }`), /on line 4 without `T` being deducible/);
  assert.match(reasons(`${k}template <class U> void run(U* p, int n) { k<<<1, 1>>>(p, n); }`), /template function `run`, which this file never calls/);
  assert.equal(reasons(`${k}template <class U> void run(U* p, int n) { k<<<1, 1>>>(p, n); }\nvoid h(float* f, int n) { run(f, n); }`), 'accepted');
  // An explicit instantiation names the template function's arguments (cuda-samples' `template void reduce<float>(…);`).
  assert.equal(reasons(`${k}template <class U> void run(U* p, int n) { k<<<1, 1>>>(p, n); }\ntemplate void run<float>(float* p, int n);`), 'accepted');
  // A qualified call of another function of the same name (`cg::reduce`) is not a call of it.
  assert.equal(reasons(`${k}namespace cg { template <class A> A reduce(A a, int b) { return a; } }\ntemplate <class U> void reduce(U* p, int n) { k<<<1, 1>>>(p, n); }\ntemplate <class V> V twice(V v) { return cg::reduce(v, 2); }\nvoid h(float* f, int n) { reduce(f, n); }`), 'accepted');
  assert.match(reasons(`${k}void h(double* d, float* f, int n) { k<<<1, 1>>>(d, n); k<<<1, 1>>>(f, n); }`), /instantiated with T = double \(one of 2 instantiations in this file\): pointer parameter `y` has element type `double`/);
  assert.match(reasons('template <typename... Ts>\n__global__ void k(float* y, int n) { }\n'), /template parameters `<typename\.\.\. Ts>` the port does not bind \(only `typename T`, integer or bool constants and function pointers/);
  // A function-pointer parameter is bound like the others (test/unit/port-fnptr.test.ts): here no launch names it.
  assert.match(reasons('template <float (*op)(float)>\n__global__ void k(float* y, int n) { }\n'), /never launches/);
});

test('launch hints show the tiling of the launch\'s own instantiation; a launch in a template function names the wrappers', () => {
  withDoc(TEXT, (doc) => {
    const hints = estimateDocument(doc, { target: B3 }).launches;
    const fill = hints.filter((h) => h.kernel === 'fill_value').map((h) => h.label);
    assert.equal(fill.length, 2);
    const tiles = fill.map((l) => Number(/tile≤(\d+)/.exec(l)![1]));
    assert.equal(tiles[1], tiles[0]! * 2, `half tiles hold twice the float elements: ${fill.join(' | ')}`);
    assert.match(hints.find((h) => h.kernel === 'clamp_kernel')!.label, /one port per instantiation \(LaunchClampKernelFloat, LaunchClampKernelHalf\)/);
  });
});
