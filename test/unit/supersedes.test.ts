/**
 * One finding per construct: a specific rule that `supersedes` a generic one drops the
 * generic finding on the constructs it claims, and only there; with the specific rule
 * off, the generic finding comes back. One test per pair, on the rules' own fixtures.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { allRules, Engine, ruleByCode, type AnalysisResult } from '../../server/src/engine';

const FIXTURES = path.resolve(__dirname, '../fixtures/rules');
const B3 = { soc: 'Ascend910B3', cann: '8.x' } as const;
let engine: Engine;
before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

const linesOf = (r: AnalysisResult, code: string) => r.findings.filter((f) => f.code === code).map((f) => f.range.start.line);

test('every superseded code names another existing rule', () => {
  const pairs = allRules.flatMap((r) => (r.supersedes ?? []).map((g) => [r.code, g] as const));
  assert.ok(pairs.length >= 3);
  for (const [specific, generic] of pairs) {
    assert.notEqual(specific, generic);
    assert.ok(ruleByCode(generic), `${specific} supersedes unknown ${generic}`);
  }
});

for (const [specific, generic, fixture] of [
  ['ASC708', 'ASC601', 'ptx-mma.cu'],
  ['ASC304', 'ASC301', 'shared-memory-atomic.cu'],
  ['ASC206', 'ASC601', 'async-copy.cu'],
] as const) {
  test(`${specific} supersedes ${generic} on its own constructs only`, () => {
    const text = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
    const both = engine.analyzeText(text, { target: B3, only: [specific, generic] });
    const genericAlone = engine.analyzeText(text, { target: B3, only: [generic] });
    const specificLines = linesOf(both, specific);
    assert.ok(specificLines.length > 0, `${fixture} has ${specific} findings`);
    // Where the specific rule fires, the generic one is gone…
    for (const line of specificLines) assert.ok(!linesOf(both, generic).includes(line), `${generic} still reported on line ${line + 1}`);
    // …and it fired there when alone; elsewhere the generic findings are untouched.
    assert.ok(specificLines.some((l) => linesOf(genericAlone, generic).includes(l)), `${generic} never fired on a ${specific} construct: the pair is not tested`);
    assert.deepEqual(linesOf(both, generic), linesOf(genericAlone, generic).filter((l) => !specificLines.includes(l)));
    // With the specific rule disabled, the generic finding is back.
    const disabled = engine.analyzeText(text, { target: B3, only: [specific, generic], disabled: [specific] });
    assert.deepEqual(linesOf(disabled, generic), linesOf(genericAlone, generic));
  });
}
