/**
 * Function-pointer template parameters (`template <float (*fn)(float), typename T>`): parsed,
 * bound per instantiation at launches and through template host functions that name the
 * function in their own template arguments (`map_dispatch<f_abs>(…)`), and the bound
 * `__device__` function inlined where the kernel calls the parameter. The fixture is a unary
 * family (test/fixtures/port/unary_family.cu); its numerical verification is in
 * test/verify/unary-family.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import { FileFacts } from '../../server/src/engine/model/facts';
import { kernelInstantiations, MAX_BINDINGS, templateParams } from '../../server/src/engine/port/instantiate';
import { syntaxCheck } from '../helpers/syntax-check';

const DIR = path.resolve(__dirname, '../fixtures/port');
const TEXT = fs.readFileSync(path.join(DIR, 'unary_family.cu'), 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
/** The operations map_unary is instantiated with, in the order the file names them. */
const OPS = ['f_abs', 'f_negate', 'f_heaviside', 'f_sign', 'f_square', 'f_relu', 'f_relu_square', 'f_logistic', 'f_swish', 'f_hard_logistic', 'f_hard_swish', 'f_gelu_tanh', 'f_gelu_exact', 'f_gelu_fast', 'f_tanh', 'f_exp', 'f_sqrt', 'f_log', 'f_softplus', 'f_expm1', 'f_elu', 'f_log1p', 'f_floor', 'f_ceil', 'f_round', 'f_trunc'];
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

function kernelFn(doc: ReturnType<Engine['open']>, name: string) {
  const facts = FileFacts.of(doc);
  return { facts, fn: facts.functions().find((f) => f.name === name && f.kind === 'global')! };
}

test('templateParams reads function-pointer parameters with their signature', () => {
  withDoc(TEXT, (doc) => {
    const { fn } = kernelFn(doc, 'map_unary');
    assert.deepEqual(templateParams(fn), [
      { name: 'fn', kind: 'function', valueType: 'float (*)(float)', default: undefined },
      { name: 'T', kind: 'type', default: undefined },
    ]);
    assert.deepEqual(templateParams(kernelFn(doc, 'map_binary').fn), [{ name: 'fn', kind: 'function', valueType: 'float (*)(float, float)', default: undefined }]);
  });
});

test('the unary family binds every operation × {half, float} through two levels of template host functions', () => {
  withDoc(TEXT, (doc) => {
    const { facts, fn } = kernelFn(doc, 'map_unary');
    const r = kernelInstantiations(facts, doc.text, fn);
    assert.ok('bindings' in r, 'reason' in r ? r.reason : '');
    if (!('bindings' in r)) return;
    const expected = [...OPS.map((op) => ({ fn: op, T: 'half' })), ...OPS.map((op) => ({ fn: op, T: 'float' }))];
    assert.deepEqual(
      [...r.bindings].sort((a, b) => `${a.fn}${a.T}`.localeCompare(`${b.fn}${b.T}`)),
      expected.sort((a, b) => `${a.fn}${a.T}`.localeCompare(`${b.fn}${b.T}`)),
    );
    assert.ok(r.bindings.length <= MAX_BINDINGS);
    // Written at the launch, `&f` and `f` alike.
    const refused = kernelInstantiations(facts, doc.text, kernelFn(doc, 'map_unary_refused').fn);
    assert.deepEqual('bindings' in refused && refused.bindings, [{ fn: 'g_double', T: 'float' }, { fn: 'g_tangent', T: 'float' }, { fn: 'g_arctangent', T: 'float' }]);
  });
});

for (const target of [B3, P3, { soc: 'Ascend910B3', cann: '9.x' } as Target]) {
  test(`map_unary on ${target.soc} (CANN ${target.cann}): complete, one port per instantiation, each inlining its operation; passes g++ -fsyntax-only`, () => {
    withDoc(TEXT, (doc) => {
      const v = kernelVerdict(doc, 'map_unary', target)!;
      assert.equal(v.kind, 'complete', v.kind === 'skeleton' ? v.reasons.join('; ') : '');
      if (v.kind !== 'complete') return;
      assert.equal(v.instances!.length, OPS.length * 2);
      for (const inst of v.instances!) {
        assert.ok(inst.program.notes.some((n) => n.includes(`is the function \`${inst.typeArgs.fn}\``)), `${inst.suffix}: the binding is said`);
        assert.ok(inst.program.notes.some((n) => n.includes(`\`${inst.typeArgs.fn}\` is inlined`)), inst.suffix);
      }
      const r = portKernel(doc, engine.analyze(doc, { target }), 'map_unary', target, 'unary_family.cu')!;
      assert.equal(new Set([...r.text.matchAll(/^aclError (Launch\w+)\(/gm)].map((m) => m[1])).size, OPS.length * 2);
      assert.doesNotMatch(r.text, /TODO\(ascend-port\)/);
      const check = syntaxCheck(r.text, target.cann);
      assert.ok(check.ok, check.errors);
    });
  });
}

/** The Ascend C calls of one instantiation's class in the port. */
function instanceCalls(port: string, cls: string): string {
  const start = port.indexOf(`class ${cls} {`);
  assert.ok(start >= 0, cls);
  const end = port.indexOf('\nclass ', start + 1);
  return [...port.slice(start, end < 0 ? undefined : end).matchAll(/AscendC::(\w+)\(/g)].map((m) => m[1]).join(' ');
}

test('op bodies: a comparison used as a value, nested ternaries, fminf/fmaxf with constants, expm1f and rounding lower to the listed APIs', () => {
  withDoc(TEXT, (doc) => {
    const port = portKernel(doc, engine.analyze(doc, { target: B3 }), 'map_unary', B3, 'unary_family.cu')!.text;
    // `return v > 0.0f;`: Compare GT and Select of 1 and 0.
    assert.match(instanceCalls(port, 'KernelMapUnaryFHeavisideFloat'), /Compare.*Select/);
    assert.match(port, /Compare\(selMask, \w+, \w+, AscendC::CMPMODE::GT/);
    // Two nested ternaries: two Compare + Select pairs.
    assert.equal(instanceCalls(port, 'KernelMapUnaryFSignFloat').match(/Compare/g)?.length, 2);
    assert.equal(instanceCalls(port, 'KernelMapUnaryFSignFloat').match(/Select/g)?.length, 2);
    assert.match(instanceCalls(port, 'KernelMapUnaryFHardLogisticFloat'), /Mins Relu/, 'fmaxf(0, fminf(1, …)): Mins then Relu');
    assert.match(instanceCalls(port, 'KernelMapUnaryFExpm1Float'), /Exp.*Adds/);
    assert.match(instanceCalls(port, 'KernelMapUnaryFLog1pFloat'), /Adds.*Ln/);
    assert.match(instanceCalls(port, 'KernelMapUnaryFFloorHalf'), /Cast/);
    assert.match(port, /RoundMode::CAST_FLOOR/);
    assert.match(port, /Exp\(x\) − 1 \(Exp, Adds; the reference has no Expm1\)/, 'the accuracy loss of expm1f is said in the port header');
  });
});

test('a family with an operation the port cannot compute is a skeleton naming every refused instantiation and the first reason', () => {
  withDoc(TEXT, (doc) => {
    const v = kernelVerdict(doc, 'map_unary_refused', B3)!;
    assert.equal(v.kind, 'skeleton');
    if (v.kind !== 'skeleton') return;
    assert.match(v.reasons[0]!, /^elementwise: instantiated with fn = g_tangent, T = float \(one of 3 instantiations in this file\), it calls `tanf`: .*without signatures/);
    assert.ok(v.reasons.some((r) => /^template: 2 of 3 instantiations are not recognised \(fn = g_tangent, T = float; fn = g_arctangent, T = float\)/.test(r)), v.reasons.join('\n'));
    const port = portKernel(doc, engine.analyze(doc, { target: B3 }), 'map_unary_refused', B3, 'unary_family.cu')!.text;
    assert.match(port, /TODO\(ascend-port\)/);
  });
});

test('a binary operation through `float (*fn)(float, float)` ports, a comparison of two tensors included', () => {
  withDoc(TEXT, (doc) => {
    const v = kernelVerdict(doc, 'map_binary', P3)!;
    assert.equal(v.kind, 'complete', v.kind === 'skeleton' ? v.reasons.join('; ') : '');
    assert.equal(v.kind === 'complete' && v.instances?.length, 2);
  });
});

test('a function-pointer parameter that no launch names, or a family larger than the bound, is refused with the reason', () => {
  const unbound = `__device__ float sq(float v) { return v * v; }
template <float (*fn)(float)>
__global__ void k(const float* x, float* y, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) y[i] = fn(x[i]); }
void run(const float* x, float* y, int n) { k<<<(n + 255) / 256, 256>>>(x, y, n); }
`;
  withDoc(unbound, (doc) => {
    const v = kernelVerdict(doc, 'k', B3)!;
    assert.equal(v.kind, 'skeleton');
    assert.match(v.kind === 'skeleton' ? v.reasons.join('\n') : '', /without `fn` being deducible from the arguments' declared types: write the template arguments at the launch/);
  });
  const n = MAX_BINDINGS + 1;
  const many = [
    ...Array.from({ length: n }, (_, j) => `__device__ float op${j}(float v) { return v * ${j}.0f; }`),
    'template <float (*fn)(float)>',
    '__global__ void k(const float* x, float* y, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) y[i] = fn(x[i]); }',
    `void run(const float* x, float* y, int n) {\n${Array.from({ length: n }, (_, j) => `  k<op${j}><<<(n + 255) / 256, 256>>>(x, y, n);`).join('\n')}\n}`,
  ].join('\n');
  withDoc(many, (doc) => {
    const v = kernelVerdict(doc, 'k', B3)!;
    assert.equal(v.kind, 'skeleton');
    assert.match(v.kind === 'skeleton' ? v.reasons.join('\n') : '', new RegExp(`is instantiated more than ${MAX_BINDINGS} ways in this file`));
  });
});

test('after an edit of an operation the family binds, the verdict follows (the port key reads what the host functions name)', () => {
  const doc = engine.open(TEXT);
  try {
    assert.equal(kernelVerdict(doc, 'map_unary', B3)?.kind, 'complete');
    const edited = TEXT.replace('float f_abs(float v) { return fabsf(v); }', 'float f_abs(float v) { return tanf(v); }');
    assert.notEqual(edited, TEXT);
    doc.update(edited);
    const v = kernelVerdict(doc, 'map_unary', B3)!;
    assert.equal(v.kind, 'skeleton');
    assert.match(v.kind === 'skeleton' ? v.reasons[0]! : '', /fn = f_abs, T = half .* calls `tanf`/);
    doc.update(TEXT);
    assert.equal(kernelVerdict(doc, 'map_unary', B3)?.kind, 'complete');
  } finally {
    doc.dispose();
  }
});
