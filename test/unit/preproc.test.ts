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
import { Engine, kernelVerdict, type AnalysisResult, type SourceContext, type Target } from '../../server/src/engine';
import { FileFacts } from '../../server/src/engine/model/facts';
import { headerCache, PREPROC_LIMITS } from '../../server/src/engine/preproc/model';
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
    for (const rel of f.related ?? []) out.push(`    related ${pos(rel.range.start)}: ${rel.message}`);
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

for (const name of ['macro-constants.cu', 'macro-bodies.cu', 'typedef-port.cu', 'if-else-kernels.cu', 'include-cycle.cu', 'recursive-macro.cu']) {
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
