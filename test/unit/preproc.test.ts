/**
 * The preprocessor model through `Engine`: one synthetic fixture per mechanism under
 * test/fixtures/preproc/ (macro constants; function-like macros with asm and shuffles;
 * launches split over continuation lines; `#if`/`#else` kernels; typedefs chosen by `#if` in
 * nested headers; an include cycle; a recursive macro), headers served by a map-backed
 * `readFile`, each with a snapshot of what the analysis and the port see. Plus the limits
 * (a 10,000-macro header) and the header cache (scans computed once per header version).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, estimateDocument, kernelVerdict, type AnalysisResult, type SourceContext, type Target } from '../../server/src/engine';
import { FileFacts } from '../../server/src/engine/model/facts';
import { headerCache, PREPROC_LIMITS } from '../../server/src/engine/preproc/model';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { assertSnapshot } from '../helpers/snapshot';

const DIR = path.resolve(__dirname, '../fixtures/preproc');
const WS = '/ws';
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;

/** The fixture folder as a map from virtual absolute paths to text. */
function workspace(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}/${e.name}`);
      else files.set(`${WS}${rel}/${e.name}`, fs.readFileSync(path.join(dir, e.name), 'utf8'));
    }
  };
  walk(DIR, '');
  return files;
}

const files = workspace();
const context = (name: string, defines: Record<string, string> = {}, extra?: Map<string, string>): SourceContext => ({
  path: `${WS}/${name}`,
  defines,
  includePaths: [],
  readFile: (p) => extra?.get(p) ?? files.get(p),
});

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

function render(name: string, r: AnalysisResult, verdicts: string[]): string {
  const pos = (p: { line: number; character: number }) => `${p.line + 1}:${p.character + 1}`;
  const out: string[] = [];
  out.push(`includes: ${(r.includes ?? []).map((p) => p.replace(`${WS}/`, '')).join(', ') || '-'}`);
  out.push(`inactive: ${(r.inactive ?? []).map((x) => `${x.start.line + 1}-${x.end.line}`).join(', ') || '-'}`);
  for (const n of r.notices) out.push(`notice ${n.reason}: ${n.message.replaceAll(`${WS}/`, '')}`);
  for (const k of r.kernels) out.push(`kernel ${k.name}(${k.params.map((p) => p.type).join(', ')}) at ${k.range.start.line + 1}`);
  for (const l of r.launches) out.push(`launch ${l.kernel}${l.templateArgs ? `<${l.templateArgs}>` : ''} at ${pos(l.range.start)} in ${l.inFunction ?? '-'}`);
  for (const f of r.findings) {
    out.push(`${pos(f.range.start)} ${f.code} ${f.rule}: ${f.message}`);
    for (const rel of f.related ?? []) out.push(`    related ${rel.path ? `${rel.path.replace(`${WS}/`, '')}:` : ''}${pos(rel.range.start)}: ${rel.message}`);
  }
  out.push(...verdicts);
  return `${name}\n${out.join('\n')}\n`;
}

function verdictLines(doc: ReturnType<Engine['open']>, r: AnalysisResult, target: Target): string[] {
  return r.kernels
    .filter((k) => k.kind === 'global')
    .map((k) => {
      const v = kernelVerdict(doc, k.name, target)!;
      if (v.kind === 'skeleton') return `port ${k.name} on ${target.soc}: skeleton: ${v.reasons[0]}`;
      return `port ${k.name} on ${target.soc}: complete; dtypes ${v.program.args.map((a) => ('dtype' in a ? `${a.name}:${a.dtype}` : a.name)).join(' ')}; notes: ${v.program.notes.join(' | ')}`;
    });
}

function analyse(name: string, defines: Record<string, string> = {}, extra?: Map<string, string>) {
  const doc = engine.open(files.get(`${WS}/${name}`)!, context(name, defines, extra));
  const r = engine.analyze(doc, { target: B3 });
  return { doc, r };
}

for (const name of ['macro-constants.cu', 'macro-bodies.cu', 'typedef-port.cu', 'if-else-kernels.cu', 'include-cycle.cu', 'recursive-macro.cu', 'header-helpers.cu', 'arch-macros.cu']) {
  test(`preprocessor fixture ${name}: snapshot`, () => {
    const { doc, r } = analyse(name);
    try {
      assertSnapshot(path.join(DIR, `${name}.snap`), render(name, r, verdictLines(doc, r, B3)));
    } finally {
      doc.dispose();
    }
  });
}

test('typedef-port.cu with ENABLE_BF16: the bf16 branch of the header is active; the bf16 rule flags the arithmetic', () => {
  const { doc, r } = analyse('typedef-port.cu', { ENABLE_BF16: '1' });
  try {
    assertSnapshot(path.join(DIR, 'typedef-port.bf16.snap'), render('typedef-port.cu -DENABLE_BF16', r, verdictLines(doc, r, B3)));
    const bf16 = r.findings.filter((f) => f.code === 'ASC406');
    assert.ok(bf16.some((f) => /`elem_t` is `__nv_bfloat16`/.test(f.message)), JSON.stringify(r.findings.map((f) => f.message)));
  } finally {
    doc.dispose();
  }
});

test('typedef-port.cu: both kernels port completely in float (the typedef and the folded constants resolved)', () => {
  const { doc, r } = analyse('typedef-port.cu');
  try {
    for (const k of ['gelu_real', 'scale_elem']) assert.equal(kernelVerdict(doc, k, B3)?.kind, 'complete', k);
    assert.deepEqual(r.includes, [`${WS}/include/real.h`, `${WS}/include/config.h`]);
  } finally {
    doc.dispose();
  }
});

test('if-else-kernels.cu: one kernel per name, no finding in the inactive branch; defining the macro flips the branch', () => {
  const a = analyse('if-else-kernels.cu');
  const b = analyse('if-else-kernels.cu', { FAST_PATH_LEVEL: '2' });
  try {
    assert.deepEqual(a.r.kernels.map((k) => k.name), ['add_one']);
    assert.ok(!a.r.findings.some((f) => f.code === 'ASC251'));
    assert.deepEqual(b.r.kernels.map((k) => k.name), ['add_one']);
    assert.ok(b.r.findings.some((f) => f.code === 'ASC251'), 'the shuffle of the now active branch is flagged');
  } finally {
    a.doc.dispose();
    b.doc.dispose();
  }
});

test('header-helpers.cu: the shuffle and lane math of header helpers are findings on the kernel, related into the header', () => {
  const { doc, r } = analyse('header-helpers.cu');
  try {
    const onKernel = r.findings.filter((f) => f.related?.some((x) => x.path === `${WS}/include/warp_helpers.h`));
    assert.deepEqual(onKernel.map((f) => `${f.code}@${f.range.start.line + 1}`).sort(), ['ASC251@7', 'ASC255@8']);
    // The LSP converter maps related information in another file to that file's URI.
    const diag = toDiagnostic(onKernel[0]!, 'file:///ws/header-helpers.cu');
    assert.equal(diag.relatedInformation?.[0]?.location.uri, 'file:///ws/include/warp_helpers.h');
    // Only the helpers' own rule selection applies: with ASC251 disabled it is gone.
    const d = engine.analyze(doc, { target: B3, disabled: ['ASC251'] });
    assert.ok(!d.findings.some((f) => f.code === 'ASC251'));
  } finally {
    doc.dispose();
  }
});

test('estimates fold shapes from the active definition of a header macro and a header constexpr', () => {
  const extra = new Map([[`${WS}/shape.h`, '#pragma once\n#if defined(BIG)\n#define N_ELEMS (1 << 24)\n#else\n#define N_ELEMS (1 << 20)\n#endif\nconstexpr int kThreads = 256;\n']]);
  const src = '#include "shape.h"\n__global__ void scale(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] = x[i] * 2.0f; }\nvoid run(float* x) { scale<<<N_ELEMS / kThreads, kThreads>>>(x, N_ELEMS); }\n';
  for (const [defines, n] of [[{}, 1 << 20], [{ BIG: '1' }, 1 << 24]] as const) {
    const doc = engine.open(src, context('shape.cu', defines, extra));
    try {
      const e = estimateDocument(doc, { target: B3 });
      assert.deepEqual(e.kernels[0]?.shapes.n && { value: e.kernels[0].shapes.n.value, source: e.kernels[0].shapes.n.source }, { value: n, source: 'folded' });
    } finally {
      doc.dispose();
    }
  }
});

test('policy: without header access, conditions on macros a header may define keep every branch; __CUDA_ARCH__ keeps both passes', () => {
  const src = '#include "x.h"\n#ifdef FROM_HEADER\n__global__ void a(float* p) { p[0] = 1.0f; }\n#else\n__global__ void b(float* p) { p[0] = 2.0f; }\n#endif\n#if __CUDA_ARCH__ >= 800\n__device__ float c(float v) { return v; }\n#else\n__device__ float d(float v) { return v; }\n#endif\n';
  const blind = engine.open(src);
  const seeing = engine.open(src, context('policy.cu', {}, new Map([[`${WS}/x.h`, '// defines nothing\n']])));
  try {
    assert.deepEqual(engine.analyze(blind, { target: B3 }).kernels.map((k) => k.name), ['a', 'b', 'c', 'd']);
    const r = engine.analyze(seeing, { target: B3 });
    // With the header read, FROM_HEADER is known to be undefined: the #else branch.
    assert.deepEqual(r.kernels.map((k) => k.name), ['b', 'c', 'd']);
    assert.deepEqual(r.inactive?.map((x) => [x.start.line, x.end.line]), [[2, 3]]);
  } finally {
    blind.dispose();
    seeing.dispose();
  }
});

test('a document with #pragma once included back by its own header is not a cycle notice', () => {
  const extra = new Map([[`${WS}/back.h`, '#pragma once\n#include "self.cu"\n#define BACK 1\n'], [`${WS}/self.cu`, '#pragma once\n#include "back.h"\n__global__ void k(int* x) { x[0] = BACK; }\n']]);
  const doc = engine.open(extra.get(`${WS}/self.cu`)!, context('self.cu', {}, extra));
  try {
    const r = engine.analyze(doc, { target: B3 });
    assert.deepEqual(r.notices, []);
    assert.deepEqual(r.includes, [`${WS}/back.h`]);
  } finally {
    doc.dispose();
  }
});

test('a 10,000-macro header gives a macro-limit notice and the analysis completes', () => {
  const big = Array.from({ length: 10_000 }, (_, i) => `#define MANY_${i} ${i}`).join('\n');
  const extra = new Map([[`${WS}/many.h`, big]]);
  const src = '#include "many.h"\n#if MANY_9999 > 0\n__global__ void k(float* x) { x[0] = 1.0f; }\n#endif\n';
  const doc = engine.open(src, { ...context('many.cu', {}, extra) });
  try {
    const r = engine.analyze(doc, { target: B3 });
    const n = r.notices.filter((x) => x.reason === 'macro-limit');
    assert.equal(n.length, 1, JSON.stringify(r.notices));
    assert.match(n[0]!.message, new RegExp(`more than ${PREPROC_LIMITS.macros} macro definitions`));
    assert.deepEqual(r.includes, [`${WS}/many.h`]);
    // MANY_9999 is past the limit: unknown, no #else, so the first branch stays active.
    assert.deepEqual(r.kernels.map((k) => k.name), ['k']);
  } finally {
    doc.dispose();
  }
});

test('header scans are computed once per header version and reused across edits of the document', () => {
  const name = 'typedef-port.cu';
  const text = files.get(`${WS}/${name}`)!;
  const ctx = context(name);
  const doc = engine.open(text, ctx);
  try {
    engine.analyze(doc, { target: B3 });
    const scans = (headerCache.constructor as unknown as { scans: number }).scans;
    for (let i = 0; i < 3; i++) {
      doc.update(`${text}\n// edit ${i}\n`);
      const r = engine.analyze(doc, { target: B3 });
      assert.equal(r.includes?.length, 2);
      // The headers' effects are replayed from their include log: the same aliases and constants.
      assert.equal(FileFacts.of(doc).preproc.constant('GELU_COEF')?.text, '0.0447149985f');
      assert.equal(FileFacts.of(doc).preproc.resolveType('elem_t'), 'float');
      assert.equal(kernelVerdict(doc, 'gelu_real', B3)?.kind, 'complete');
    }
    assert.equal((headerCache.constructor as unknown as { scans: number }).scans, scans, 'no header was scanned again');
    // A changed header is scanned again and its new content is seen.
    const changed = new Map([[`${WS}/include/config.h`, files.get(`${WS}/include/config.h`)!.replace('constexpr int kWarpSize = 32;', 'constexpr int kWarpSize = 64;')]]);
    doc.setContext({ ...context(name, {}, changed), stamp: 1 });
    assert.equal(FileFacts.of(doc).preproc.constant('kWarpSize')?.value, 64);
    assert.equal((headerCache.constructor as unknown as { scans: number }).scans, scans + 1);
  } finally {
    doc.dispose();
  }
});

test('without a context the document alone is modelled: no header is read, quoted includes are ignored', () => {
  const doc = engine.open(files.get(`${WS}/typedef-port.cu`)!);
  try {
    const r = engine.analyze(doc, { target: B3 });
    assert.deepEqual(r.includes, []);
    assert.match((kernelVerdict(doc, 'scale_elem', B3) as { reasons: string[] }).reasons[0]!, /element type `elem_t`/);
  } finally {
    doc.dispose();
  }
});

test('a quoted include with a toolkit prefix next to the file is read (llm.c\'s "cuda_common.h"), only from there', () => {
  // llm.c's llmc/cuda_common.h chooses `floatX` by #if; its name starts like a CUDA toolkit header.
  const common = '#pragma once\n#if defined(ENABLE_FP32)\ntypedef float floatX;\n#else\ntypedef __nv_bfloat16 floatX;\n#endif\n';
  const extra = new Map([[`${WS}/llmc/cuda_common.h`, common], [`${WS}/inc/cuda_runtime.h`, 'typedef int leaked_t;\n']]);
  const src = '#include "cuda_common.h"\n#include "cuda_runtime.h"\n__global__ void add(floatX* o, const floatX* a, const floatX* b, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) o[i] = a[i] + b[i]; }\n';
  const ctx = (defines: Record<string, string>): SourceContext => ({ path: `${WS}/llmc/residual.cuh`, defines, includePaths: [`${WS}/inc`], readFile: (p) => extra.get(p) });
  for (const [defines, want] of [[{}, '__nv_bfloat16'], [{ ENABLE_FP32: '1' }, 'float']] as const) {
    const doc = engine.open(src, ctx(defines));
    try {
      const r = engine.analyze(doc, { target: B3 });
      // The toolkit name found only on the include path stays unread.
      assert.deepEqual(r.includes, [`${WS}/llmc/cuda_common.h`]);
      assert.equal(FileFacts.of(doc).preproc.resolveType('floatX'), want);
      assert.equal(FileFacts.of(doc).preproc.resolveType('leaked_t'), 'leaked_t');
      assert.equal(kernelVerdict(doc, 'add', B3)?.kind, 'complete');
    } finally {
      doc.dispose();
    }
  }
});

test('constants declared together (`constexpr int a = 33, b = a * 2 + 1;`) are each a constant; a comma inside a call stays in its value', () => {
  const doc = engine.open('constexpr int kRows = 33, kCols = kRows * 2 + 1;\nconst size_t kBig = compute(3, 4), kAfter = 7;\n__global__ void k(float* p) { p[0] = kCols; }\n');
  try {
    engine.analyze(doc, { target: B3 });
    const pre = FileFacts.of(doc).preproc;
    assert.equal(pre.constant('kRows')?.value, 33);
    assert.equal(pre.constant('kCols')?.value, 67);
    assert.equal(pre.constant('kAfter')?.value, 7);
    assert.equal(pre.constant('kBig'), undefined, 'an unknown call is not folded, and its comma does not split the declaration');
  } finally {
    doc.dispose();
  }
});
