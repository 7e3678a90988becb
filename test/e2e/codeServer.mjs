// Starts code-server (VS Code 1.99 + its server, from test/e2e/editor) with fresh
// user-data, extensions and XDG folders on a free loopback port, and stops it by process
// group. Installs a VSIX exactly as a user would (--install-extension).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CODE_SERVER = path.join(HERE, 'editor/node_modules/.bin/code-server');

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.reduceMotion': 'on',
  'files.hotExit': 'off',
  'editor.hover.delay': 100,
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

// `workspaceTrust: true` keeps VS Code's workspace trust on: folders open in Restricted Mode.
export async function startCodeServer({ vsix, settings = {}, workspaceTrust = false } = {}) {
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server is not installed at ${CODE_SERVER}; run test/e2e/install.sh`);
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-cs-'));
  for (const d of ['ud/User', 'ext', 'xdg/config', 'xdg/data', 'xdg/cache']) fs.mkdirSync(path.join(run, d), { recursive: true });
  fs.writeFileSync(path.join(run, 'ud/User/settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(run, 'xdg/config'), XDG_DATA_HOME: path.join(run, 'xdg/data'), XDG_CACHE_HOME: path.join(run, 'xdg/cache') };
  const common = ['--user-data-dir', path.join(run, 'ud'), '--extensions-dir', path.join(run, 'ext')];
  if (vsix) {
    const r = spawnSync(CODE_SERVER, [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
    if (r.status !== 0 || !/successfully installed/.test(r.stdout)) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  }
  const port = await freePort();
  const log = fs.openSync(path.join(run, 'code-server.log'), 'w');
  const child = spawn(
    CODE_SERVER,
    [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', ...(workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override'],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  // Ready when /healthz answers; give up (loudly) after 60 s.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; log: ${fs.readFileSync(path.join(run, 'code-server.log'), 'utf8').slice(-2000)}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error('code-server did not become ready within 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, run, env, stop, log: () => fs.readFileSync(path.join(run, 'code-server.log'), 'utf8') };
}
