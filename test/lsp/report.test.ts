/**
 * The report over the protocol: `ascendPort/report` gives the same report as the engine
 * call for the same files (the editor and the CLI agree), takes an open document's unsaved
 * text over the disk, sends progress, and `ascendPort/renderReport` renders exports.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { Engine, reportJson, type Report } from '../../server/src/engine';
import { LspClient } from '../helpers/lsp-client';

const ROOT = path.resolve(__dirname, '../..');
const WS = path.join(ROOT, 'test/fixtures/report-workspace');
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
const client = new LspClient();
const files = ['add.cu', 'binary.cu', 'host.cu', 'reduce.cu'].map((f) => ({ uri: pathToFileURL(path.join(WS, f)).toString(), path: `report-workspace/${f}` }));
const progress: { done: number; total: number }[] = [];

interface Response {
  report: Report;
  charts: { family: string; fixable: string; readiness: string };
  uris: Record<string, string>;
  problems: string[];
}

before(async () => {
  await client.start({ workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } });
  client.conn.onNotification('ascendPort/reportProgress', (p: { done: number; total: number }) => progress.push(p));
});

after(() => client.stop());

test('ascendPort/report equals the engine call on the same files, with charts and progress', async () => {
  const r = await client.conn.sendRequest<Response>('ascendPort/report', { files, id: 't' });
  const engine = await Engine.create();
  try {
    const expected = engine.report(
      files.map((f) => ({ path: f.path, bytes: fs.readFileSync(path.join(WS, path.basename(f.path))) })),
      { target: { soc: 'Ascend910B3', cann: '8.x' }, version: VERSION },
    );
    assert.equal(reportJson(r.report), reportJson(expected));
  } finally {
    engine.dispose();
  }
  assert.equal(r.report.summary.findings, 8);
  assert.match(r.charts.family, /^<svg class="chart" id="chart-family"/);
  assert.equal(r.uris['report-workspace/reduce.cu'], files[3]!.uri);
  assert.deepEqual(progress.at(-1), { id: 't', done: 4, total: 4, path: 'report-workspace/reduce.cu' });
});

test('an open document counts with its unsaved text', async () => {
  const host = files[2]!;
  await client.open(host.uri, '// edited in the editor: nothing to port any more\n');
  const r = await client.conn.sendRequest<Response>('ascendPort/report', { files, id: 'u' });
  assert.equal(r.report.summary.findings, 4, 'only reduce.cu findings remain');
  assert.equal(r.report.files.find((f) => f.path === host.path)!.figures.findings, 0);
});

test('ascendPort/renderReport renders every export format', async () => {
  const r = await client.conn.sendRequest<Response>('ascendPort/report', { files: files.slice(3), id: 'v' });
  for (const [format, pattern] of [
    ['md', /^# Porting cost report/],
    ['csv', /^kind,id,file,line/],
    ['json', /^\{\n {2}"schema": "ascend-port-report\/1"/],
    ['sarif', /"version": "2\.1\.0"/],
    ['html', /^<!DOCTYPE html>/],
  ] as const) {
    const text = await client.conn.sendRequest<string>('ascendPort/renderReport', { report: r.report, format });
    assert.match(text, pattern, format);
  }
});
