/**
 * The bundled server spoken to over stdio, as any LSP client would: initialize, didOpen,
 * publishDiagnostics, didChange, updated diagnostics, hover, code actions, and a skipped
 * binary file. Waits on messages, never on time.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { LspClient, type Diag, type Published } from '../helpers/lsp-client';

const URI = 'file:///tmp/ascend-port-protocol/kernel.cu';

const client = new LspClient();
let conn: MessageConnection;
const published = client.published;
const shown = client.shown;
/** What the fake client answers to `workspace/configuration`. */
const target = { soc: 'Ascend910B3', cann: '8.x' };
client.settings = { target };

/** Resolves with the first publication (past or future) that satisfies `pred`. */
function diagnosticsWhere(pred: (p: Published) => boolean, what: string): Promise<Published> {
  return client.diagnosticsWhere(pred, what);
}

const SOURCE = `#include <cuda_runtime.h>

__global__ void reduce(const float* in, float* out, int n) {
  __shared__ float buf[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? in[i] : 0.0f;
  for (int o = 16; o > 0; o /= 2) v += __shfl_down_sync(0xffffffff, v, o);
  buf[threadIdx.x] = v;
  __syncthreads();
  if (threadIdx.x == 0) atomicAdd(out, buf[0]);
}

void run(const float* h, float* d_out, int n) {
  float* d_in;
  cudaMalloc(&d_in, n * sizeof(float));
  cudaMemcpy(d_in, h, n * sizeof(float), cudaMemcpyHostToDevice);
  reduce<<<(n + 255) / 256, 256>>>(d_in, d_out, n);
}
`;

before(async () => {
  const init = await client.start({ workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {} } });
  conn = client.conn;
  assert.equal(init.serverInfo.name, 'ascend-port');
  assert.equal(init.capabilities.hoverProvider, true);
});

after(() => client.stop());

test('didOpen publishes the diagnostics of a .cu file', async () => {
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'cuda-cpp', version: 1, text: SOURCE } });
  const p = await diagnosticsWhere((x) => x.uri === URI && x.version === 1, 'diagnostics for version 1');
  const codes = p.diagnostics.map((d) => d.code).sort();
  assert.deepEqual(codes, ['ASC001', 'ASC101', 'ASC201', 'ASC251', 'ASC301', 'ASC501', 'ASC502', 'ASC527']);
  const shfl = p.diagnostics.find((d) => d.code === 'ASC251')!;
  assert.equal(shfl.severity, 1, 'warp shuffle is an error on Ascend910B3');
  const launch = p.diagnostics.find((d) => d.code === 'ASC001') as Diag & { relatedInformation?: { location: { uri: string; range: { start: { line: number } } } }[]; codeDescription?: { href: string } };
  assert.equal(launch.relatedInformation?.[0]?.location.range.start.line, 2, 'the launch links to its kernel');
  assert.match(launch.codeDescription?.href ?? '', /^file:.*docs\/rules\/ASC001\.md$/);
  assert.deepEqual(shfl.range.start, { line: 6, character: SOURCE.split('\n')[6]!.indexOf('__shfl_down_sync') });
});

test('didChange publishes updated diagnostics', async () => {
  // Delete the shuffle loop (line 7) with an incremental change.
  await conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: URI, version: 2 },
    contentChanges: [{ range: { start: { line: 6, character: 0 }, end: { line: 7, character: 0 } }, text: '' }],
  });
  const p = await diagnosticsWhere((x) => x.uri === URI && x.version === 2, 'diagnostics for version 2');
  const codes = p.diagnostics.map((d) => d.code);
  assert.ok(!codes.includes('ASC251'), 'the shuffle is gone');
  assert.ok(codes.includes('ASC201'));
  const barrier = p.diagnostics.find((d) => d.code === 'ASC201')!;
  assert.equal(barrier.range.start.line, 7, 'ranges moved up one line');
});

test('hover on a finding shows the rule docs', async () => {
  const hover = await conn.sendRequest<{ contents: { kind: string; value: string } } | null>('textDocument/hover', {
    textDocument: { uri: URI },
    position: { line: 7, character: 4 },
  });
  assert.ok(hover, 'a hover is returned');
  assert.equal(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /ASC201 block-barrier/);
  assert.match(hover.contents.value, /Why is this a problem on Ascend/);
});

test('a diagnostic with a fix yields a quick fix that rewrites the call', async () => {
  const p = await diagnosticsWhere((x) => x.uri === URI && x.version === 2, 'diagnostics for version 2');
  const malloc = p.diagnostics.find((d) => d.code === 'ASC501')!;
  const actions = await conn.sendRequest<{ title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, { newText: string }[]> } }[]>(
    'textDocument/codeAction',
    { textDocument: { uri: URI }, range: malloc.range, context: { diagnostics: [malloc] } },
  );
  // The rule's fix first; then fix-all, ignore and docs (test/lsp/rule-actions.test.ts).
  assert.deepEqual(actions.map((a) => a.title), ['Replace with aclrtMalloc (ASC501)', 'Fix all safe Ascend Port problems (3 edits)', 'Ignore ASC501 on this line', 'Ignore ASC501 in this file', 'Show documentation for ASC501']);
  assert.equal(actions[0]!.kind, 'quickfix');
  assert.equal(actions[0]!.isPreferred, true);
  assert.equal(actions[0]!.edit.changes[URI]![0]!.newText, 'aclrtMalloc((void**)&d_in, n * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST)');
});

test('an opened document is analysed once, not again after the edit delay', async () => {
  // TextDocuments reports an open as a content change too; that second analysis once
  // published late, with settings a configuration change had already replaced.
  const a = 'file:///tmp/ascend-port-protocol/open-once.cu';
  const b = 'file:///tmp/ascend-port-protocol/open-once-later.cu';
  const text = '__global__ void k(float* x) { __syncthreads(); }\n';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: a, languageId: 'cuda-cpp', version: 1, text } });
  await diagnosticsWhere((x) => x.uri === a, 'diagnostics of the opened document');
  // An edit of another document, made after the open: its analysis comes after the edit
  // delay, so a late second analysis of `a` would have been published before it.
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: b, languageId: 'cuda-cpp', version: 1, text } });
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: b, version: 2 }, contentChanges: [{ text: `${text}// edited\n` }] });
  await diagnosticsWhere((x) => x.uri === b && x.version === 2, 'diagnostics of the edit after the delay');
  assert.equal(published.filter((x) => x.uri === a).length, 1);
});

test('changing the target re-publishes diagnostics with new severities', async () => {
  const uri = 'file:///tmp/ascend-port-protocol/target.cu';
  await conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'cuda-cpp', version: 1, text: '__device__ float f(float v) { return __shfl_xor_sync(0xffffffff, v, 1); }\n' },
  });
  const before = await diagnosticsWhere((x) => x.uri === uri, 'diagnostics on 910B3');
  assert.deepEqual(before.diagnostics.map((d) => [d.code, d.severity]), [['ASC251', 1]]);
  const count = published.length;
  target.soc = 'Ascend950';
  await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  const after = await diagnosticsWhere((x) => x.uri === uri && published.indexOf(x) >= count, 'diagnostics on 950');
  assert.deepEqual(after.diagnostics.map((d) => [d.code, d.severity]), [['ASC251', 3]], 'information on Ascend950');
  assert.match(after.diagnostics[0]!.message, /asc_shfl/);
  target.soc = 'Ascend910B3';
  await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
});

test('an .asc file gets API hovers and no CUDA diagnostics', async () => {
  const uri = 'file:///tmp/ascend-port-protocol/add.asc';
  const text = '__global__ __aicore__ void k(GM_ADDR x) {\n  AscendC::DataCopy(xl, xg, 256);\n  AscendC::SetAtomicNone();\n}\n';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'ascendc', version: 1, text } });
  const p = await diagnosticsWhere((x) => x.uri === uri, 'diagnostics for the .asc file');
  assert.deepEqual(p.diagnostics, []);
  const hover = await conn.sendRequest<{ contents: { value: string }; range: { start: { character: number } } } | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: 1, character: 14 },
  });
  assert.ok(hover);
  assert.match(hover.contents.value, /AscendC::DataCopy/);
  assert.match(hover.contents.value, /const GlobalTensor<T>& src, const uint32_t count/);
  assert.equal(hover.range.start.character, 11);
  const renamed = await conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 14 } });
  assert.match(renamed!.contents.value, /CANN 9\.x spells it `DisableDmaAtomic`/);
});

test('.ascend-port.yaml: severities apply, and an invalid file gets diagnostics on itself', async () => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'ascend-port-proj-'));
  fs.writeFileSync(path.join(dir, '.ascend-port.yaml'), 'rules:\n  warp-shuffle: warning\n  ASC999: off\n');
  const uri = require('node:url').pathToFileURL(path.join(dir, 'k.cu')).toString();
  const yamlUri = require('node:url').pathToFileURL(path.join(dir, '.ascend-port.yaml')).toString();
  await conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'cuda-cpp', version: 1, text: '__device__ float f(float v) { return __shfl_xor_sync(0xffffffff, v, 1); }\n' },
  });
  const p = await diagnosticsWhere((x) => x.uri === uri, 'diagnostics with the project file');
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['ASC251', 2]], 'warning, from the project file');
  const y = await diagnosticsWhere((x) => x.uri === yamlUri, 'diagnostics on the project file');
  assert.deepEqual(y.diagnostics.map((d) => [d.range.start.line, d.message]), [[2, "unknown rule 'ASC999'"]]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a binary file is skipped with one message and the server keeps running', async () => {
  const uri = 'file:///tmp/ascend-port-protocol/blob.cu';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'cuda-cpp', version: 1, text: 'ELF\0\0\0garbage' } });
  const p = await diagnosticsWhere((x) => x.uri === uri, 'diagnostics for the binary file');
  assert.deepEqual(p.diagnostics, []);
  assert.ok(shown.some((m) => /blob\.cu: skipped: file looks binary/.test(m.message)), JSON.stringify(shown));
  // Still alive: another edit of the first document is analysed.
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ text: '__global__ void k() { __syncthreads(); }\n' }] });
  const q = await diagnosticsWhere((x) => x.uri === URI && x.version === 3, 'diagnostics for version 3');
  assert.deepEqual(q.diagnostics.map((d) => d.code), ['ASC201']);
});
