// Runs the API-level suite (test/e2e/exthost) inside code-server's real Node extension
// host: the extension is loaded from this repository (extensionDevelopmentPath) and the
// tests module is passed in the `payload` URL parameter, as @vscode/test-electron would.
// Chromium only hosts the workbench. The verdict comes back through a result file.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer } from './codeServer.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const { chromium } = createRequire(path.join(HERE, 'editor/package.json'))('playwright-core');

const result = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-result-')), 'result.json');
process.env.ASCEND_PORT_RESULT = result; // inherited by code-server and its extension host
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-exthost-ws-'));
const cs = await startCodeServer();
const host = new URL(cs.url).host;
const remote = (p) => `vscode-remote://${host}${p}`;
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(ROOT)],
  ['extensionTestsPath', remote(path.join(HERE, 'exthost/index.js'))],
]);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  env: { ...process.env, XDG_CONFIG_HOME: `${profile}/config`, XDG_CACHE_HOME: `${profile}/cache` },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
let verdict;
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on('console', (m) => {
    const t = m.text();
    if (/passed|failed|✔|✓|\d+\)|Error/.test(t)) console.log(t.slice(0, 400));
  });
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`, { waitUntil: 'domcontentloaded' });
  const deadline = Date.now() + 180_000;
  while (!verdict && Date.now() < deadline) {
    if (fs.existsSync(result)) verdict = JSON.parse(fs.readFileSync(result, 'utf8'));
    else await new Promise((r) => setTimeout(r, 100));
  }
} finally {
  await browser.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
  if (!verdict) console.log(cs.log().slice(-3000));
  await cs.stop();
}
if (!verdict) {
  console.log('0 passed, 1 failed');
  console.error('the extension-host suite produced no result within 180 s');
  process.exit(1);
}
for (const f of verdict.failures) console.error(`FAIL ${f.title}: ${f.error}`);
console.log(`${verdict.passed} passed, ${verdict.failed} failed`);
process.exit(verdict.ok ? 0 : 1);
