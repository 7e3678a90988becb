/**
 * `__device__` helpers defined in a workspace header the kernel file includes
 * (test/fixtures/port/header_helpers.cu and headers/activations.cuh, as ggml's unary.cu reads
 * unary.cuh) are inlined like the file's own; an overloaded or template helper is refused with
 * the reason; without header access the reason says where the helper was looked for; a header
 * edit the host announces changes the verdict. sinf/cosf lower to the high-level Sin/Cos on the
 * chips whose headers implement them, and are refused on 910A. Every complete port passes
 * g++ -fsyntax-only against its CANN version's declarations. Numerical agreement is
 * test/verify/header-helpers.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, type SourceContext, type Target } from '../../server/src/engine';
import { syntaxCheck } from '../helpers/syntax-check';

const DIR = path.resolve(__dirname, '../fixtures/port');
const FILE = path.join(DIR, 'header_helpers.cu');
const HEADER = path.join(DIR, 'headers/activations.cuh');
const text = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
const A: Target = { soc: 'Ascend910A', cann: '8.x' };
let engine: Engine;

const disk = (overrides: Map<string, string> = new Map()): SourceContext => ({
  path: FILE,
  defines: {},
  includePaths: [],
  readFile: (p) => overrides.get(p) ?? (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
});

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

function verdict(kernel: string, target: Target, headers: 'read' | 'none' = 'read') {
  const doc = engine.open(text, headers === 'read' ? disk() : undefined);
  try {
    return kernelVerdict(doc, kernel, target)!;
  } finally {
    doc.dispose();
  }
}

test('helpers of an included header are inlined: the ports are complete and say so', () => {
  for (const [kernel, helper] of [
    ['gelu_kernel', 'act_gelu'],
    ['scaled_silu', 'act_scaled'],
  ] as const) {
    const v = verdict(kernel, B3);
    assert.equal(v.kind, 'complete', `${kernel}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
    if (v.kind !== 'complete') continue;
    assert.ok(v.program.notes.some((n) => n.includes(`\`${helper}\` is inlined`)), v.program.notes.join('\n'));
  }
  // act_scaled calls act_silu, a second header helper, with the caller's scale for its default parameter.
  const v = verdict('scaled_silu', B3);
  assert.ok(v.kind === 'complete' && v.program.notes.some((n) => n.includes('`act_silu` is inlined')));
  assert.ok(v.kind === 'complete' && v.lowered.apis.includes('Exp') && v.lowered.apis.includes('Div'), v.kind === 'complete' ? v.lowered.apis.join(' ') : '');
});

test('an overloaded or template header helper is refused with the reason', () => {
  const twice = verdict('twice', B3);
  assert.equal(twice.kind, 'skeleton');
  assert.match(twice.kind === 'skeleton' ? twice.reasons[0]! : '', /^elementwise: calls `act_twice`, a __device__ function with 2 definitions in the included headers \(overloads are not inlined\)$/);
  const clamped = verdict('clamped', B3);
  assert.equal(clamped.kind, 'skeleton');
  assert.match(clamped.kind === 'skeleton' ? clamped.reasons[0]! : '', /calls the function template `act_clamp<float>`: .*template helpers are not inlined yet/);
});

test('without header access the helper is not found, and the reason says where it was looked for', () => {
  const v = verdict('gelu_kernel', B3, 'none');
  assert.equal(v.kind, 'skeleton');
  assert.match(v.kind === 'skeleton' ? v.reasons[0]! : '', /calls `act_gelu`, which is neither a function the port maps to vector instructions nor a `__device__` function defined in this file or in a workspace header it includes/);
});

test('an edit of the header, announced by the host, changes the verdict; undoing it brings the port back', () => {
  const doc = engine.open(text, disk());
  try {
    assert.equal(kernelVerdict(doc, 'gelu_kernel', B3)?.kind, 'complete');
    const header = fs.readFileSync(HEADER, 'utf8');
    const edited = header.replace('return 0.5f * x * (1.0f + tanhf(', 'return 0.5f * x * (1.0f + atanf(');
    assert.notEqual(edited, header);
    doc.setContext({ ...disk(new Map([[HEADER, edited]])), stamp: 1 });
    const v = kernelVerdict(doc, 'gelu_kernel', B3)!;
    assert.equal(v.kind, 'skeleton');
    assert.match(v.kind === 'skeleton' ? v.reasons[0]! : '', /calls `atanf`/);
    doc.setContext({ ...disk(), stamp: 2 });
    assert.equal(kernelVerdict(doc, 'gelu_kernel', B3)?.kind, 'complete');
  } finally {
    doc.dispose();
  }
});

test('sinf and cosf are the high-level Sin and Cos on 910B and 310P, with their documented input range; 910A is refused', () => {
  for (const target of [B3, P3]) {
    const v = verdict('wave', target);
    assert.equal(v.kind, 'complete', `${target.soc}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
    if (v.kind !== 'complete') continue;
    assert.ok(v.lowered.apis.includes('Sin') && v.lowered.apis.includes('Cos'), v.lowered.apis.join(' '));
    assert.ok(v.program.notes.some((n) => /high-level Sin .*\[−65504, 65504\]/.test(n)), v.program.notes.join('\n'));
  }
  const a = verdict('wave', A);
  assert.equal(a.kind, 'skeleton');
  assert.match(a.kind === 'skeleton' ? a.reasons.join('\n') : '', /calls the high-level Sin, whose asc-devkit header \(include\/adv_api\/math\) implements it for __NPU_ARCH__ 2201, 2002 and 3510 only; on Ascend910A \(arch 1001\)/);
});

test('every complete port passes the syntax check against its CANN version', () => {
  for (const target of [B3, { soc: 'Ascend910B3', cann: '9.x' } as Target, P3]) {
    for (const kernel of ['gelu_kernel', 'scaled_silu', 'wave']) {
      const doc = engine.open(text, disk());
      try {
        const r = portKernel(doc, engine.analyze(doc, { target }), kernel, target, 'header_helpers.cu');
        assert.equal(r?.kind, 'complete', `${kernel} on ${target.soc}`);
        const check = syntaxCheck(r!.text, target.cann);
        assert.ok(check.ok, `${kernel} on ${target.soc} (${target.cann}):\n${check.errors}`);
      } finally {
        doc.dispose();
      }
    }
  }
});
