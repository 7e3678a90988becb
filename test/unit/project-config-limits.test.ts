/**
 * Issue #21 item 12: YAML aliases in `.ascend-port.yaml` mean what they name, and a huge
 * invalid file gives a capped list of problems (a 10 MB one once gave 86,750).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CONFIG_PROBLEMS, parseProjectConfig } from '../../server/src/engine/projectConfig';

test('aliases resolve to their anchors', () => {
  const r = parseProjectConfig('rules:\n  ASC201: &strict error\n  ASC251: *strict\ntarget: &t\n  soc: Ascend950\n');
  assert.deepEqual(r.problems, []);
  assert.equal(r.config.rules.ASC251, 'error');
  assert.equal(r.config.target?.soc, 'Ascend950');
});

test('a huge invalid project file gives a capped list of problems', () => {
  const text = Array.from({ length: 20_000 }, (_, i) => `key${i}: 1`).join('\n');
  const r = parseProjectConfig(text);
  assert.equal(r.problems.length, MAX_CONFIG_PROBLEMS + 1);
  assert.match(r.problems.at(-1)!.message, /and 19950 more problems/);
});
