// Renders the HTML export of the porting cost report in headless Chromium (Debian's
// chromium, driven by playwright-core from test/e2e/editor) and checks that its content
// is there: the summary cards, the three SVG charts and the kernel table. The page runs
// under its own CSP (no script, no remote content). Screenshot: test/e2e/artifacts/report-html.png.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const { chromium } = createRequire(path.join(HERE, 'editor/package.json'))('playwright-core');
const SHOTS = path.join(HERE, 'artifacts');
fs.mkdirSync(SHOTS, { recursive: true });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-report-html-'));
const out = path.join(dir, 'report.html');
const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'report', 'samples', '--format', 'html', '--out', out], { cwd: ROOT, encoding: 'utf8' });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
  const blocked = [];
  page.on('request', (req) => {
    if (!req.url().startsWith('file:') && !req.url().startsWith('data:')) blocked.push(req.url());
  });
  await page.goto(pathToFileURL(out).toString());
  const check = async (what, fn) => {
    if (!(await fn())) {
      failed = true;
      console.error(`FAIL ${what}`);
    } else console.log(`ok   ${what}`);
  };
  await check('the title names the target', async () => /Porting cost report: CUDA → Ascend C/.test(await page.locator('h1').innerText()));
  await check('five summary cards', async () => (await page.locator('.card').count()) === 5);
  await check('person-days card has a range', async () => /\d+(\.\d+)?–\d+(\.\d+)?/.test(await page.locator('.card').first().innerText()));
  await check('three SVG charts with bars', async () => (await page.locator('svg.chart').count()) === 3 && (await page.locator('svg.chart rect').count()) > 10);
  await check('the kernel table lists vector_add as a complete port', async () => /vector_add[\s\S]*complete/.test(await page.locator('table').nth(1).innerText()));
  await check('the charts are laid out (non-zero size)', async () => (await page.locator('#chart-family').boundingBox()).width > 100);
  await check('no request left the file', async () => blocked.length === 0);
  await page.screenshot({ path: path.join(SHOTS, 'report-html.png'), fullPage: true });
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exit(1);
console.log('report HTML renders in Chromium');
