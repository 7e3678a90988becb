/**
 * Build configuration over the protocol: an open .cu file that includes a workspace header
 * is re-analysed when the header changes — edited in the editor (didChange on the header),
 * closed (the disk text again), or changed on disk (workspace/didChangeWatchedFiles) — and
 * when compile_commands.json or the `ascendPort.defines` setting changes. Inactive branches
 * come as hint diagnostics with the Unnecessary tag. Waits on messages, never on time.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient, type Published } from '../helpers/lsp-client';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ap-headers-')));
const header = path.join(root, 'include', 'config.cuh');
const headerUri = pathToFileURL(header).toString();
const cu = path.join(root, 'src', 'kernel.cu');
const cuUri = pathToFileURL(cu).toString();
const fast = path.join(root, 'src', 'fast.cu');
const fastUri = pathToFileURL(fast).toString();
const database = path.join(root, 'build', 'compile_commands.json');

const HEADER = (on: 0 | 1) => `#pragma once\n#define USE_SHUFFLE ${on}\n`;
// The header is found only through the -I of compile_commands.json (it is not beside the .cu).
const KERNEL = `#include "config.cuh"

__global__ void scale(float* p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
#if USE_SHUFFLE
  p[i] = __shfl_xor_sync(0xffffffff, p[i], 1);
#else
  p[i] = p[i] * 2.0f;
#endif
}
`;
const FAST = `__global__ void mix(float* p) {
#ifdef ENABLE_FAST
  p[threadIdx.x] = __shfl_down_sync(0xffffffff, p[threadIdx.x], 1);
#endif
}
`;

function writeDatabase(defines: string[]): void {
  fs.writeFileSync(
    database,
    JSON.stringify([
      { directory: path.join(root, 'build'), file: '../src/kernel.cu', arguments: ['nvcc', '-I../include', ...defines, '-c', '../src/kernel.cu'] },
      { directory: path.join(root, 'build'), command: `nvcc -I../include ${defines.join(' ')} -c ${fast}`, file: fast },
    ]),
  );
}

const client = new LspClient();
client.settings = { target: { soc: 'Ascend910B3', cann: '8.x' } };

/** The next publication for `uri` after the current ones that satisfies `pred`. */
function next(uri: string, pred: (p: Published) => boolean, what: string): Promise<Published> {
  const from = client.published.length;
  return client.diagnosticsWhere((p) => p.uri === uri && client.published.indexOf(p) >= from && pred(p), what);
}
const codes = (p: Published) => p.diagnostics.map((d) => d.code).filter(Boolean);
const hasShuffle = (p: Published) => codes(p).includes('ASC251');
const inactiveLines = (p: Published) =>
  p.diagnostics.filter((d) => d.message === 'inactive preprocessor branch').map((d) => {
    assert.equal(d.severity, 4, 'a hint');
    assert.deepEqual((d as unknown as { tags: number[] }).tags, [1], 'tagged Unnecessary (faded)');
    return [d.range.start.line, d.range.end.line];
  });

before(async () => {
  fs.mkdirSync(path.dirname(header), { recursive: true });
  fs.mkdirSync(path.dirname(cu), { recursive: true });
  fs.mkdirSync(path.dirname(database), { recursive: true });
  fs.writeFileSync(header, HEADER(0));
  fs.writeFileSync(cu, KERNEL);
  fs.writeFileSync(fast, FAST);
  writeDatabase(['-DENABLE_FAST']);
  // compile_commands.json is found in build/ under the workspace root, as clangd finds it.
  await client.start({ workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {} } }, pathToFileURL(root).toString());
});

after(async () => {
  await client.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

test('a header found through compile_commands.json -I decides the #if branch; the other branch is greyed', async () => {
  const p = await client.open(cuUri, KERNEL);
  assert.equal(hasShuffle(p), false, `USE_SHUFFLE is 0 in the header: ${JSON.stringify(codes(p))}`);
  assert.deepEqual(inactiveLines(p), [[6, 7]], 'the #if USE_SHUFFLE branch (line 7) is inactive');
});

test('editing the included header in the editor re-analyses the open .cu that includes it', async () => {
  const opened = next(headerUri, () => true, 'the header analysed');
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: headerUri, languageId: 'cuda-cpp', version: 1, text: HEADER(0) } });
  await opened;
  const updated = next(cuUri, hasShuffle, 'the .cu with the shuffle branch active');
  await client.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: headerUri, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 20 }, end: { line: 1, character: 21 } }, text: '1' }],
  });
  const p = await updated;
  assert.deepEqual(inactiveLines(p), [[8, 9]], 'now the #else branch is inactive');
  // Closing the header without saving: the .cu reads the disk (USE_SHUFFLE 0) again.
  const reverted = next(cuUri, (x) => !hasShuffle(x), 'the .cu back on the disk header');
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: headerUri } });
  await reverted;
});

test('a header changed on disk (didChangeWatchedFiles) re-analyses its open dependants', async () => {
  fs.writeFileSync(header, HEADER(1));
  const updated = next(cuUri, hasShuffle, 'the .cu after the header changed on disk');
  await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: headerUri, type: 2 }] });
  await updated;
  fs.writeFileSync(header, HEADER(0));
  const back = next(cuUri, (x) => !hasShuffle(x), 'the .cu after the header changed back');
  await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: headerUri, type: 2 }] });
  await back;
});

test('a header created on disk (didChangeWatchedFiles Created) is found by the open file that includes it', async () => {
  const late = path.join(root, 'src', 'late.cu');
  const lateUri = pathToFileURL(late).toString();
  const text = '#include "late_opts.cuh"\n__global__ void k(float* p) {\n#ifdef LATE_SHUFFLE\n  p[0] = __shfl_xor_sync(0xffffffff, p[0], 1);\n#endif\n}\n';
  fs.writeFileSync(late, text);
  const p = await client.open(lateUri, text);
  assert.equal(hasShuffle(p), false, 'LATE_SHUFFLE is not defined while the header is missing');
  const headerFile = path.join(root, 'src', 'late_opts.cuh');
  fs.writeFileSync(headerFile, '#pragma once\n#define LATE_SHUFFLE 1\n');
  const updated = next(lateUri, hasShuffle, 'late.cu after its header was created');
  await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(headerFile).toString(), type: 1 }] });
  await updated;
});

test('-D in compile_commands.json (command form) chooses the branch; a change to the database re-analyses', async () => {
  const p = await client.open(fastUri, FAST);
  assert.ok(codes(p).includes('ASC251'), `ENABLE_FAST is defined by the database: ${JSON.stringify(codes(p))}`);
  assert.deepEqual(inactiveLines(p), []);
  writeDatabase([]);
  const updated = next(fastUri, (x) => !codes(x).includes('ASC251'), 'fast.cu without ENABLE_FAST');
  await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(database).toString(), type: 2 }] });
  assert.deepEqual(inactiveLines(await updated), [[2, 3]], 'the shuffle line (line 3) is inactive');
});

test('the ascendPort.defines setting (a list or a map) re-analyses; it wins over the database, not over a #define in the text', async () => {
  client.settings = { target: { soc: 'Ascend910B3', cann: '8.x' }, defines: ['ENABLE_FAST'] };
  const fastBack = next(fastUri, (x) => codes(x).includes('ASC251'), 'fast.cu with the setting');
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await fastBack;
  // A -D comes before the text: the header's own #define USE_SHUFFLE 0 still decides for kernel.cu.
  client.settings = { target: { soc: 'Ascend910B3', cann: '8.x' }, defines: { USE_SHUFFLE: 1 } };
  const cuAgain = next(cuUri, () => true, 'kernel.cu after the settings changed');
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  assert.equal(hasShuffle(await cuAgain), false, 'the header redefines USE_SHUFFLE to 0 after the -D');
});
