/**
 * Catalogue invariants: unique, well-formed codes inside their family's range, names
 * that match file names, docs with every section, a fixture and a snapshot per rule, no
 * orphan fixtures, and each rule flags its own docs' Example and not its Use instead.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../server/src/engine';
import { FAMILY_CODES, FIX_SAFETY_SECTION, REQUIRED_DOC_SECTIONS } from '../../server/src/engine/rules/rule';
import { analyze } from '../helpers/engine';

const RULES_DIR = path.resolve(__dirname, '../../server/src/engine/rules');
const FIXTURES = path.resolve(__dirname, '../fixtures/rules');

test('codes are unique, well-formed, ordered and inside their family range', () => {
  const codes = allRules.map((r) => r.code);
  assert.equal(new Set(codes).size, codes.length, 'duplicate codes');
  assert.deepEqual([...codes].sort(), codes, 'the registry is ordered by code');
  for (const r of allRules) {
    assert.match(r.code, /^ASC\d{3}$/);
    const n = Number(r.code.slice(3));
    const [lo, hi] = FAMILY_CODES[r.family];
    assert.ok(n >= lo && n <= hi, `${r.code} is outside ${r.family} (${lo}-${hi})`);
  }
});

test('names are kebab-case, unique and equal to their file names', () => {
  const names = allRules.map((r) => r.name);
  assert.equal(new Set(names).size, names.length);
  const files = fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && !['index.ts', 'rule.ts'].includes(f)).map((f) => f.slice(0, -3)).sort();
  assert.deepEqual(files, [...names].sort(), 'every rule file is registered and every registered rule has its file');
  for (const n of names) assert.match(n, /^[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('docs have every section; rules with fixes document fix safety', () => {
  for (const r of allRules) {
    for (const s of REQUIRED_DOC_SECTIONS) assert.ok(r.docs.includes(`${s}\n`), `${r.code} docs lack "${s}"`);
    if (r.fixAvailability !== 'none') assert.ok(r.docs.includes(FIX_SAFETY_SECTION), `${r.code} has fixes but no "${FIX_SAFETY_SECTION}"`);
    assert.ok(r.summary.length > 0 && !r.summary.includes('\n'));
  }
});

test('every rule has a fixture and a snapshot, and there are no orphans', () => {
  const names = new Set(allRules.map((r) => r.name));
  for (const f of fs.readdirSync(FIXTURES)) {
    const base = f.replace(/\.(cu|snap)$/, '');
    assert.ok(names.has(base), `orphan fixture or snapshot ${f}`);
  }
  for (const r of allRules) {
    assert.ok(fs.existsSync(path.join(FIXTURES, `${r.name}.cu`)), `${r.name}.cu is missing`);
    assert.ok(fs.existsSync(path.join(FIXTURES, `${r.name}.snap`)), `${r.name}.snap is missing`);
  }
});

function codeBlockAfter(docs: string, heading: string): string | undefined {
  const at = docs.indexOf(heading);
  if (at < 0) return undefined;
  const next = docs.indexOf('\n## ', at + heading.length);
  const section = docs.slice(at, next < 0 ? undefined : next);
  return /```[a-z]*\n([^]*?)```/.exec(section)?.[1];
}

test("each rule flags its docs' Example and leaves its Use instead alone", async () => {
  for (const r of allRules) {
    const example = codeBlockAfter(r.docs, '## Example');
    assert.ok(example, `${r.code} has a code block under ## Example`);
    const flagged = await analyze(example, { only: [r.code] });
    assert.ok(flagged.findings.length > 0, `${r.code} does not flag its own example`);
    const instead = codeBlockAfter(r.docs, '## Use instead');
    if (instead) {
      const clean = await analyze(instead, { only: [r.code] });
      assert.deepEqual(clean.findings, [], `${r.code} flags its own "Use instead" code`);
    }
  }
});

test('each family list holds only rules of its family, in code order', async () => {
  const dir = path.join(RULES_DIR, 'families');
  for (const f of fs.readdirSync(dir)) {
    const family = f.replace(/\.ts$/, '');
    const mod = (await import(path.join(dir, f))) as Record<string, readonly { code: string; family: string }[]>;
    const list = Object.values(mod)[0]!;
    for (const r of list) assert.equal(r.family, family, `${r.code} is listed in families/${f}`);
    const codes = list.map((r) => r.code);
    assert.deepEqual([...codes].sort(), codes, `families/${f} is ordered by code`);
  }
});
