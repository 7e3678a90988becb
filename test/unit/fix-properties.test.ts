/**
 * Properties of every quick fix on every fixture and sample: applying it leaves a file
 * that parses with no more ERROR nodes than before, and the fix is then no longer offered
 * at that place, so applying it twice changes nothing (fixes on demand, asked for, included).
 * Fix-all reaches a fixed point.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { applyEdits, Engine, fixesOnDemand, safeFixEdits, type Fix, type Target } from '../../server/src/engine';

const ROOT = path.resolve(__dirname, '../..');
const TARGET: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function files(): string[] {
  const out: string[] = [];
  for (const dir of ['test/fixtures/rules', 'test/fixtures/port', 'samples']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir))) if (/\.(cu|cuh)$/.test(f)) out.push(path.join(dir, f));
  }
  return out;
}

function analyze(text: string) {
  const doc = engine.open(text);
  try {
    const analysed = engine.analyze(doc, { target: TARGET });
    // What the light bulb offers: the fixes on demand too.
    const result = { ...analysed, findings: analysed.findings.map((f) => (f.fixOnDemand ? { ...f, fixes: fixesOnDemand(doc, f, TARGET) } : f)) };
    return { result, apply: (edits: Fix['edits']) => applyEdits(text, edits, (p) => doc.lines.offsetAt(p)) };
  } finally {
    doc.dispose();
  }
}

test('every quick fix reparses cleanly and is not offered again once applied', () => {
  let applied = 0;
  for (const file of files()) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const first = analyze(text);
    const errorsBefore = first.result.stats.errorNodes;
    for (const finding of first.result.findings) {
      for (const fix of finding.fixes ?? []) {
        const doc = engine.open(text);
        const fixed = applyEdits(text, fix.edits, (p) => doc.lines.offsetAt(p));
        doc.dispose();
        const again = analyze(fixed).result;
        applied++;
        const where = `${file}:${finding.range.start.line + 1} ${finding.code} "${fix.title}"`;
        assert.ok(again.stats.errorNodes <= errorsBefore, `${where}: ${again.stats.errorNodes} ERROR nodes after, ${errorsBefore} before`);
        const start = fix.edits[0]!.range.start;
        const repeated = again.findings.flatMap((f) => f.fixes ?? []).find((f) => f.title === fix.title && f.edits.some((e) => e.range.start.line === start.line && e.range.start.character === start.character && fix.edits.some((x) => x.newText === e.newText)));
        assert.equal(repeated, undefined, `${where}: offered again after it was applied`);
      }
    }
  }
  assert.ok(applied > 100, `only ${applied} fixes were exercised`);
});

test('fix-all reaches a fixed point on every file and never adds ERROR nodes', () => {
  for (const file of files()) {
    let text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const errorsBefore = analyze(text).result.stats.errorNodes;
    let rounds = 0;
    for (;;) {
      const { result, apply } = analyze(text);
      const edits = safeFixEdits(result.findings);
      if (!edits.length) break;
      text = apply(edits);
      assert.ok(++rounds <= 6, `${file}: fix-all did not settle`);
    }
    assert.ok(analyze(text).result.stats.errorNodes <= errorsBefore, `${file}: fix-all added ERROR nodes`);
  }
});

test('applyEdits: insertions at one offset keep their order, and come before a replacement starting there', () => {
  const text = 'cudaMalloc(&p, n);\n';
  const offsetAt = (p: { line: number; character: number }) => (p.line === 0 ? p.character : text.length);
  const at = (a: number, b: number, newText: string) => ({ range: { start: { line: 0, character: a }, end: { line: 0, character: b } }, newText });
  assert.equal(applyEdits(text, [at(0, 0, 'A'), at(0, 0, 'B')], offsetAt), 'ABcudaMalloc(&p, n);\n', 'as LSP applies a TextEdit[]');
  assert.equal(applyEdits(text, [at(0, 17, 'aclrtMalloc(…)'), at(0, 0, '#include "acl/acl.h"\n')], offsetAt), '#include "acl/acl.h"\naclrtMalloc(…);\n');
  assert.equal(applyEdits(text, [at(0, 0, '#include "acl/acl.h"\n'), at(0, 17, 'aclrtMalloc(…)')], offsetAt), '#include "acl/acl.h"\naclrtMalloc(…);\n');
});
