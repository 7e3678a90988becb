/**
 * `ascendPort.trace.analysis` over the protocol: with it on, each analysis writes one
 * `window/logMessage` saying what the edit made the server re-do; a one-keystroke edit in a
 * kernel re-reads that one declaration. With it off, nothing is logged.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { LspClient } from '../helpers/lsp-client';

const client = new LspClient();
const URI = 'file:///tmp/ascend-port-trace/kernels.cu';
const TEXT = fs.readFileSync(path.resolve(__dirname, '../fixtures/estimates/kernels.cu'), 'utf8');
const logs: string[] = [];

before(async () => {
  client.settings = { target: { soc: 'Ascend910B3', cann: '8.x' }, trace: { analysis: true } };
  await client.start({ workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } });
  client.conn.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
});

after(() => client.stop());

test('a keystroke in one kernel is traced as one declaration re-read', async () => {
  await client.open(URI, TEXT);
  const line = TEXT.split('\n').findIndex((l) => l.startsWith('__global__ void add('));
  await client.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: URI, version: 2 },
    contentChanges: [{ range: { start: { line: line + 1, character: 0 }, end: { line: line + 1, character: 0 } }, text: ' ' }],
  });
  await client.diagnosticsWhere((p) => p.uri === URI && p.version === 2, 'diagnostics of version 2');
  const traced = logs.filter((l) => l.startsWith('ascend-port: analysed kernels.cu'));
  assert.equal(traced.length, 2, traced.join('\n'));
  assert.match(traced[0]!, /v1 .*full\); (\d+) of \1 declarations re-collected/);
  assert.match(traced[1]!, /v2 .*incremental\); 1 of \d+ declarations re-collected \(`__global__ void add\(const float\* a, const float\* b, float\* c, int n\) \{`\), rules re-run on 1$/);
});

test('with the setting off nothing is traced', async () => {
  client.settings = { target: { soc: 'Ascend910B3', cann: '8.x' } };
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  const before = logs.length;
  const uri = 'file:///tmp/ascend-port-trace/other.cu';
  await client.open(uri, TEXT);
  assert.equal(logs.slice(before).filter((l) => l.includes('other.cu')).length, 0);
});
