/**
 * Every rule against its fixture: the findings must sit exactly on the lines marked
 * `// expect: CODE` (near-misses carry no mark and must stay silent), and the rendered
 * findings must match the reviewed snapshot (with the fixes a consumer asks for on demand,
 * `fixesOnDemand`, rendered as such).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules, DEFAULT_TARGET, fixesOnDemand } from '../../server/src/engine';
import { engine } from '../helpers/engine';
import { renderFindings } from '../helpers/render';
import { assertSnapshot } from '../helpers/snapshot';

export const FIXTURES = path.resolve(__dirname, '../fixtures/rules');

/** `line (1-based) -> codes` from trailing `// expect: A, B` comments. */
function expectations(text: string): Map<number, string[]> {
  const map = new Map<number, string[]>();
  text.split('\n').forEach((line, i) => {
    const m = /\/\/\s*expect:\s*([A-Z0-9, ]+)\s*$/.exec(line);
    if (m) map.set(i + 1, m[1]!.split(',').map((s) => s.trim()).filter(Boolean));
  });
  return map;
}

for (const rule of allRules) {
  test(`${rule.code} ${rule.name}: fixture and snapshot`, async () => {
    const fixture = path.join(FIXTURES, `${rule.name}.cu`);
    const text = fs.readFileSync(fixture, 'utf8');
    const e = await engine();
    const doc = e.open(text);
    const result = e.analyze(doc, { target: DEFAULT_TARGET, only: [rule.code] });
    assert.deepEqual(result.ruleErrors, []);
    // A fix on demand is not computed with the analysis; asked for, it is rendered like the others.
    const findings = result.findings.map((f) => {
      if (!f.fixOnDemand) return f;
      assert.equal(f.fixes, undefined, `${f.code} at line ${f.range.start.line + 1}: a fix on demand is not also computed`);
      return { ...f, fixes: fixesOnDemand(doc, f, DEFAULT_TARGET).map((x) => ({ ...x, title: `${x.title} [on demand]` })) };
    });
    doc.dispose();
    const actual = new Map<number, string[]>();
    for (const f of result.findings) actual.set(f.range.start.line + 1, [...(actual.get(f.range.start.line + 1) ?? []), f.code]);
    const expected = expectations(text);
    for (const [, codes] of expected) codes.sort();
    for (const [, codes] of actual) codes.sort();
    assert.ok(expected.size > 0, 'the fixture marks at least one expected finding');
    assert.deepEqual(Object.fromEntries(actual), Object.fromEntries(expected));
    assertSnapshot(path.join(FIXTURES, `${rule.name}.snap`), renderFindings(`${rule.name}.cu`, text, findings));
  });
}
