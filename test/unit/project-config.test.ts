import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProjectConfig } from '../../server/src/engine';
import { analyze, engine } from '../helpers/engine';

test('a valid project file gives the target and per-rule severities by code or name', () => {
  const { config, problems } = parseProjectConfig('target:\n  soc: Ascend950\n  cann: 9.x\nrules:\n  ASC201: off\n  warp-shuffle: warning\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(config, { target: { soc: 'Ascend950', cann: '9.x' }, rules: { ASC201: 'off', ASC251: 'warning' } });
});

test('problems come back with their positions, and never as a throw', () => {
  const { problems } = parseProjectConfig('target:\n  soc: Ascend123\nrules:\n  ASC999: error\n  ASC201: loud\nextra: 1\n');
  assert.deepEqual(
    problems.map((p) => [p.range.start.line, p.message]),
    [
      [1, "unknown SoC 'Ascend123'"],
      [3, "unknown rule 'ASC999'"],
      [4, "'ASC201': severity must be one of error, warning, information, hint, off"],
      [5, "unknown key 'extra' (target, rules, costModel, defines, includePaths, compileCommands)"],
    ],
  );
  assert.match(parseProjectConfig('rules: [unclosed\n').problems[0]!.message, /^YAML: /);
  assert.equal(parseProjectConfig('- just\n- a list\n').problems.length, 1);
  assert.deepEqual(parseProjectConfig('').problems, []);
  assert.deepEqual(parseProjectConfig('\u0000\u0001binary').config.rules, {});
});

test('severity overrides change and drop findings', async () => {
  const text = '__global__ void k(float* p) { __syncthreads(); p[0] = __shfl_xor_sync(0xffffffff, p[0], 1); }\n';
  const e = await engine();
  const r = e.analyzeText(text, { target: { soc: 'Ascend910B3', cann: '8.x' }, severities: { ASC201: 'off', ASC251: 'warning' } });
  assert.deepEqual(r.findings.map((f) => [f.code, f.severity]), [['ASC251', 'warning']]);
  assert.equal((await analyze(text)).findings.length, 2);
});
