/**
 * Ports and fix-all over the protocol, as an editor drives them: `textDocument/codeAction`
 * lists "Port kernel to Ascend C" titled with its verdict (no edit), `codeAction/resolve`
 * returns the WorkspaceEdit that creates `<name>_ascend.cpp` and `<name>_ascend.h`, "Replace
 * launches" rewrites the launch and includes the header, and
 * `source.fixAll.ascendPort` returns every safe fix in one edit.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient } from '../helpers/lsp-client';

const client = new LspClient();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-lsp-port-'));
const file = path.join(dir, 'saxpy.cu');
const URI = pathToFileURL(file).toString();
const SOURCE = `#include <cuda_runtime.h>

__global__ void saxpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

void run(int n, float a, const float* x, float* y, cudaStream_t s) {
  float* d;
  cudaMalloc(&d, n * sizeof(float));
  saxpy<<<(n + 255) / 256, 256, 0, s>>>(n, a, x, y);
  cudaDeviceSynchronize();
  cudaFree(d);
}
`;

interface Action {
  title: string;
  kind: string;
  data?: unknown;
  edit?: { changes?: Record<string, { newText: string }[]>; documentChanges?: ({ kind: string; uri: string } | { textDocument: { uri: string; version: number | null }; edits: { newText: string; range: { start: { line: number } } }[] })[] };
}

before(async () => {
  fs.writeFileSync(file, SOURCE);
  const init = await client.start({
    workspace: { configuration: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
    textDocument: { publishDiagnostics: {}, codeAction: { resolveSupport: { properties: ['edit'] } } },
  });
  const provider = init.capabilities.codeActionProvider as { codeActionKinds: string[]; resolveProvider: boolean };
  assert.equal(provider.resolveProvider, true);
  assert.ok(provider.codeActionKinds.includes('source.fixAll.ascendPort'));
  assert.ok(provider.codeActionKinds.includes('refactor.rewrite'));
  await client.open(URI, SOURCE);
});

after(async () => {
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('codeAction titles the port with its verdict and computes it on resolve: the kernel file and its header, the CUDA source untouched; "Replace launches" is its own action', async () => {
  const actions = await client.conn.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } },
    context: { diagnostics: [], only: ['refactor'] },
  });
  assert.deepEqual(actions.map((a) => [a.title, a.kind]), [
    ['Port `saxpy` to Ascend C (complete)', 'refactor.rewrite'],
    ['Replace launches of `saxpy` with the Ascend C launch (LaunchSaxpy)', 'refactor.rewrite'],
  ]);
  assert.equal(actions[0]!.edit, undefined, 'the port text comes from resolve');
  const resolved = await client.conn.sendRequest<Action>('codeAction/resolve', actions[0]);
  const changes = resolved.edit!.documentChanges!;
  const target = pathToFileURL(path.join(dir, 'saxpy_ascend.cpp')).toString();
  const header = pathToFileURL(path.join(dir, 'saxpy_ascend.h')).toString();
  assert.deepEqual(changes[0], { kind: 'create', uri: target, options: { ignoreIfExists: true } });
  const created = changes[1] as { textDocument: { uri: string }; edits: { newText: string }[] };
  assert.equal(created.textDocument.uri, target);
  assert.match(created.edits[0]!.newText, /extern "C" __global__ __aicore__ void saxpy\(GM_ADDR x, GM_ADDR y, float a, SaxpyTiling tiling\)/);
  assert.match(created.edits[0]!.newText, /AscendC::Muls\(v0, xIn, static_cast<float>\(a_\), cnt\);/);
  assert.deepEqual(changes[2], { kind: 'create', uri: header, options: { ignoreIfExists: true } });
  const declared = changes[3] as { textDocument: { uri: string }; edits: { newText: string }[] };
  assert.match(declared.edits[0]!.newText, /#pragma once[^]*aclError LaunchSaxpy\(int n, float a, const void\* x, void\* y, aclrtStream stream\);/);
  assert.ok(!changes.some((c) => 'textDocument' in c && c.textDocument.uri === URI), 'porting leaves the CUDA source alone: it still compiles with nvcc');
  const replace = actions[1]!.edit!.changes![URI]!;
  assert.deepEqual(replace.map((e) => e.newText), ['\n#include "saxpy_ascend.h"', 'LaunchSaxpy(n, a, x, y, s)']);
});

test('the launch diagnostic (ASC001) carries no fix, and its light bulb computes the launch rewrite from the current text', async () => {
  const published = await client.diagnosticsWhere((p) => p.uri === URI, 'diagnostics of saxpy.cu');
  const launch = published.diagnostics.find((d) => d.code === 'ASC001')!;
  const data = launch.data as { fixes?: unknown[]; fixOnDemand?: boolean };
  assert.equal(data.fixes, undefined, 'the analysis does not port the kernel for the fix');
  assert.equal(data.fixOnDemand, true);
  const actions = await client.conn.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: launch.range,
    context: { diagnostics: [launch], only: ['quickfix'] },
  });
  const fix = actions.find((a) => a.title.startsWith('Replace the launch of saxpy'));
  assert.ok(fix, `a launch rewrite among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.equal(fix.title, 'Replace the launch of saxpy with the Ascend C launch (LaunchSaxpy) (needs the port and its header) (ASC001) (review)');
  assert.deepEqual(fix.edit!.changes![URI]!.map((e) => e.newText), ['LaunchSaxpy(n, a, x, y, s)']);
});

test('porting a kernel again replaces its earlier port in the file instead of adding a second definition', async () => {
  const actions = await client.conn.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } },
    context: { diagnostics: [], only: ['refactor'] },
  });
  const first = await client.conn.sendRequest<Action>('codeAction/resolve', actions[0]);
  const portText = (first.edit!.documentChanges![1] as { edits: { newText: string }[] }).edits[0]!.newText;
  const target = path.join(dir, 'saxpy_ascend.cpp');
  fs.writeFileSync(target, `// kept: the user's own line\n${portText}// kept: after the port\n`);
  try {
    const again = await client.conn.sendRequest<Action>('codeAction/resolve', actions[0]);
    const changes = again.edit!.documentChanges!;
    assert.ok(!changes.some((c) => 'kind' in c && c.uri.endsWith('.cpp')), 'the file exists: nothing to create');
    const edit = (changes[0] as unknown as { edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[] }).edits[0]!;
    assert.deepEqual(edit.range.start, { line: 1, character: 0 });
    assert.deepEqual(edit.range.end, { line: portText.split('\n').length, character: 0 });
    assert.match(portText, /\/\/ end of the ascend-port output for `saxpy`\n$/);
  } finally {
    fs.rmSync(target, { force: true });
  }
});

test('no port is offered outside a kernel', async () => {
  const actions = await client.conn.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: { start: { line: 9, character: 2 }, end: { line: 9, character: 2 } },
    context: { diagnostics: [], only: ['refactor'] },
  });
  assert.deepEqual(actions, []);
});

test('source.fixAll.ascendPort applies every safe fix in one edit', async () => {
  const actions = await client.conn.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  assert.equal(actions.length, 1);
  assert.equal(actions[0]!.kind, 'source.fixAll.ascendPort');
  const texts = actions[0]!.edit!.changes![URI]!.map((e) => e.newText);
  assert.ok(texts.includes('"acl/acl.h"'), texts.join('\n'));
  assert.ok(texts.includes('aclrtMalloc((void**)&d, n * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST)'));
  assert.ok(texts.includes('aclrtSynchronizeDevice()'));
  assert.ok(texts.includes('aclrtFree(d)'));
  assert.ok(texts.includes('aclrtStream'));
  assert.ok(!texts.some((t) => t.includes('LaunchSaxpy')), 'replacing a launch needs the generated files: not a safe fix');
});
