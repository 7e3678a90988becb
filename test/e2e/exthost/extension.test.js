// API-level tests inside the real extension host: diagnostics, hover, code actions,
// the target command, and the Ascend C language. No sleeps: poll state with a deadline.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');

const ROOT = path.resolve(__dirname, '../../..');

async function until(what, probe, ms = 30000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function copySample(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-exthost-'));
  const file = path.join(dir, name);
  fs.copyFileSync(path.join(ROOT, 'samples', name), file);
  return vscode.Uri.file(file);
}

suite('Ascend Port in the extension host', () => {
  let uri;

  suiteSetup(async () => {
    uri = copySample('block_reduce.cu');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'cuda-cpp');
  });

  test('diagnostics carry our codes, source and severities', async () => {
    const diags = await until('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'ascend-port');
      return d.length ? d : undefined;
    });
    const codes = diags.map((d) => (typeof d.code === 'object' ? d.code.value : d.code));
    for (const c of ['ASC251', 'ASC201', 'ASC301', 'ASC001']) assert.ok(codes.includes(c), `${c} in ${codes}`);
    const shfl = diags.find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'ASC251');
    assert.equal(shfl.severity, vscode.DiagnosticSeverity.Error);
  });

  test('hover shows the rule docs', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('__shfl_down_sync'));
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('__shfl_down_sync') + 3);
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, pos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /ASC251 warp-shuffle/);
  });

  test('a quick fix is offered for cudaMalloc', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('cudaMalloc('));
    const range = new vscode.Range(line, 3, line, 8);
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range);
    const fix = actions.find((a) => a.title.startsWith('Replace with aclrtMalloc'));
    assert.ok(fix, `actions: ${actions.map((a) => a.title)}`);
    assert.equal(fix.isPreferred, true);
  });

  test('"Port kernel to Ascend C" (complete) resolves to an edit that creates the kernel file and its header and leaves the .cu alone; "Replace launches" switches the launch to the wrapper', async () => {
    const vec = copySample('vector_add.cu');
    const doc = await vscode.workspace.openTextDocument(vec);
    await vscode.window.showTextDocument(doc);
    const before = doc.getText();
    const line = before.split('\n').findIndex((l) => l.includes('c[i] = a[i] + b[i]'));
    const title = 'Port `vector_add` to Ascend C (complete)';
    // The 4th argument asks VS Code to resolve up to that many actions (codeAction/resolve).
    const actions = await until('the port action', async () => {
      const a = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', vec, new vscode.Range(line, 4, line, 4), vscode.CodeActionKind.RefactorRewrite.value, 10);
      return a && a.find((x) => x.title === title) ? a : undefined;
    });
    const portAction = actions.find((x) => x.title === title);
    assert.ok(portAction.edit, 'the action was resolved');
    assert.ok(await vscode.workspace.applyEdit(portAction.edit));
    const ported = await vscode.workspace.openTextDocument(vscode.Uri.file(vec.fsPath.replace(/\.cu$/, '_ascend.cpp')));
    assert.match(ported.getText(), /extern "C" __global__ __aicore__ void vector_add\(GM_ADDR a, GM_ADDR b, GM_ADDR c, VectorAddTiling tiling\)/);
    const header = await vscode.workspace.openTextDocument(vscode.Uri.file(vec.fsPath.replace(/\.cu$/, '_ascend.h')));
    assert.match(header.getText(), /aclError LaunchVectorAdd\(const void\* a, const void\* b, void\* c, int n, aclrtStream stream\);/);
    assert.equal(doc.getText(), before, 'porting leaves the CUDA source as it was (it still builds with nvcc)');
    const replace = actions.find((x) => x.title.startsWith('Replace launches of `vector_add`'));
    assert.ok(replace && replace.edit, `actions: ${actions.map((a) => a.title)}`);
    assert.ok(await vscode.workspace.applyEdit(replace.edit));
    assert.match(doc.getText(), /LaunchVectorAdd\(d_a, d_b, d_c, n, /);
    assert.match(doc.getText(), /#include "vector_add_ascend\.h"/);
  });

  test('source.fixAll.ascendPort rewrites every safe fix of the file', async () => {
    const file = copySample('vector_add.cu');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    await until('diagnostics', () => vscode.languages.getDiagnostics(file).some((x) => x.source === 'ascend-port'));
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', file, new vscode.Range(0, 0, 0, 0), 'source.fixAll.ascendPort');
    const fixAll = actions.find((a) => a.kind && a.kind.value === 'source.fixAll.ascendPort');
    assert.ok(fixAll, `actions: ${actions.map((a) => a.title)}`);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    const text = doc.getText();
    assert.doesNotMatch(text, /\bcudaMalloc\(|\bcudaMemcpy\(|\bcudaFree\(/);
    assert.match(text, /aclInit\(nullptr\);/);
  });

  test('code lenses and inlay hints carry the estimates', async () => {
    const file = copySample('vector_add.cu');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const lenses = await until('an estimate lens', async () => {
      const l = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', file);
      return l && l.some((x) => x.command && /Cube 0%/.test(x.command.title)) ? l : undefined;
    });
    assert.match(lenses.find((x) => x.command).command.title, /^Ascend910B3 · Cube 0% · HBM-bound · ≈ [\d.]+ µs @ n=2\^20$/);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const hints = await vscode.commands.executeCommand('vscode.executeInlayHintProvider', file, new vscode.Range(0, 0, end.line, end.character));
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(labels.some((l) => /numBlocks=40, 26216 per core, tile 7808/.test(l)), labels.join(' | '));
  });

  test('selecting Ascend950 turns the shuffle error into information', async () => {
    await vscode.commands.executeCommand('ascendPort.selectTarget', 'Ascend950', '9.x');
    await until('information severity on 950', () => {
      const d = vscode.languages.getDiagnostics(uri).find((x) => (typeof x.code === 'object' ? x.code.value : x.code) === 'ASC251');
      return d && d.severity === vscode.DiagnosticSeverity.Information;
    });
    await vscode.commands.executeCommand('ascendPort.selectTarget', 'Ascend910B3', '8.x');
    await until('error severity back on 910B3', () => {
      const d = vscode.languages.getDiagnostics(uri).find((x) => (typeof x.code === 'object' ? x.code.value : x.code) === 'ASC251');
      return d && d.severity === vscode.DiagnosticSeverity.Error;
    });
  });

  test('.asc files open as Ascend C and hover on an API shows its declaration', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-asc-'));
    const file = path.join(dir, 'k.asc');
    fs.writeFileSync(file, 'void f() {\n  AscendC::DataCopy(x, y, 256);\n}\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.equal(doc.languageId, 'ascendc');
    await vscode.window.showTextDocument(doc);
    const hovers = await until('an API hover', async () => {
      const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 14));
      return h && h.length ? h : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /AscendC::DataCopy/);
  });
  test('the palette commands port the kernel at the cursor and apply all safe fixes', async () => {
    const file = copySample('vector_add.cu');
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    await until('diagnostics', () => vscode.languages.getDiagnostics(file).some((x) => x.source === 'ascend-port'));
    const line = doc.getText().split('\n').findIndex((l) => l.includes('c[i] = a[i] + b[i]'));
    editor.selection = new vscode.Selection(line, 4, line, 4);
    await vscode.commands.executeCommand('ascendPort.portKernelAtCursor');
    const target = vscode.Uri.file(file.fsPath.replace(/\.cu$/, '_ascend.cpp'));
    const ported = await until('the port', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString() && /Ascend C port of `vector_add`/.test(d.getText())));
    assert.match(ported.getText(), /extern "C" __global__ __aicore__ void vector_add\(/);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('ascendPort.applyAllSafeFixes');
    await until('the safe fixes', () => /aclrtMalloc\(/.test(doc.getText()) && !/\bcudaMalloc\(/.test(doc.getText()));
  });

  test('ascendPort.run onSave holds the Problems of an edited file until it is saved', async () => {
    const file = copySample('saxpy_grid_stride.cu');
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    const code = (d) => (typeof d.code === 'object' ? d.code.value : d.code);
    const barriers = () => vscode.languages.getDiagnostics(file).filter((d) => d.source === 'ascend-port' && code(d) === 'ASC201').length;
    await until('diagnostics', () => vscode.languages.getDiagnostics(file).some((x) => x.source === 'ascend-port'));
    const before = barriers();
    const config = vscode.workspace.getConfiguration('ascendPort');
    await config.update('run', 'onSave', vscode.ConfigurationTarget.Global);
    try {
      const at = doc.lineCount;
      await editor.edit((e) => e.insert(doc.lineAt(at - 1).range.end, '\n__global__ void extra() { __syncthreads(); }'));
      // The server has analysed the edit once its hover knows the new barrier (publications come before that answer).
      await until('the server analysed the edit', async () => {
        const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', file, new vscode.Position(at, 28));
        return h && h.some((x) => x.contents.some((c) => /ASC201/.test(typeof c === 'string' ? c : c.value)));
      });
      assert.equal(barriers(), before, 'the Problems wait for the save');
      await doc.save();
      await until('the Problems after the save', () => barriers() === before + 1);
    } finally {
      await config.update('run', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('ascendPort.enable false stops the server and clears its Problems; true starts it again', async () => {
    const config = vscode.workspace.getConfiguration('ascendPort');
    await until('diagnostics', () => vscode.languages.getDiagnostics(uri).some((x) => x.source === 'ascend-port'));
    await config.update('enable', false, vscode.ConfigurationTarget.Global);
    try {
      await until('no diagnostics', () => !vscode.languages.getDiagnostics(uri).some((x) => x.source === 'ascend-port'));
    } finally {
      await config.update('enable', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('diagnostics again', () => vscode.languages.getDiagnostics(uri).some((x) => x.source === 'ascend-port'));
  });
});
