/**
 * "Verify port" over the protocol: the port file gets a "Verify port" lens per kernel entry;
 * `ascendPort/verify` on it passes for the generated port, and fails for a hand-broken one
 * (unsaved, as the editor holds it) with the index and both values, with its model violation
 * published as a diagnostic on the port file; a cancelled request stops.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LspClient } from '../helpers/lsp-client';

const ROOT = path.resolve(__dirname, '../..');
const client = new LspClient();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-lsp-verify-'));
const source = path.join(dir, 'saxpy.cu');
const port = path.join(dir, 'saxpy_ascend.cpp');
const PORT_URI = pathToFileURL(port).toString();

interface Response {
  result: { status: string; kernels: { kernel: string; pass: boolean; cases: { size: number; pass: boolean; outputs: { name: string; pass: boolean; first?: { index: number; cuda: number; ascend: number } }[]; violations: { api: string }[] }[] }[]; message?: string };
  summary: string;
}

before(async () => {
  fs.writeFileSync(
    source,
    `__global__ void saxpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
`,
  );
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'port', source], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  await client.start({ workspace: { configuration: true }, textDocument: { publishDiagnostics: {}, codeLens: {} } });
});

after(async () => {
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a "Verify port" lens sits on the kernel entry of the port file', async () => {
  await client.open(PORT_URI, fs.readFileSync(port, 'utf8'), 'cpp');
  const lenses = await client.conn.sendRequest<{ range: { start: { line: number } }; command: { title: string; command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: PORT_URI } });
  const verify = lenses.filter((l) => l.command.command === 'ascendPort.verifyPort');
  assert.equal(verify.length, 1);
  assert.match(verify[0]!.command.title, /Verify port of saxpy/);
  assert.deepEqual(verify[0]!.command.arguments, [PORT_URI, 'saxpy']);
  assert.match(fs.readFileSync(port, 'utf8').split('\n')[verify[0]!.range.start.line]!, /^extern "C" __global__ __aicore__ void saxpy\(/);
});

test('ascendPort/verify on the generated port passes', async () => {
  const r = await client.conn.sendRequest<Response>('ascendPort/verify', { uri: PORT_URI, kernel: 'saxpy' });
  assert.equal(r.result.status, 'pass', r.summary);
  assert.match(r.summary, /saxpy: PASS/);
});

test('a hand-broken port (unsaved) fails with the index and both values, and its model violation is a diagnostic on the port file', async () => {
  const broken = fs
    .readFileSync(port, 'utf8')
    .replace('AscendC::Add(yOut, v0, yIn, cnt);', 'AscendC::Sub(yOut, v0, yIn, cnt);')
    .replace(/SAXPY_MAX_TILE = (\d+);/, (_m, n: string) => `SAXPY_MAX_TILE = ${Number(n) * 2};`);
  assert.notEqual(broken, fs.readFileSync(port, 'utf8'));
  await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: PORT_URI, version: 2 }, contentChanges: [{ text: broken }] });
  const r = await client.conn.sendRequest<Response>('ascendPort/verify', { uri: PORT_URI, kernel: 'saxpy' });
  assert.equal(r.result.status, 'fail', r.summary);
  const bad = r.result.kernels[0]!.cases.find((c) => c.outputs.some((o) => o.first))!;
  const o = bad.outputs.find((x) => x.first)!;
  assert.equal(o.name, 'y');
  assert.notEqual(o.first!.cuda, o.first!.ascend);
  assert.match(r.summary, /first at \[\d+\]: CUDA -?[\d.e+-]+, Ascend -?[\d.e+-]+/);
  const published = await client.diagnosticsWhere((p) => p.uri === PORT_URI && p.diagnostics.some((d) => d.code === 'verify'), 'the violation on the port file');
  const d = published.diagnostics.find((x) => x.code === 'verify')!;
  assert.match(d.message, /InitBuffer/);
  assert.match(broken.split('\n')[d.range.start.line]!, /InitBuffer/);
});

test('a cancelled verification stops and says so', async () => {
  const cts = new CancellationTokenSource();
  const pending = client.conn.sendRequest<Response>('ascendPort/verify', { uri: PORT_URI, kernel: 'saxpy' }, cts.token);
  cts.cancel();
  await assert.rejects(pending, /cancel/i);
});
