/**
 * Estimates over the protocol: `textDocument/codeLens` returns a lens above each kernel
 * with the estimate line and the assumptions command; `textDocument/inlayHint` returns the
 * derived numBlocks and tile at launches; a hover on a kernel's name has the breakdown; a
 * target change makes the server ask the client to refresh lenses and hints.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { LspClient } from '../helpers/lsp-client';

const client = new LspClient();
const URI = 'file:///tmp/ascend-port-estimates/kernels.cu';
const TEXT = fs.readFileSync(path.resolve(__dirname, '../fixtures/estimates/kernels.cu'), 'utf8');
let refreshes = 0;
let waitRefresh: (() => void) | null = null;

before(async () => {
  await client.start({
    workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } },
    textDocument: { publishDiagnostics: {}, codeLens: {}, inlayHint: {} },
  });
  client.conn.onRequest('workspace/codeLens/refresh', () => {
    refreshes++;
    waitRefresh?.();
    return null;
  });
  client.conn.onRequest('workspace/inlayHint/refresh', () => null);
  await client.open(URI, TEXT);
});

after(() => client.stop());

interface Lens {
  range: { start: { line: number } };
  command: { title: string; command: string; arguments: unknown[] };
}

test('code lenses above each kernel carry the estimate and the assumptions command', async () => {
  const lenses = await client.conn.sendRequest<Lens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
  const titles = lenses.map((l) => l.command.title);
  assert.deepEqual(titles, [
    'Ascend910B3 · Cube 78.7% · Cube-bound · ≈ 34.5 µs @ 1000×1000×1000 float',
    'Ascend910B3 · Cube 0% · HBM-bound · ≈ 175 µs @ n=2^24',
    'Ascend910B3 · Cube 98.5% · Cube-bound · ≈ 473 µs @ 4096×4096×4096 half (annotated)',
    'Ascend910B3 · Cube 0% · HBM-bound · ≈ 7.3 µs @ n=2^20',
    'Ascend910B3 · scalar-heavy · Cube 0% · HBM-bound · ≈ 2.7 µs (vector lower bound) @ n=2^18',
  ]);
  assert.equal(lenses[0]!.range.start.line, TEXT.split('\n').findIndex((l) => l.startsWith('__global__ void gemm_naive')));
  assert.equal(lenses[0]!.command.command, 'ascendPort.setAssumptions');
  assert.deepEqual(lenses[1]!.command.arguments, [URI, TEXT.split('\n').findIndex((l) => l.startsWith('__global__ void add')), 'n=16777216 dtype=float']);
});

test('inlay hints at launches give numBlocks and the per-core tile', async () => {
  const lines = TEXT.split('\n').length;
  const hints = await client.conn.sendRequest<{ position: { line: number; character: number }; label: string }[]>('textDocument/inlayHint', {
    textDocument: { uri: URI },
    range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } },
  });
  const addLine = TEXT.split('\n').findIndex((l) => l.includes('add<<<'));
  const add = hints.find((h) => h.position.line === addLine)!;
  assert.equal(add.label, ' → Ascend: numBlocks=40, 419432 per core, tile 7808');
  assert.equal(add.position.character, TEXT.split('\n')[addLine]!.indexOf('>>>') + 3);
  assert.ok(hints.some((h) => h.label === ' → Ascend: 20 AIC'), 'the GEMM launch gets the cube core count');
});

test('hover on a kernel name shows the breakdown', async () => {
  const line = TEXT.split('\n').findIndex((l) => l.startsWith('__global__ void gemm_naive'));
  const hover = await client.conn.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: URI }, position: { line, character: 18 } });
  assert.match(hover.contents.value, /fractal padding efficiency \| 98\.4%/);
  assert.match(hover.contents.value, /core waves \| 32 base tiles over 20 AIC = 2 waves → 80%/);
});

test('changing the target updates the lenses', async () => {
  const before = refreshes;
  const refreshed = new Promise<void>((resolve) => (waitRefresh = resolve));
  client.settings = { target: { soc: 'Ascend310P3', cann: '8.x' } };
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await refreshed;
  assert.ok(refreshes > before);
  const lenses = await client.conn.sendRequest<Lens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
  assert.match(lenses[1]!.command.title, /^Ascend310P3 · Cube 0% · memory-bound · ≈ 972 µs @ n=2\^24$/);
});

test('the lens can be turned off', async () => {
  client.settings = { target: { soc: 'Ascend910B3', cann: '8.x' }, estimates: { codeLens: false } };
  const refreshed = new Promise<void>((resolve) => (waitRefresh = resolve));
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await refreshed;
  assert.deepEqual(await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: URI } }), []);
});
