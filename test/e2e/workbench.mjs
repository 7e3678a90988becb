// Shared by the real-editor checks (ui.mjs, restricted.mjs): Chromium with a throw-away
// profile, and the workbench actions a user performs (Quick Open, Go to Line, the light
// bulb, the command palette), each waiting on what the editor shows, never on time alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const VSIX = path.join(ROOT, 'ascend-port.vsix');
/** Screenshots, of checks and of failures. */
export const SHOTS = path.join(HERE, 'artifacts');
fs.mkdirSync(SHOTS, { recursive: true });

const t0 = Date.now();
export const log = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

// playwright-core lives with the editor in test/e2e/editor, outside the main package.
const { chromium } = createRequire(path.join(HERE, 'editor/package.json'))('playwright-core');

export async function launchChromium() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, XDG_CONFIG_HOME: `${profile}/config`, XDG_CACHE_HOME: `${profile}/cache` },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const close = async () => {
    await browser.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { browser, page, close };
}

/** The workbench actions over one page. */
export function workbench(page) {
  const shots = SHOTS;
  const quickInput = page.locator('.quick-input-widget .quick-input-box input');
  const results = [];
  let failed = false;

  async function check(name, fn) {
    const start = Date.now();
    try {
      await fn();
      results.push([name, 'ok', Date.now() - start]);
      log(`ok   ${name}`);
    } catch (e) {
      failed = true;
      results.push([name, 'FAILED', Date.now() - start]);
      log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
      // What the editor told the user (errors from applying edits, from the server, …).
      await page.keyboard.press('Escape').catch(() => {});
      await page.keyboard.press('Control+Shift+P').catch(() => {});
      await quickInput.fill('>Notifications: Show Notifications').catch(() => {});
      await page.keyboard.press('Enter').catch(() => {});
      const notes = await page.locator('.notifications-center .notification-list-item-message').allInnerTexts().catch(() => []);
      log(`notifications: ${JSON.stringify(notes)}`);
      await page.screenshot({ path: path.join(shots, `failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
      throw e;
    }
  }

  /** Opens `folder` in the workbench at `url` and waits for the explorer to list it. */
  async function openWorkspace(url, folder) {
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    log('workbench ready');
  }

  async function openFile(name) {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
    await page.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tabs-container .tab[aria-label*="${name}"]`, { timeout: 30_000 });
    await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout: 30_000 });
  }

  /**
   * Moves the cursor to `line:col` through Quick Open's `:` mode. Quick Open is opened again (up
   * to 3 times) when its input does not take the text: Control+P can reach the workbench while
   * the focus is still moving back from a closed preview, and the input is then re-rendered
   * under the pointer.
   */
  async function goTo(lineCol) {
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+P');
      const typed = await quickInput
        .waitFor({ state: 'visible', timeout: 10_000 })
        .then(() => quickInput.fill(`:${lineCol}`, { timeout: 10_000 }))
        .then(() => true, () => false);
      if (typed) break;
      if (attempt === 3) throw new Error(`Quick Open did not take ":${lineCol}" after ${attempt} tries`);
      log(`     Quick Open did not take ":${lineCol}" within 10 s; opening it again`);
      await page.keyboard.press('Escape');
    }
    await page.keyboard.press('Enter');
    // Keys pressed before Quick Open has closed and given the focus back to the editor go nowhere.
    await quickInput.waitFor({ state: 'hidden' });
  }

  /**
   * Open the light-bulb menu at the cursor and wait until it lists `text`. The menu is
   * opened again (up to 3 times) when it does not show it: Control+. can reach the editor
   * before the focus does, or the code actions can be asked for against the document version
   * just before an undo was re-analysed.
   */
  async function openLightBulb(text) {
    const item = page.locator('.action-widget .monaco-list-row', { hasText: text }).first();
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      const shown = await item.waitFor({ timeout: 10_000 }).then(() => true, () => false);
      if (shown) return item;
      if (attempt === 3) throw new Error(`the light-bulb menu did not list "${text}" after ${attempt} tries`);
      log(`     the light-bulb menu did not list "${text}" within 10 s; opening it again`);
      await page.keyboard.press('Escape');
    }
  }

  /** The number of errors in the status bar's problems item. */
  async function errorCount() {
    const label = (await page.locator('[id="status.problems"]').first().getAttribute('aria-label')) ?? '';
    const m = /Errors?: (\d+)/.exec(label);
    return m ? Number(m[1]) : 0;
  }

  async function pollUntil(what, fn, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      if (await fn()) return;
      if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
      await page.waitForTimeout(200);
    }
  }

  /** Picks an entry of the open light-bulb menu with the keyboard (as a user does; clicks race its layout). */
  async function chooseAction(text) {
    await page.locator('.action-widget .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 30_000 });
    for (let i = 0; i < 20; i++) {
      const focused = await page.locator('.action-widget .monaco-list-row.focused').first().innerText().catch(() => '');
      if (focused.includes(text)) {
        await page.keyboard.press('Enter');
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`could not focus "${text}" in the light-bulb menu`);
  }

  async function runCommand(title) {
    await page.keyboard.press('F1');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  /** Prints the results and gives the process's exit code. */
  function summary() {
    console.log(JSON.stringify(results));
    console.log(`${results.filter((r) => r[1] === 'ok').length} passed, ${results.filter((r) => r[1] !== 'ok').length} failed`);
    return failed ? 1 : 0;
  }

  return { quickInput, results, failed: () => failed, check, openWorkspace, openFile, goTo, openLightBulb, errorCount, pollUntil, chooseAction, runCommand, summary };
}
