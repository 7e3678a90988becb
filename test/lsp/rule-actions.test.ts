/**
 * The light bulb as ESLint and ruff users expect it (issue #20): per-diagnostic "Ignore
 * ASCnnn on this line" / "… in this file" writing the suppression comments (applied, the
 * finding is gone), "Show documentation for ASCnnn", "Fix all safe Ascend Port problems" as
 * a quick fix, "(review)" on unsafe fixes; the hover leads with the message and "Use instead".
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ignoreLineEdit } from '../../server/src/lsp/ruleActions';
import { LspClient, type Diag } from '../helpers/lsp-client';

const client = new LspClient();
const URI = 'file:///tmp/ascend-port-rule-actions/k.cu';
const TEXT = `#include <cuda_runtime.h>

__device__ float f(float v) {
  return __shfl_xor_sync(0xffffffff, v, 1);
}

void run(cudaStream_t s, float* d) {
  cudaEvent_t e;
  cudaEventCreate(&e);
  cudaEventRecord(e);
  cudaMalloc(&d, 64);
}
`;

interface Action {
  title: string;
  kind: string;
  isPreferred?: boolean;
  edit?: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> };
  command?: { command: string; arguments: unknown[] };
}

let diagnostics: Diag[] = [];

before(async () => {
  await client.start({ workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } });
  diagnostics = (await client.open(URI, TEXT)).diagnostics;
});

after(() => client.stop());

function actionsFor(d: Diag): Promise<Action[]> {
  return client.conn.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: d.range, context: { diagnostics: [d] } });
}

function apply(text: string, a: Action): string {
  const doc = TextDocument.create(URI, 'cuda-cpp', 1, text);
  return TextDocument.applyEdits(doc, a.edit!.changes[URI]!);
}

test('"Ignore ASCnnn on this line" writes the comment above, and the finding goes away', async () => {
  const shfl = diagnostics.find((d) => d.code === 'ASC251')!;
  const actions = await actionsFor(shfl);
  const ignore = actions.find((a) => a.title === 'Ignore ASC251 on this line');
  assert.ok(ignore, actions.map((a) => a.title).join(' | '));
  assert.equal(ignore.kind, 'quickfix');
  const fixed = apply(TEXT, ignore);
  assert.match(fixed, /\n {2}\/\/ ascend-port-ignore ASC251\n {2}return __shfl_xor_sync/);
  await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: fixed }] });
  const p = await client.diagnosticsWhere((x) => x.uri === URI && x.version === 2, 'diagnostics after ignoring');
  assert.ok(!p.diagnostics.some((d) => d.code === 'ASC251'));
  // A second code on the same line joins the existing comment instead of stacking another one above it.
  const doc = TextDocument.create(URI, 'cuda-cpp', 2, fixed);
  const again = TextDocument.applyEdits(doc, [ignoreLineEdit(doc, 4, 'ASC999')]);
  assert.match(again, /\/\/ ascend-port-ignore ASC999, ASC251\n {2}return/);
  await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ text: TEXT }] });
  diagnostics = (await client.diagnosticsWhere((x) => x.uri === URI && x.version === 3, 'diagnostics restored')).diagnostics;
});

test('"Ignore ASCnnn in this file" writes a file directive at the top', async () => {
  const malloc = diagnostics.find((d) => d.code === 'ASC501')!;
  const actions = await actionsFor(malloc);
  const ignore = actions.find((a) => a.title === 'Ignore ASC501 in this file')!;
  assert.ok(apply(TEXT, ignore).startsWith('// ascend-port-ignore-file ASC501\n#include'));
});

test('"Show documentation for ASCnnn" is a quick fix running the client command', async () => {
  const shfl = diagnostics.find((d) => d.code === 'ASC251')!;
  const docs = (await actionsFor(shfl)).find((a) => a.title === 'Show documentation for ASC251')!;
  assert.deepEqual(docs.command, { title: 'Show documentation for ASC251', command: 'ascendPort.showRuleDocumentation', arguments: ['ASC251'] });
});

test('the light bulb offers "Fix all safe Ascend Port problems"; unsafe fixes say (review)', async () => {
  const record = diagnostics.find((d) => d.code !== 'ASC528' && /`cudaEventRecord`/.test(d.message))!;
  const actions = await actionsFor(record);
  const all = actions.find((a) => a.title.startsWith('Fix all safe Ascend Port problems'));
  assert.ok(all, actions.map((a) => a.title).join(' | '));
  assert.ok(all.kind.startsWith('quickfix'));
  const fixed = apply(TEXT, all);
  assert.match(fixed, /aclrtMalloc/);
  const unsafe = actions.find((a) => a.title.startsWith('Replace with aclrtRecordEvent'))!;
  assert.match(unsafe.title, /\(review\)$/);
  assert.equal(unsafe.isPreferred, false);
  const safe = (await actionsFor(diagnostics.find((d) => d.code === 'ASC501')!)).find((a) => a.title.startsWith('Replace with aclrtMalloc'))!;
  assert.doesNotMatch(safe.title, /review/);
});

test('the hover leads with the line-specific message and "Use instead", the rest below', async () => {
  const shfl = diagnostics.find((d) => d.code === 'ASC251')!;
  const hover = await client.conn.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: URI }, position: shfl.range.start });
  const v = hover.contents.value;
  const message = v.indexOf(shfl.message);
  const use = v.indexOf('Use instead');
  const why = v.indexOf('Why is this a problem');
  assert.ok(message > 0 && use > message && why > use, v.slice(0, 400));
});

test('code that has no effect on the target is tagged Unnecessary (faded), other findings are not', async () => {
  const uri = 'file:///tmp/ascend-port-rule-actions/bounds.cu';
  const p = await client.open(uri, '__global__ void __launch_bounds__(256) k(float* x) { x[threadIdx.x] = 0.f; }\n');
  const bounds = p.diagnostics.find((d) => d.code === 'ASC004');
  assert.ok(bounds, JSON.stringify(p.diagnostics.map((d) => d.code)));
  assert.deepEqual((bounds as Diag & { tags?: number[] }).tags, [1]);
  assert.ok(p.diagnostics.filter((d) => d.code !== 'ASC004').every((d) => !(d as Diag & { tags?: number[] }).tags));
});
