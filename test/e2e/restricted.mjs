// Restricted Mode, in a real editor: code-server with workspace trust on opens the workspace
// untrusted. Ascend Port declares `limited` support: diagnostics, hovers, quick fixes and
// ports work there, and Verify Port (which builds and runs code with a compiler) says why it
// is off instead of running, from the command palette and from its code lens. "Migrate
// Workspace to Ascend C…" writes the new tree beside the workspace, opens MIGRATION.md, leaves
// the sources as they were, and verifies nothing (no compiler in Restricted Mode).
// Screenshots go to test/e2e/artifacts/. Exits non-zero on the first failed check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer } from './codeServer.mjs';
import { launchChromium, log, ROOT, SHOTS, VSIX, workbench } from './workbench.mjs';

const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-restricted-'));
for (const f of ['block_reduce.cu', 'vector_add.cu']) fs.copyFileSync(path.join(ROOT, 'samples', f), path.join(ws, f));
// A compiler named in the workspace's settings must not be run in Restricted Mode (it is a
// restricted setting); if the guard failed, verify would run this script and the file would appear.
const planted = path.join(ws, 'compiler-was-run');
fs.writeFileSync(path.join(ws, 'evil-cc.sh'), `#!/bin/sh\ntouch '${planted}'\nexit 1\n`, { mode: 0o755 });
fs.mkdirSync(path.join(ws, '.vscode'));
fs.writeFileSync(path.join(ws, '.vscode/settings.json'), JSON.stringify({ 'ascendPort.verify.compiler': path.join(ws, 'evil-cc.sh') }, null, 2));

const cs = await startCodeServer({
  vsix: VSIX,
  workspaceTrust: true,
  settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' },
});
log(`code-server at ${cs.url} (workspace trust on)`);
const { page, close: closeBrowser } = await launchChromium();
const { quickInput, failed, check, openWorkspace, openFile, goTo, openLightBulb, pollUntil, chooseAction, runCommand, summary } = workbench(page);
const migrated = `${ws}-ascend`;

try {
  await openWorkspace(cs.url, ws);

  await check('the workspace opens in Restricted Mode', async () => {
    // The banner, or the status bar entry, depending on the version.
    await page.locator('.part.banner, .statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
  });

  await check('diagnostics and hovers work in Restricted Mode', async () => {
    await openFile('block_reduce.cu');
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
    const token = page.locator('.editor-instance .view-lines span', { hasText: /^__shfl_down_sync$/ }).first();
    await token.hover();
    await page.locator('.monaco-hover-content', { hasText: 'Why is this a problem on Ascend' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'r1-restricted-diagnostics.png') });
    await page.keyboard.press('Escape');
  });

  await check('a quick fix works in Restricted Mode', async () => {
    await goTo('35:5');
    await openLightBulb('Replace with aclrtMalloc');
    await chooseAction('Replace with aclrtMalloc');
    await page.locator('.editor-instance .view-lines', { hasText: 'aclrtMalloc((void**)&d_out, sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST)' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Z');
  });

  await check('a port works in Restricted Mode', async () => {
    await openFile('vector_add.cu');
    await page.waitForSelector('.monaco-editor .squiggly-info, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 60_000 });
    await goTo('22:5');
    await openLightBulb('Port `vector_add` to Ascend C (complete)');
    await chooseAction('Port `vector_add` to Ascend C (complete)');
    await page.waitForSelector('.tabs-container .tab[aria-label*="vector_add_ascend.cpp"]', { timeout: 60_000 });
    await page.locator('.editor-instance .view-lines', { hasText: 'Ascend C port of `vector_add`' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+S');
    await pollUntil('vector_add_ascend.cpp is on disk', async () => fs.existsSync(path.join(ws, 'vector_add_ascend.cpp')));
  });

  const refusal = () => page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'off in Restricted Mode' }).first();

  await check('Verify Port from the command palette says why it is off', async () => {
    await runCommand('Ascend Port: Verify Port');
    await refusal().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'r2-restricted-verify.png') });
    await runCommand('Notifications: Clear All Notifications');
  });

  await check('the "Verify port" lens says why it is off, and the workspace compiler is never run', async () => {
    const text = fs.readFileSync(path.join(ws, 'vector_add_ascend.cpp'), 'utf8');
    const entryLine = text.split('\n').findIndex((l) => l.startsWith('extern "C" __global__ __aicore__ void vector_add(')) + 1;
    if (entryLine < 1) throw new Error('the port has no vector_add entry');
    await goTo(`${entryLine}:1`);
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Verify port of vector_add' }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    await refusal().waitFor({ timeout: 30_000 });
    if (fs.existsSync(planted)) throw new Error("the compiler from the workspace's settings was run in Restricted Mode");
  });

  await check('"Migrate Workspace to Ascend C…" writes the new tree, opens MIGRATION.md, leaves the sources alone and runs no compiler', async () => {
    await runCommand('Notifications: Clear All Notifications');
    await runCommand('Ascend Port: Migrate Workspace to Ascend C');
    await quickInput.waitFor({ state: 'visible' });
    const suggested = await quickInput.inputValue();
    if (suggested !== `../${path.basename(ws)}-ascend`) throw new Error(`the suggested output folder is ${suggested}`);
    await quickInput.fill(migrated);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tabs-container .tab[aria-label*="Preview MIGRATION.md"]', { timeout: 60_000 });
    const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await view.locator('h1', { hasText: 'Migration to Ascend C' }).first().waitFor({ timeout: 30_000 });
    await view.locator('td', { hasText: 'vector_add_ascend.cpp' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'not verified: Restricted Mode runs no compiler' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'r3-restricted-migrate.png') });
    const md = fs.readFileSync(path.join(migrated, 'MIGRATION.md'), 'utf8');
    if (!/\| `vector_add` \| vector_add\.cu \| vector_add_ascend\.cpp \| complete, not verified/.test(md)) throw new Error(`MIGRATION.md lacks the vector_add row:\n${md.slice(0, 1500)}`);
    if (!/LaunchVectorAdd\(/.test(fs.readFileSync(path.join(migrated, 'vector_add.cpp'), 'utf8'))) throw new Error('the migrated vector_add.cpp does not call the launch wrapper');
    if (!/## Consistency check\n\nNot run: it runs a C\+\+ compiler, and this editor asked for none \(Restricted Mode\)/.test(md)) throw new Error('the consistency check (it runs a compiler) was not skipped in Restricted Mode');
    for (const f of ['block_reduce.cu', 'vector_add.cu']) {
      if (!fs.readFileSync(path.join(ws, f)).equals(fs.readFileSync(path.join(ROOT, 'samples', f)))) throw new Error(`the source ${f} was changed`);
    }
    if (fs.existsSync(planted)) throw new Error("the compiler from the workspace's settings was run in Restricted Mode");
  });
} catch {
  // Reported by check(); fall through to cleanup.
} finally {
  await closeBrowser();
  if (failed()) console.log(cs.log().slice(-3000));
  await cs.stop();
  fs.rmSync(ws, { recursive: true, force: true });
  fs.rmSync(migrated, { recursive: true, force: true });
}
process.exit(summary());
