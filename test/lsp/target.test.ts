/**
 * Which target applies (issue #20, bug 2): the project file's `target:` wins unless the user
 * picked a target in this workspace, so the editor agrees with the CLI on a project;
 * `ascendPort/target` says where the target came from.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient } from '../helpers/lsp-client';

const client = new LspClient();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-target-'));
const yaml = path.join(dir, '.ascend-port.yaml');
const TEXT = '__device__ float f(float v) { return __shfl_xor_sync(0xffffffff, v, 1); }\n';

before(async () => {
  fs.writeFileSync(yaml, 'target:\n  soc: Ascend950\n  cann: 9.x\n');
  await client.start({ workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {} } });
});

after(async () => {
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function severityAfterSettings(name: string, target: Record<string, string>): Promise<number | undefined> {
  client.settings = { target };
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { ascendPort: client.settings } });
  const uri = pathToFileURL(path.join(dir, name)).toString();
  const p = await client.open(uri, TEXT);
  return p.diagnostics.find((d) => d.code === 'ASC251')?.severity;
}

test('the project file target wins over default and user settings, as in the CLI', async () => {
  // On Ascend950 a warp shuffle is information (3), on Ascend910B3 an error (1).
  assert.equal(await severityAfterSettings('a.cu', { soc: 'Ascend910B3', cann: '8.x', origin: 'default' }), 3);
  const uri = pathToFileURL(path.join(dir, 'a.cu')).toString();
  const info = await client.conn.sendRequest('ascendPort/target', { uri });
  assert.deepEqual(info, { soc: 'Ascend950', cann: '9.x', kind: 'project', projectFile: yaml });
  assert.equal(await severityAfterSettings('b.cu', { soc: 'Ascend910B3', cann: '8.x', origin: 'user' }), 3);
});

test('a target picked in this workspace wins over the project file, and the answer says so', async () => {
  assert.equal(await severityAfterSettings('c.cu', { soc: 'Ascend910B3', cann: '8.x', origin: 'workspace' }), 1);
  const info = await client.conn.sendRequest('ascendPort/target', { uri: pathToFileURL(path.join(dir, 'c.cu')).toString() });
  assert.deepEqual(info, { soc: 'Ascend910B3', cann: '8.x', kind: 'workspace', projectFile: yaml });
});

test('without a project file the settings apply and the source is the settings origin', async () => {
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-target-none-'));
  try {
    client.settings = { target: { soc: 'Ascend910B3', cann: '8.x', origin: 'default' } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { ascendPort: client.settings } });
    const info = await client.conn.sendRequest('ascendPort/target', { uri: pathToFileURL(path.join(other, 'k.cu')).toString() });
    assert.deepEqual(info, { soc: 'Ascend910B3', cann: '8.x', kind: 'default' });
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
});
