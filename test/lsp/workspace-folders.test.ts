/**
 * A workspace folder added after startup: its compile_commands.json (found in the folder's
 * `build/`, as clangd finds it) applies to the documents in it at once, and removing the
 * folder drops it again. Waits on messages, never on time.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient, type Published } from '../helpers/lsp-client';

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ap-folders-')));
const first = path.join(base, 'first');
const later = path.join(base, 'later');
const cu = path.join(later, 'src', 'mix.cu');
const cuUri = pathToFileURL(cu).toString();
const KERNEL = `__global__ void mix(float* p) {
#ifdef ENABLE_FAST
  p[threadIdx.x] = __shfl_down_sync(0xffffffff, p[threadIdx.x], 1);
#endif
}
`;

const client = new LspClient();
client.settings = { target: { soc: 'Ascend910B3', cann: '8.x' } };
const hasShuffle = (p: Published) => p.diagnostics.some((d) => d.code === 'ASC251');
function next(pred: (p: Published) => boolean, what: string): Promise<Published> {
  const from = client.published.length;
  return client.diagnosticsWhere((p) => p.uri === cuUri && client.published.indexOf(p) >= from && pred(p), what);
}
const folder = (p: string) => ({ uri: pathToFileURL(p).toString(), name: path.basename(p) });

before(async () => {
  fs.mkdirSync(first, { recursive: true });
  fs.mkdirSync(path.dirname(cu), { recursive: true });
  fs.mkdirSync(path.join(later, 'build'));
  fs.writeFileSync(cu, KERNEL);
  fs.writeFileSync(path.join(later, 'build', 'compile_commands.json'), JSON.stringify([{ directory: path.join(later, 'build'), arguments: ['nvcc', '-DENABLE_FAST', '-c', '../src/mix.cu'], file: '../src/mix.cu' }]));
  await client.start({ workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: {} } }, pathToFileURL(first).toString());
});

after(async () => {
  await client.stop();
  fs.rmSync(base, { recursive: true, force: true });
});

test("a folder added after startup brings its compile_commands.json; removing it takes it away", async () => {
  // Outside every workspace folder, the file's build configuration is not found.
  const opened = await client.open(cuUri, KERNEL);
  assert.equal(hasShuffle(opened), false, 'ENABLE_FAST is not defined yet');
  const added = next(hasShuffle, 'the shuffle, with -DENABLE_FAST from the added folder');
  await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder(later)], removed: [] } });
  await added;
  const removed = next((p) => !hasShuffle(p), 'no shuffle once the folder is removed');
  await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder(later)] } });
  await removed;
});
