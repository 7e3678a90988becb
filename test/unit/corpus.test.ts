/**
 * Every rule over every fixture and sample, on every target: no rule throws. And a rule
 * that does throw is logged in ruleErrors and skipped, without blanking the others.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules, SOCS } from '../../server/src/engine';
import { defineRule } from '../../server/src/engine/rules/rule';
import { engine } from '../helpers/engine';

const ROOT = path.resolve(__dirname, '../..');

function cudaFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? cudaFiles(p) : /\.(cu|cuh)$/.test(e.name) ? [p] : [];
  });
}

const files = [...cudaFiles(path.join(ROOT, 'samples')), ...cudaFiles(path.join(ROOT, 'test/fixtures'))];

test('no rule throws on any fixture or sample, on any target', async () => {
  const e = await engine();
  assert.ok(files.length >= 10);
  let findings = 0;
  for (const soc of SOCS) {
    for (const f of files) {
      const r = e.analyzeBytes(fs.readFileSync(f), { target: { soc, cann: soc === 'Ascend950' ? '9.x' : '8.x' } });
      assert.deepEqual(r.ruleErrors, [], `${path.relative(ROOT, f)} on ${soc}`);
      findings += r.findings.length;
    }
  }
  assert.ok(findings > 0);
});

test('a rule that throws is logged and skipped; the other rules still report', async () => {
  const e = await engine();
  const broken = defineRule({ ...allRules[0]!, code: 'ASC098', name: 'always-throws', check: () => { throw new Error('boom'); } });
  const text = fs.readFileSync(path.join(ROOT, 'samples/block_reduce.cu'), 'utf8');
  const r = e.analyzeText(text, { target: { soc: 'Ascend910B3', cann: '8.x' }, rules: [broken, ...allRules] });
  assert.deepEqual(r.ruleErrors, ['ASC098 always-throws threw: boom']);
  assert.ok(r.findings.some((f) => f.code === 'ASC251'), 'the other rules still ran');
});
