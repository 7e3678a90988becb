// The UI checks, as a user would do them: install the VSIX into code-server, open a
// workspace of sample .cu files in Chromium, and look at what the editor shows.
// Screenshots go to test/e2e/artifacts/. Exits non-zero on the first failed check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer } from './codeServer.mjs';
import { launchChromium, log, ROOT, SHOTS, VSIX, workbench } from './workbench.mjs';

// A fresh workspace with the samples, so quick fixes never touch the repository.
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-ws-'));
for (const f of fs.readdirSync(path.join(ROOT, 'samples'))) fs.copyFileSync(path.join(ROOT, 'samples', f), path.join(ws, f));
fs.copyFileSync(path.join(ROOT, 'test/grammar/add_kernel.asc'), path.join(ws, 'add_kernel.asc'));
// A host file without cuda_runtime.h (nvcc includes it implicitly): fix-all must add acl/acl.h.
fs.writeFileSync(path.join(ws, 'fixall.cu'), '#include <cstdio>\n\nint main() {\n  float* d = nullptr;\n  cudaMalloc(&d, 1024);\n  cudaFree(d);\n  return 0;\n}\n');
// A project with its own target in .ascend-port.yaml: the status bar must say it comes from there.
fs.mkdirSync(path.join(ws, 'proj'));
fs.writeFileSync(path.join(ws, 'proj/.ascend-port.yaml'), 'target:\n  soc: Ascend950\n  cann: 9.x\n');
fs.writeFileSync(path.join(ws, 'proj/proj_kernel.cu'), '__device__ float f(float v) { return __shfl_xor_sync(0xffffffff, v, 1); }\n');
// Brace globs in the excludes, as real workspaces have them: the report must run and skip excluded/.
fs.mkdirSync(path.join(ws, 'excluded'));
fs.writeFileSync(path.join(ws, 'excluded/gen.cu'), '__global__ void excluded_kernel(float* x) { x[threadIdx.x] = 0.f; }\n');
// A project built with compile_commands.json (found in build/ under the workspace root, as clangd finds it):
// -DENABLE_BF16 makes real_t bfloat16 in the header and compiles the float-only kernel out.
const BF16 = path.join(ROOT, 'test/fixtures/build/bf16-project');
fs.cpSync(path.join(BF16, 'include'), path.join(ws, 'bf16/include'), { recursive: true });
fs.cpSync(path.join(BF16, 'src'), path.join(ws, 'bf16/src'), { recursive: true });
fs.mkdirSync(path.join(ws, 'build'));
const writeDatabase = (defines) =>
  fs.writeFileSync(
    path.join(ws, 'build/compile_commands.json'),
    JSON.stringify([{ directory: path.join(ws, 'build'), arguments: ['nvcc', '-I../bf16/include', ...defines, '-c', '../bf16/src/square.cu'], file: '../bf16/src/square.cu' }], null, 2),
  );
writeDatabase(['-DENABLE_BF16']);
fs.mkdirSync(path.join(ws, '.vscode'));
fs.writeFileSync(path.join(ws, '.vscode/settings.json'), JSON.stringify({ 'files.exclude': { '**/*.{o,obj}': true, '**/{excluded,dist}': true }, 'ascendPort.report.exclude': '**/*.{inl,ii}' }, null, 2));

const cs = await startCodeServer({ vsix: VSIX });
log(`code-server at ${cs.url}`);
const { page, close: closeBrowser } = await launchChromium();
const { quickInput, failed: anyFailed, check, openWorkspace, openFile, goTo, openLightBulb, errorCount, pollUntil, chooseAction, runCommand, summary } = workbench(page);
const targetItem = () => page.locator('[id="ascend-port.ascend-port.ascendPort.target"], #ascend-port\\.ascend-port\\.ascendPort\\.target').first();

try {
  await openWorkspace(cs.url, ws);

  await check('diagnostics: squiggles and Problems panel with our codes', async () => {
    await openFile('block_reduce.cu');
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, '1-diagnostics.png') });
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'ASC251' });
    await row.first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, '2-problems.png') });
    // The list is virtualised (only visible rows exist), so look for each code through
    // the panel's filter box.
    const filter = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
    for (const code of ['ASC201', 'ASC301', 'ASC001']) {
      await filter.fill(code);
      await page.locator('.markers-panel .monaco-list-row', { hasText: code }).first().waitFor({ timeout: 15_000 });
    }
    await filter.fill('');
    await page.keyboard.press('Control+Shift+M');
  });

  await check('status bar shows the target', async () => {
    const item = page.locator('[id="ascend-port.ascend-port.ascendPort.target"], #ascend-port\\.ascend-port\\.ascendPort\\.target').first();
    await item.waitFor({ timeout: 30_000 });
    const label = await item.innerText();
    if (!/Ascend910B3 · CANN 8\.x · default/.test(label)) throw new Error(`status bar reads ${label}`);
  });

  await check('the project file target is shown in the status bar, with its source', async () => {
    await openFile('proj_kernel.cu');
    await pollUntil('status bar reads the project target', async () => /Ascend950 · CANN 9\.x · \.ascend-port\.yaml/.test(await targetItem().innerText()));
    // The severity follows it: a shuffle is information on Ascend950, so no error squiggle.
    await page.waitForSelector('.monaco-editor .squiggly-info', { timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, '11-project-target.png') });
    await page.locator('.tabs-container .tab', { hasText: 'block_reduce.cu' }).first().click();
    await pollUntil('status bar back to the default target', async () => /Ascend910B3 · CANN 8\.x · default/.test(await targetItem().innerText()));
  });

  await check('hover shows the rule docs', async () => {
    // Hover the flagged text itself (squiggles are decorations that take no pointer events).
    const token = page.locator('.editor-instance .view-lines span', { hasText: /^__shfl_down_sync$/ }).first();
    await token.hover();
    const hover = page.locator('.monaco-hover-content', { hasText: 'Why is this a problem on Ascend' });
    await hover.first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, '3-hover.png') });
    await page.keyboard.press('Escape');
  });

  await check('ignore-on-line: the light bulb writes the suppression comment and the finding goes', async () => {
    await goTo('8:10');
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
    const before = await errorCount();
    await openLightBulb('Ignore ASC251 on this line');
    await page.screenshot({ path: path.join(SHOTS, '12-light-bulb.png') });
    await chooseAction('Ignore ASC251 on this line');
    await page.locator('.editor-instance .view-lines', { hasText: '// ascend-port-ignore ASC251' }).first().waitFor({ timeout: 30_000 });
    await pollUntil(`errors drop from ${before} to ${before - 1}`, async () => (await errorCount()) === before - 1);
    await page.screenshot({ path: path.join(SHOTS, '13-ignored-on-line.png') });
    await page.keyboard.press('Control+Z');
    await pollUntil('the finding is back after undo', async () => (await errorCount()) === before);
  });

  await check('show-docs: the light bulb opens the rule page rendered, not as an editable tab', async () => {
    await goTo('8:10');
    await openLightBulb('Show documentation for ASC251');
    await chooseAction('Show documentation for ASC251');
    await page.waitForSelector('.tabs-container .tab[aria-label*="Preview ASC251.md"]', { timeout: 30_000 });
    const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await view.locator('h2', { hasText: 'Why is this a problem on Ascend' }).first().waitFor({ timeout: 30_000 });
    const raw = await page.locator('.tabs-container .tab[aria-label^="ASC251.md"]').count();
    if (raw !== 0) throw new Error('the raw ASC251.md is open in an editor tab');
    await page.screenshot({ path: path.join(SHOTS, '14-rule-docs.png') });
    await page.keyboard.press('Control+W');
    // The code in the Problems panel opens the same rendered page.
    await page.locator('.tabs-container .tab', { hasText: 'block_reduce.cu' }).first().click();
    if (!(await page.locator('.markers-panel').first().isVisible())) await page.keyboard.press('Control+Shift+M');
    // The Problems list re-renders when the undo above is re-analysed: a click can land on the
    // row that moved under the pointer. Click the code link again until the preview opens.
    for (let attempt = 1; ; attempt++) {
      await page.locator('.markers-panel .monaco-list-row .monaco-link', { hasText: 'ASC251' }).first().click();
      const opened = await page.waitForSelector('.tabs-container .tab[aria-label*="Preview ASC251.md"]', { timeout: 10_000 }).then(() => true, () => false);
      if (opened) break;
      if (attempt === 3) throw new Error('the ASC251 code link in the Problems panel did not open the rendered page');
    }
    if ((await page.locator('.tabs-container .tab[aria-label^="ASC251.md"]').count()) !== 0) throw new Error('the code link opened the raw ASC251.md');
    await page.keyboard.press('Control+W');
    await page.locator('.tabs-container .tab', { hasText: 'block_reduce.cu' }).first().click();
  });

  await check('a quick fix from the light bulb rewrites the call', async () => {
    // Go to line 35, column 5 (inside `cudaMalloc`) through Quick Open's `:` mode.
    await goTo('35:5');
    await openLightBulb('Replace with aclrtMalloc');
    await page.screenshot({ path: path.join(SHOTS, '4-quick-fix.png') });
    await page.keyboard.press('Enter'); // the preferred (safe) fix is selected first
    await page.locator('.editor-instance .view-lines', { hasText: 'aclrtMalloc((void**)&d_out, sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST)' }).waitFor({ timeout: 30_000 });
  });

  await check('fix-all from the light bulb rewrites every safe finding and adds acl/acl.h', async () => {
    await openFile('fixall.cu');
    await page.waitForSelector('.monaco-editor .squiggly-info, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 60_000 });
    await goTo('5:5');
    await openLightBulb('Fix all safe Ascend Port problems');
    await page.screenshot({ path: path.join(SHOTS, '15-fix-all-light-bulb.png') });
    await chooseAction('Fix all safe Ascend Port problems');
    const lines = page.locator('.editor-instance .view-lines');
    await lines.filter({ hasText: 'aclrtFree(d)' }).first().waitFor({ timeout: 30_000 });
    await lines.filter({ hasText: '#include "acl/acl.h"' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, '16-fix-all-applied.png') });
  });

  await check('code lenses and inlay hints show the estimates', async () => {
    await openFile('vector_add.cu');
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'Cube 0%' }).first();
    await lens.waitFor({ timeout: 60_000 });
    const title = await lens.innerText();
    if (!/Ascend910B3 · Cube 0% · HBM-bound · ≈ [\d.]+ µs @ n=2\^20/.test(title)) throw new Error(`lens reads ${title}`);
    // Inlay hints are injected text: rendered as text or as CSS content, depending on the version.
    await goTo('45:1');
    await page.waitForFunction(() => {
      const inText = [...document.querySelectorAll('.monaco-editor .view-lines span')].some((e) => e.textContent.includes('numBlocks=40'));
      const inCss = [...document.styleSheets].some((sheet) => {
        try {
          return [...sheet.cssRules].some((r) => r.cssText.includes('numBlocks=40'));
        } catch {
          return false;
        }
      });
      return inText || inCss;
    }, null, { timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, '5-estimates.png') });
    // Clicking the lens asks for the shapes and writes them as an annotation; the lens follows.
    await goTo('19:1');
    await lens.locator('a').first().click();
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill('n=4096 dtype=float');
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .view-lines', { hasText: 'ascend-port: assume n=4096 dtype=float' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .codelens-decoration', { hasText: '@ n=4096 (annotated)' }).first().waitFor({ timeout: 60_000 });
    // Put the file back as it was for the next checks.
    await page.keyboard.press('Control+Z');
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'n=2^20' }).first().waitFor({ timeout: 60_000 });
  });

  // Runs on the default target (Ascend910B3): ASC406 is a warning and ASC251 an error there.
  await check('compile_commands.json with -DENABLE_BF16: the findings follow the bf16 branch, the inactive branch is greyed; editing the database switches back', async () => {
    await openFile('square.cu');
    // The float-only kernel under #ifndef ENABLE_BF16 is faded (a hint tagged Unnecessary), not flagged.
    await page.locator('.editor-instance .view-lines .squiggly-inline-unnecessary', { hasText: 'warp_sum' }).first().waitFor({ timeout: 60_000 });
    // bf16 arithmetic through the header's typedef is flagged (ASC406, a warning); the shuffle (ASC251, an error) is not.
    await page.waitForSelector('.editor-instance .monaco-editor .squiggly-warning', { timeout: 30_000 });
    if (await page.locator('.editor-instance .monaco-editor .squiggly-error').count()) throw new Error('an error squiggle in the inactive branch');
    await page.screenshot({ path: path.join(SHOTS, '20-build-config-bf16.png') });
    if (!(await page.locator('.markers-panel').first().isVisible())) await page.keyboard.press('Control+Shift+M');
    const filter = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
    await filter.fill('is `__nv_bfloat16`');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'ASC406' }).first().waitFor({ timeout: 30_000 });
    await filter.fill('');
    await page.keyboard.press('Control+Shift+M');
    // The client watches compile_commands.json: without the define, the float branch is active.
    writeDatabase([]);
    await page.waitForSelector('.editor-instance .monaco-editor .squiggly-error', { timeout: 60_000 });
    await pollUntil('no faded code and no bf16 warning', async () => (await page.locator('.editor-instance .squiggly-inline-unnecessary').count()) === 0 && (await page.locator('.editor-instance .monaco-editor .squiggly-warning').count()) === 0);
    await page.screenshot({ path: path.join(SHOTS, '21-build-config-float.png') });
  });

  await check('"Port kernel to Ascend C" writes the Ascend C file and opens it', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'vector_add.cu' }).first().click();
    await page.waitForSelector('.monaco-editor .squiggly-info, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 60_000 });
    await goTo('22:5');
    await openLightBulb('Port `vector_add` to Ascend C (complete)');
    await page.screenshot({ path: path.join(SHOTS, '6-port-kernel-action.png') });
    await page.keyboard.press('Enter'); // the first action here (before "Replace launches"), selected
    // The resolved edit creates vector_add_ascend.cpp; the server then asks the editor to show it.
    await page.waitForSelector('.tabs-container .tab[aria-label*="vector_add_ascend.cpp"]', { timeout: 60_000 });
    await page.locator('.editor-instance .view-lines', { hasText: 'Ascend C port of `vector_add`' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, '7-ported-kernel.png') });
    // Saved by the user, the file holds the complete port.
    await page.keyboard.press('Control+S');
    const file = path.join(ws, 'vector_add_ascend.cpp');
    const deadline = Date.now() + 30_000;
    while (!(fs.existsSync(file) && /extern "C" __global__ __aicore__ void vector_add\(/.test(fs.readFileSync(file, 'utf8')))) {
      if (Date.now() > deadline) throw new Error('vector_add_ascend.cpp was not written');
      await page.waitForTimeout(200);
    }
  });

  await check('"Verify port" on the generated kernel passes; a hand-broken port fails with the index and both values', async () => {
    // The port written by the previous check is open; its lens runs the kernel and the CUDA original on the CPU.
    await page.locator('.tabs-container .tab[aria-label*="vector_add_ascend.cpp"]').first().click();
    // Lenses render only in view: go to the kernel entry's line.
    // The editor writes the created file to disk on its own schedule: wait for it there.
    const entryLineOnDisk = () => {
      const text = fs.existsSync(path.join(ws, 'vector_add_ascend.cpp')) ? fs.readFileSync(path.join(ws, 'vector_add_ascend.cpp'), 'utf8') : '';
      return text.split('\n').findIndex((l) => l.startsWith('extern "C" __global__ __aicore__ void vector_add(')) + 1;
    };
    await pollUntil('the kernel entry of vector_add_ascend.cpp is on disk', async () => entryLineOnDisk() > 0);
    const entryLine = entryLineOnDisk();
    await goTo(`${entryLine}:1`);
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Verify port of vector_add' }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    const passed = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'verify passed: vector_add' });
    await passed.first().waitFor({ timeout: 180_000 });
    await page.screenshot({ path: path.join(SHOTS, '7b-verify-pass.png') });
    await page.keyboard.press('Escape');
    // Break it as a user might: in the editor, the Add becomes a Sub (unsaved; Verify port saves it first).
    const file = path.join(ws, 'vector_add_ascend.cpp');
    const good = fs.readFileSync(file, 'utf8');
    const lines = good.split('\n');
    const addLine = lines.findIndex((l) => l.includes('AscendC::Add(cOut, aIn, bIn, cnt);'));
    if (addLine < 0) throw new Error('the port does not hold the expected Add');
    await goTo(`${addLine + 1}:${lines[addLine].indexOf('Add(') + 1}`);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Delete');
    await page.keyboard.type('Sub');
    await page.locator('.editor-instance .view-lines', { hasText: 'AscendC::Sub(cOut, aIn, bIn, cnt);' }).first().waitFor({ timeout: 30_000 });
    await goTo(`${entryLine}:1`);
    await lens.click();
    const failed = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /verify failed: vector_add, n=\d+: c\[\d+\] is \S+ on Ascend, \S+ in CUDA/ });
    await failed.first().waitFor({ timeout: 180_000 });
    await page.screenshot({ path: path.join(SHOTS, '7c-verify-fail.png') });
    await page.keyboard.press('Escape');
    // Verify port saved the broken text; put the generated port back for the checks that follow.
    await pollUntil('the broken port was saved', async () => fs.readFileSync(file, 'utf8').includes('AscendC::Sub(cOut, aIn, bIn, cnt);'));
    fs.writeFileSync(file, good);
  });

  // Issue 16's editor check: a shared-memory tiled SGEMM is Cube work by its lens, ports to the Matmul API, and verifies.
  await check('a tiled SGEMM: the lens says Cube, "Port kernel" writes a Matmul kernel, and "Verify port" passes', async () => {
    await openFile('matmul_tiled.cu');
    const cube = page.locator('.monaco-editor .codelens-decoration', { hasText: /Ascend910B3 · Cube [1-9]\d*%/ }).first();
    await cube.waitFor({ timeout: 60_000 });
    const title = await cube.innerText();
    if (!/Ascend910B3 · Cube [1-9]\d*% · /.test(title)) throw new Error(`lens reads ${title}`);
    await page.screenshot({ path: path.join(SHOTS, '7d-gemm-lens.png') });
    await goTo('8:17');
    await openLightBulb('Port `sgemm_tiled` to Ascend C (complete)');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tabs-container .tab[aria-label*="matmul_tiled_ascend.cpp"]', { timeout: 60_000 });
    await page.locator('.editor-instance .view-lines', { hasText: 'Ascend C port of `sgemm_tiled`' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+S');
    const file = path.join(ws, 'matmul_tiled_ascend.cpp');
    const entryLine = () => {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      return text.split('\n').findIndex((l) => l.startsWith('extern "C" __global__ __aicore__ void sgemm_tiled(')) + 1;
    };
    await pollUntil('the Matmul port of sgemm_tiled is on disk', async () => entryLine() > 0);
    const text = fs.readFileSync(file, 'utf8');
    for (const api of ['AscendC::Matmul<', 'REGIST_MATMUL_OBJ(', '.IterateAll(', '.End();', 'MultiCoreMatmulTiling']) if (!text.includes(api)) throw new Error(`the port has no ${api}`);
    await goTo(`${entryLine()}:1`);
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Verify port of sgemm_tiled' }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'verify passed: sgemm_tiled' }).first().waitFor({ timeout: 240_000 });
    await page.screenshot({ path: path.join(SHOTS, '7e-gemm-verify-pass.png') });
    await page.keyboard.press('Escape');
  });

  await check('the command palette opens the porting cost report and it renders', async () => {
    await runCommand('Ascend Port: Show Porting Cost Report');
    // The webview is an iframe inside an iframe; its content comes from media/report.js.
    const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await view.locator('h1', { hasText: 'Porting cost report' }).waitFor({ timeout: 60_000 });
    const cards = await view.locator('.card').count();
    if (cards !== 5) throw new Error(`${cards} summary cards`);
    if ((await view.locator('svg.chart').count()) !== 3) throw new Error('the three charts are missing');
    await view.locator('tbody tr', { hasText: 'vector_add' }).first().waitFor({ timeout: 30_000 });
    // files.exclude holds brace globs ("**/*.{o,obj}", "**/{excluded,dist}"): the report ran, and excluded/ is not in it.
    if ((await view.locator('tbody tr', { hasText: 'excluded_kernel' }).count()) !== 0) throw new Error('excluded/gen.cu is in the report');
    await page.screenshot({ path: path.join(SHOTS, '8-cost-report.png') });
    // Sorting by keyboard: the header buttons are focusable and reorder rows.
    await view.locator('th[data-key="name"] button').focus();
    await page.keyboard.press('Enter');
    const first = await view.locator('tbody tr').first().innerText();
    if (!/^block_sum/.test(first)) throw new Error(`sorted by name, the first row is ${first}`);
    // A row opens its source location.
    await view.locator('tbody tr', { hasText: 'histogram' }).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tabs-container .tab[aria-label*="histogram.cu"]', { timeout: 30_000 });
  });

  await check('changing the target changes a severity', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'block_reduce.cu' }).first().click();
    // Bring the shuffle (line 8) into view: squiggles exist in the DOM only for visible lines.
    await goTo('8:10');
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
    await runCommand('Ascend Port: Select Target SoC and CANN Version');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Ascend950' }).first().waitFor();
    await quickInput.fill('Ascend950');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '9.x' }).first().waitFor();
    await quickInput.fill('9.x');
    await page.keyboard.press('Enter');
    // On Ascend 950 the shuffle is information: no error squiggles remain in this file.
    await page.waitForFunction(() => document.querySelectorAll('.monaco-editor .squiggly-error').length === 0, null, { timeout: 30_000 });
    await page.waitForSelector('.monaco-editor .squiggly-info', { timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, '9-target-950.png') });
  });

  await check('the target picker opens on the current target and says where it is stored', async () => {
    await runCommand('Ascend Port: Select Target SoC and CANN Version');
    const focused = page.locator('.quick-input-list .monaco-list-row.focused');
    await focused.first().waitFor({ timeout: 30_000 });
    await pollUntil('Ascend950 is pre-selected', async () => /Ascend950/.test(await focused.first().innerText()));
    const placeholder = (await quickInput.getAttribute('placeholder')) ?? '';
    if (!/Saved in this workspace's settings \(\.vscode\/settings\.json\)/.test(placeholder)) throw new Error(`placeholder reads ${placeholder}`);
    await page.screenshot({ path: path.join(SHOTS, '17-target-picker.png') });
    await page.keyboard.press('Escape');
  });

  await check('"Port All Kernels in File" from the palette ports every kernel of the file', async () => {
    await openFile('templates_and_macros.cu');
    await page.waitForSelector('.monaco-editor .squiggly-info, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 60_000 });
    await runCommand('Ascend Port: Port All Kernels in File');
    const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'Ascend Port: ported 2 of 2 kernels (scale, clamp01)' });
    await toast.first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+S');
    const file = path.join(ws, 'templates_and_macros_ascend.asc');
    await pollUntil('both ports are in the generated file', async () => fs.existsSync(file) && /Ascend C (port of|skeleton for) `scale`/.test(fs.readFileSync(file, 'utf8')) && /Ascend C (port of|skeleton for) `clamp01`/.test(fs.readFileSync(file, 'utf8')));
  });

  await check('an .asc file opens in the Ascend C language mode, highlighted', async () => {
    await openFile('add_kernel.asc');
    const mode = page.locator('[id="status.editor.mode"]');
    await mode.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => /Ascend C/.test(document.getElementById('status.editor.mode')?.textContent ?? ''), null, { timeout: 30_000 });
    // The qualifier is coloured differently from a plain identifier on the same line.
    const color = (t) => page.locator('.editor-instance .view-lines span', { hasText: new RegExp(`^${t}$`) }).first().evaluate((e) => getComputedStyle(e).color);
    const qualifier = await color('__aicore__');
    const plain = await color('Init');
    if (qualifier === plain) throw new Error(`__aicore__ is not highlighted (${qualifier})`);
    await page.screenshot({ path: path.join(SHOTS, '10-ascendc.png') });
  });

  await check('restarting the server logs the start in the output channel, and no error', async () => {
    await runCommand('Ascend Port: Restart Language Server');
    await runCommand('Ascend Port: Show Output');
    const output = page.locator('.part.panel .monaco-editor .view-lines').first();
    await pollUntil('the restart and the server start are logged', async () => {
      // The editor renders spaces as no-break spaces.
      const text = ((await output.innerText().catch(() => '')) ?? '').replace(/\u00a0/g, ' ');
      return /restarting the language server[^]*language server ready/.test(text) && /target Ascend\S+ · CANN \S+ \(\w+\); project file:/.test(text);
    });
    const text = (await output.innerText()).replace(/\u00a0/g, ' ');
    if (/\[error/i.test(text)) throw new Error(`the output channel logged an error: ${text.split('\n').filter((l) => /\[error/i.test(l)).join(' | ')}`);
    await page.screenshot({ path: path.join(SHOTS, '20-output.png') });
  });

  await check('the walkthrough opens with its steps', async () => {
    // One editor and no panel, so the screenshots below read well in the README.
    await runCommand('View: Close All Editor Groups');
    if (await page.locator('.part.panel').first().isVisible()) await runCommand('View: Toggle Panel Visibility');
    await runCommand('Welcome: Open Walkthrough...');
    await quickInput.fill('Port CUDA to Ascend C');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Port CUDA to Ascend C' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    const container = page.locator('.gettingStartedContainer');
    for (const step of ['Pick the target', 'Read a diagnostic', 'Apply fixes', 'Port a kernel', 'Open the porting cost report', 'Configure .ascend-port.yaml']) {
      await container.getByText(step, { exact: true }).first().waitFor({ timeout: 30_000 });
    }
    // The selected step's page (media/walkthrough/target.md) renders beside the steps.
    const media = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await media.getByText('Ascend chips differ').first().waitFor({ timeout: 30_000 });
    await runCommand('Notifications: Clear All Notifications');
    await page.screenshot({ path: path.join(SHOTS, '18-walkthrough.png') });
  });

  await check('the settings UI shows the target first, in grouped sections', async () => {
    await runCommand('Preferences: Open Settings (UI)');
    await page.waitForSelector('.settings-editor', { timeout: 30_000 });
    await page.keyboard.type('@ext:ascend-port.ascend-port');
    const first = page.locator('.settings-editor .settings-body .setting-item-contents').first();
    await pollUntil('the first setting is the target SoC', async () => /Soc/.test((await first.innerText().catch(() => '')) ?? ''));
    const toc = await page.locator('.settings-toc-container .monaco-list-row').allInnerTexts();
    for (const group of ['Target', 'Analysis', 'Build configuration', 'Port', 'Estimates', 'Report', 'Logging']) {
      if (!toc.some((t) => t.includes(group))) throw new Error(`no ${group} section in ${JSON.stringify(toc)}`);
    }
    await page.screenshot({ path: path.join(SHOTS, '19-settings.png') });
  });
} catch {
  // Reported by check(); fall through to cleanup.
} finally {
  await closeBrowser();
  if (anyFailed()) console.log(cs.log().slice(-3000));
  await cs.stop();
  fs.rmSync(ws, { recursive: true, force: true });
}
// The README's screenshots come from this run (only when every check passed).
if (!anyFailed()) {
  const README_SHOTS = ['1-diagnostics.png', '5-estimates.png', '6-port-kernel-action.png', '7-ported-kernel.png', '12-light-bulb.png', '14-rule-docs.png', '18-walkthrough.png', '19-settings.png', '20-build-config-bf16.png', '21-build-config-float.png'];
  for (const f of README_SHOTS) if (fs.existsSync(path.join(SHOTS, f))) fs.copyFileSync(path.join(SHOTS, f), path.join(ROOT, 'docs/screenshots', f));
}
process.exit(summary());
