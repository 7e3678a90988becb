/**
 * "Port kernel to Ascend C": every elementwise fixture kernel ports completely, every
 * other kernel gets a skeleton with TODOs naming its blockers, and everything generated
 * passes `g++ -fsyntax-only` against the declarations header from the API table, on a
 * chip with DataCopyPad (910B3) and on one without (310P3). Snapshots pin the text of
 * representative ports.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel, replaceLaunches, safeFixEdits, applyEdits, type Target } from '../../server/src/engine';
import { recognizeKernel } from '../../server/src/engine/port/recognize';
import { skeletonParams } from '../../server/src/engine/port/lower';
import { streamTiling } from '../../server/src/engine/port/tiling';
import { FileFacts } from '../../server/src/engine/model/facts';
import { launchesAsCalls, syntaxCheck } from '../helpers/syntax-check';
import { assertSnapshot } from '../helpers/snapshot';

const DIR = path.resolve(__dirname, '../fixtures/port');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function kernelsOf(text: string): string[] {
  return [...text.matchAll(/__global__ void (\w+)\(/g)].map((m) => m[1]!);
}

function port(file: string, kernel: string, target: Target) {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  const doc = engine.open(text);
  try {
    return portKernel(doc, engine.analyze(doc, { target }), kernel, target, file)!;
  } finally {
    doc.dispose();
  }
}

const ELEMENTWISE = kernelsOf(fs.readFileSync(path.join(DIR, 'elementwise.cu'), 'utf8'));

test('the elementwise fixture has at least 10 distinct kernels', () => {
  assert.ok(ELEMENTWISE.length >= 10, ELEMENTWISE.join(', '));
});

for (const target of [B3, P3]) {
  for (const kernel of ELEMENTWISE) {
    test(`${kernel} ports completely on ${target.soc} and passes g++ -fsyntax-only`, () => {
      const r = port('elementwise.cu', kernel, target);
      assert.equal(r.kind, 'complete', r.reasons.join('; '));
      // Without DataCopyPad an in-place kernel cannot re-run a tail window: the port says the buffers must be padded.
      const todos = [...r.text.matchAll(/TODO\(ascend-port\): (.*)/g)].map((m) => m[1]!);
      for (const t of todos) assert.match(t, /^(fewer than \d+ elements in all|Ascend310P3 has no DataCopyPad and this kernel updates in place)/, t);
      if (target.soc === 'Ascend910B3') assert.equal(todos.length, 0);
      assert.match(r.text, new RegExp(`extern "C" __global__ __aicore__ void ${kernel}\\(`));
      assert.match(r.text, /pipe_\.InitBuffer\(\w+InQueue_, 2,|pipe_\.InitBuffer\(\w+OutQueue_, 2,/);
      assert.match(r.text, target.soc === 'Ascend910B3' ? /DataCopyPad/ : /AscendC::DataCopy\(/);
      if (target.soc !== 'Ascend910B3') assert.doesNotMatch(r.text, /AscendC::DataCopyPad\(/, '310P has no DataCopyPad');
      const check = syntaxCheck(r.text, target.cann);
      assert.ok(check.ok, check.errors);
    });
  }
}

test('tiles fit the UB budget and are whole 256-byte repeats', () => {
  for (const kernel of ELEMENTWISE) {
    for (const target of [B3, P3]) {
      const r = port('elementwise.cu', kernel, target);
      const tile = Number(/_MAX_TILE = (\d+);/.exec(r.text)![1]);
      const perElement = Number(/(\d+) UB bytes per element/.exec(r.text)![1]);
      const budget = target.soc === 'Ascend910B3' ? 192 * 1024 - 256 - 8192 : 256 * 1024 - 256 - 8192;
      assert.ok(tile * perElement <= budget, `${kernel}: ${tile} × ${perElement} > ${budget}`);
      const align = Number(/_ALIGN = (\d+);/.exec(r.text)![1]);
      assert.equal(tile % (align * 8), 0, `${kernel}: tile ${tile} is not a multiple of a 256-byte repeat`);
    }
  }
});

test('vector_add on 910B3: 3 float streams double-buffered = 24 B/element; 188160 / 24 = 7840 → 7808 (multiple of 64)', () => {
  const r = port('elementwise.cu', 'vector_add', B3);
  assert.match(r.text, /VECTOR_ADD_MAX_TILE = 7808;/);
  assert.match(r.text, /AscendC::Add\(cOut, aIn, bIn, cnt\);/);
});

test('the expression is lowered to the expected vector calls', () => {
  const calls = (kernel: string) => [...port('elementwise.cu', kernel, B3).text.matchAll(/AscendC::(\w+)\((?:\w+Out|v\d+)/g)].map((m) => m[1]).join(' ');
  assert.equal(calls('saxpy'), 'Muls Add');
  assert.equal(calls('relu'), 'Relu');
  assert.equal(calls('sigmoid'), 'Muls Exp Adds Duplicate Div');
  assert.equal(calls('clamp'), 'Maxs Mins');
  assert.equal(calls('half_to_float'), 'Cast');
  assert.equal(calls('fill'), 'Duplicate');
  assert.equal(calls('rms_scale'), 'Adds Rsqrt Mul');
  assert.equal(calls('softplus_like'), 'Exp Adds Ln');
});

test('snapshots: float, half, a scalar, a grid-stride loop, and a tail without DataCopyPad', () => {
  for (const [kernel, target] of [
    ['vector_add', B3],
    ['bias_gelu', B3],
    ['saxpy', B3],
    ['float_to_half', B3],
    ['vector_add', P3],
    ['scale_shift', P3],
  ] as const) {
    assertSnapshot(path.join(DIR, `${kernel}.${target.soc}.snap`), port('elementwise.cu', kernel, target).text);
  }
});

const SKELETONS: Record<string, string[]> = {
  block_reduce: ['ASC101', 'ASC201', 'ASC251', 'ASC301'],
  histogram: ['ASC301'],
  transpose: ['ASC101', 'ASC201'],
  gather: [],
  leaky: [],
};

for (const [kernel, codes] of Object.entries(SKELETONS)) {
  test(`${kernel} gets a skeleton with TODOs for ${codes.join(', ') || 'its reason'}, and it compiles`, () => {
    const r = port('skeletons.cu', kernel, B3);
    assert.equal(r.kind, 'skeleton');
    assert.ok(r.reasons.length > 0);
    assert.match(r.text, /NOT a complete port/);
    assert.match(r.text, /\/\/ Original CUDA kernel, for reference:/);
    for (const code of codes) assert.match(r.text, new RegExp(`TODO\\(ascend-port\\): ${code} `), `${code} missing`);
    assert.match(r.text, new RegExp(`extern "C" __global__ __aicore__ void ${kernel}\\(`));
    const check = syntaxCheck(r.text, B3.cann);
    assert.ok(check.ok, check.errors);
  });
}

test('a skeleton names the technique for each blocker, including those in device functions the kernel calls', () => {
  const r = port('skeletons.cu', 'block_reduce', B3);
  assert.match(r.text, /TODO\(ascend-port\): ASC251 warp-shuffle \(line 6\): in `warp_sum`, called from the kernel: .*→ warp shuffle reduction → ReduceSum \/ WholeReduceSum/);
  assert.match(r.text, /ASC301 .*SetAtomicAdd<T>\(\) \+ DataCopy\(gm, ub, n\) \+ SetAtomicNone\(\)/);
  assert.match(port('skeletons.cu', 'block_reduce', { soc: 'Ascend910B3', cann: '9.x' }).text, /ASC301 .*DisableDmaAtomic\(\)/);
});

test('rejections say why, in words a user can act on', async () => {
  const reasons = (src: string) => {
    const doc = engine.open(src);
    try {
      const facts = new FileFacts(doc.text, doc.lens, doc.tree);
      const r = recognizeKernel(facts, doc.text, facts.functions()[0]!);
      return 'rejections' in r ? r.rejections.map((x) => x.reason).join('; ') : 'accepted';
    } finally {
      doc.dispose();
    }
  };
  const k = (body: string, params = 'const float* x, float* y, int n') => `__global__ void k(${params}) { int i = blockIdx.x * blockDim.x + threadIdx.x; ${body} }`;
  assert.match(reasons(k('if (i < n) y[i] = 2.0f * x[i + 1];')), /only `x\[i\]` is elementwise/);
  assert.equal(reasons(k('if (i < n) y[i] = x[i + 1];')), 'accepted', 'a shifted copy is a layout copy (the copy schedule)');
  assert.match(reasons(k('if (i < n) y[i] = (x[i] > 0.0f && x[i] < 1.0f) ? x[i] : 0.0f;')), /condition is not one comparison/);
  assert.equal(reasons(k('if (i < n) y[i] = x[i] > 1.0f ? x[i] : 2.0f;')), 'accepted', 'a ternary on one comparison is Compare + Select');
  assert.match(reasons(k('if (i < n) y[i] = tanf(x[i]);')), /`tanf`/);
  assert.equal(reasons(k('if (i < n) y[i] = (float)i;')), 'accepted', 'the index as a value is an iota (CreateVecIndex)');
  assert.match(reasons(k('if (i < n) y[i] = x[i];', 'const double* x, double* y, int n')), /element type `double`/);
  assert.match(reasons(k('if (i < n) { y[i] = x[i]; } else { y[i] = 0; }')), /`else`/);
  assert.match(reasons(k('if (i < n) y[i] = x[i] * SCALE;')), /`SCALE`/);
  assert.equal(reasons(k('if (i < n) y[i] = x[i] * 2.0;')), 'accepted');
  // `k(void)` has no parameters: no reason names an unnamed `void` parameter.
  assert.doesNotMatch(reasons('__global__ void k(void) { printf("tick"); }'), /parameter|`void`/);
});

/** Port text + wrapper declarations + host code, as one translation unit for the syntax check (the generated header's include is the declarations). */
function hostProgram(portText: string, declarations: string, host: string): string {
  return `${portText}\n${declarations}\n${launchesAsCalls(host).replace(/#include "\w+_ascend\.h"/, '')}`;
}

test('"Replace launches" calls the launch wrapper with the CUDA arguments in order; host code, port and header pass the syntax check', () => {
  const src = [
    '__global__ void axpy(int n, float a, const float* x, float* y) {',
    '  int i = blockIdx.x * blockDim.x + threadIdx.x;',
    '  if (i < n) y[i] = a * x[i] + y[i];',
    '}',
    '#include <cstdio>',
    'void run(const float* x, float* y, int rows, int cols, void* s) {',
    '  axpy<<<(rows * cols + 255) / 256, 256, 0, s>>>(rows * cols, 2.0f, x, // the input',
    '       y /* in place */);',
    '}',
    '',
  ].join('\n');
  const doc = engine.open(src);
  try {
    const r = portKernel(doc, engine.analyze(doc, { target: B3 }), 'axpy', B3, 'axpy.cu')!;
    assert.equal(r.kind, 'complete');
    assert.match(r.declaration!, /aclError LaunchAxpy\(int n, float a, const void\* x, void\* y, aclrtStream stream\);/);
    const replaced = replaceLaunches(doc, 'axpy', B3, 'axpy_ascend.h')!;
    const host = applyEdits(src, replaced.edits, (p) => doc.lines.offsetAt(p));
    // Comments inside the arguments are dropped: a `//` comment would swallow the closing parenthesis.
    assert.match(host, /^ {2}LaunchAxpy\(rows \* cols, 2\.0f, x, y, s\);$/m);
    assert.match(host, /#include <cstdio>\n#include "axpy_ascend\.h"/);
    const check = syntaxCheck(hostProgram(r.text, r.declaration!, host.replace(/__global__ void axpy\([^]*?\n\}\n/, '')), B3.cann);
    assert.ok(check.ok, check.errors);
  } finally {
    doc.dispose();
  }
});

test('porting leaves the CUDA source alone; a skeleton offers no launch replacement', () => {
  const text = fs.readFileSync(path.join(DIR, 'skeletons.cu'), 'utf8');
  const doc = engine.open(text);
  try {
    assert.equal(replaceLaunches(doc, 'block_reduce', B3, 'skeletons_ascend.h'), null);
    const r = portKernel(doc, engine.analyze(doc, { target: B3 }), 'block_reduce', B3, 'skeletons.cu')!;
    assert.equal(r.kind, 'skeleton');
    assert.equal(r.declaration, undefined);
    assert.ok(r.todos >= 4, String(r.todos));
  } finally {
    doc.dispose();
  }
});

test('an unguarded kernel covers grid × block elements: the launch replacement passes grid and block', () => {
  const text = fs.readFileSync(path.join(DIR, 'elementwise.cu'), 'utf8');
  const doc = engine.open(text);
  try {
    const r = replaceLaunches(doc, 'add_constant', B3, 'elementwise_ascend.h')!;
    const calls = r.edits.filter((e) => e.newText.startsWith('Launch'));
    assert.equal(calls.length, 1);
    assert.match(calls[0]!.newText, /^LaunchAddConstant\(.*, blocks, 256, /);
  } finally {
    doc.dispose();
  }
});

test('fix-all plus the port turn a realistic host program into ACL code that passes g++ -fsyntax-only', () => {
  const file = path.join(DIR, 'host_app.cu');
  let text = fs.readFileSync(file, 'utf8');
  const kernelPort = port('host_app.cu', 'vector_add', B3);
  assert.equal(kernelPort.kind, 'complete');
  // Fix-all until nothing safe is left (overlapping fixes wait for the next round).
  for (let round = 0; round < 5; round++) {
    const doc = engine.open(text);
    const edits = safeFixEdits(engine.analyze(doc, { target: B3 }).findings);
    const next = applyEdits(text, edits, (p) => doc.lines.offsetAt(p));
    doc.dispose();
    if (next === text) break;
    text = next;
  }
  const doc = engine.open(text);
  const left = engine.analyze(doc, { target: B3 }).findings;
  doc.dispose();
  // What fix-all leaves: the kernel body (ported separately), the launch (replaced by its own action) and the one unsafe error-string lookup.
  const outsideKernel = left.filter((f) => f.range.start.line < 16 || f.range.start.line > 20);
  assert.deepEqual([...new Set(outsideKernel.map((f) => f.code))].sort(), ['ASC001', 'ASC511']);
  assert.match(text, /aclrtMalloc\(\(void\*\*\)&d_a, bytes, ACL_MEM_MALLOC_HUGE_FIRST\)/);
  assert.match(text, /aclrtMemcpy\(d_a, bytes, h_a\.data\(\), bytes, ACL_MEMCPY_HOST_TO_DEVICE\)/);
  assert.match(text, /aclrtStream stream;/);
  assert.match(text, /aclError err_ = \(call\);/);
  assert.match(text, /aclInit\(nullptr\);/);
  assert.match(text, /#include "acl\/acl.h"/);
  // The user accepts the unsafe error-string fix; the CUDA kernel is replaced by its port.
  const doc2 = engine.open(text);
  const unsafe = engine.analyze(doc2, { target: B3 }).findings.flatMap((f) => (f.code === 'ASC511' ? f.fixes ?? [] : [])).flatMap((f) => f.edits);
  text = applyEdits(text, unsafe, (p) => doc2.lines.offsetAt(p));
  // "Replace launches": the launch becomes a call of the port's wrapper.
  const replaced = replaceLaunches(doc2, 'vector_add', B3, 'host_app_ascend.h')!;
  doc2.dispose();
  const doc3 = engine.open(text);
  text = applyEdits(text, replaceLaunches(doc3, 'vector_add', B3, 'host_app_ascend.h')!.edits, (p) => doc3.lines.offsetAt(p));
  doc3.dispose();
  assert.ok(replaced);
  assert.match(text, /LaunchVectorAdd\(d_a, d_b, d_c, n, stream\)/);
  const withoutKernel = text.replace(/__global__ void vector_add\([^]*?\n\}\n/, '');
  const program = hostProgram(kernelPort.text, kernelPort.declaration!, withoutKernel);
  const check = syntaxCheck(program, B3.cann);
  assert.ok(check.ok, `${check.errors}\n${program}`);
});

test('a skeleton names an unnamed parameter and keeps a parameter the parser saw twice once; it compiles', () => {
  const src = '__global__ void k(float* x, int, int n) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) { if (x[i] > 0 && x[i] < 1) x[i] = 1; else x[i] = 0; }\n}\n';
  const doc = engine.open(src);
  try {
    const r = portKernel(doc, engine.analyze(doc, { target: B3 }), 'k', B3, 'k.cu')!;
    assert.equal(r.kind, 'skeleton');
    assert.match(r.text, /void Init\(GM_ADDR x, int arg1, int n\)/);
    assert.match(r.text, /op\.Init\(x, arg1, n\);/);
    assert.ok(syntaxCheck(r.text, B3.cann).ok, syntaxCheck(r.text, B3.cann).errors);
    const fn = new FileFacts(doc.text, doc.lens, doc.tree).functions()[0]!;
    // As when both branches of an `#if` declare the same parameter.
    const twice = { ...fn, params: [...fn.params, fn.params[2]!] };
    assert.deepEqual(skeletonParams(twice).map((p) => p.name), ['x', 'arg1', 'n']);
  } finally {
    doc.dispose();
  }
});

test('the launch hints\' tiling (tiling.ts) is the generated MakeTiling and NumBlocks, compiled and run', () => {
  const text = fs.readFileSync(path.join(DIR, 'elementwise.cu'), 'utf8');
  const doc = engine.open(text);
  try {
    for (const [kernel, target] of [['vector_add', B3], ['threshold_half', P3]] as const) {
      const v = kernelVerdict(doc, kernel, target)!;
      assert.equal(v.kind, 'complete');
      if (v.kind !== 'complete') continue;
      const port = portKernel(doc, null, kernel, target, 'elementwise.cu')!.text;
      // The host tiling is plain C++: from the tiling struct through NumBlocks.
      const host = port.slice(port.indexOf(`struct ${v.lowered.abi.tiling.type} {`), port.indexOf('// ---- Device side ----'));
      const cases = [[1, 40], [7, 40], [1003, 40], [6149, 40], [468487, 40], [1 << 24, 40], [100000, 3], [5000000000, 8]];
      const program = `#include <cstdint>\n#include <cstdio>\n${host}\nint main() {\n${cases.map(([n, c]) => `  { auto t = ${v.lowered.abi.tiling.make}(${n}ull, ${c}u); std::printf("%llu %u %u\\n", (unsigned long long)t.blockLength, t.tileLength, ${v.lowered.abi.tiling.numBlocks}(t)); }`).join('\n')}\n}\n`;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-tiling-'));
      try {
        fs.writeFileSync(path.join(dir, 't.cpp'), program);
        const build = spawnSync('g++', ['-std=c++17', '-o', path.join(dir, 't'), path.join(dir, 't.cpp')], { encoding: 'utf8' });
        assert.equal(build.status, 0, build.stderr);
        const lines = spawnSync(path.join(dir, 't'), { encoding: 'utf8' }).stdout.trim().split('\n');
        cases.forEach(([n, c], i) => {
          const t = streamTiling(v.plan, n!, c!);
          assert.equal(lines[i], `${t.blockLength} ${t.tileLength} ${t.numBlocks}`, `${kernel} n=${n} cores=${c}`);
        });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    doc.dispose();
  }
});
