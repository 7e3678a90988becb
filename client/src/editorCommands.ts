/**
 * Editor commands over the server's code actions, so the palette, the editor context menu
 * and keybindings reach the same edits as the light bulb:
 * - *Port Kernel at Cursor*: the `refactor.rewrite` port action at the cursor;
 * - *Port All Kernels in File*: that action for every portable kernel, one after the other;
 * - *Apply All Safe Fixes*: `source.fixAll.ascendPort`.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Logger } from './log';

export const EditorCommands = {
  portKernelAtCursor: 'ascendPort.portKernelAtCursor',
  portAllKernels: 'ascendPort.portAllKernels',
  applyAllSafeFixes: 'ascendPort.applyAllSafeFixes',
} as const;

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('ascendPort');

async function actions(uri: vscode.Uri, range: vscode.Range, kind: vscode.CodeActionKind, resolve: number): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind.value, resolve)) ?? [];
}

async function apply(action: vscode.CodeAction): Promise<boolean> {
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) return false;
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return true;
}

const portActions = (all: vscode.CodeAction[]) => all.filter((a) => /^Port `[^`]+` to Ascend C \(/.test(a.title));

function editorOrWarn(): vscode.TextEditor | undefined {
  const e = vscode.window.activeTextEditor;
  if (!e) void vscode.window.showWarningMessage('Ascend Port: open a CUDA file first.');
  return e;
}

export async function portKernelAtCursor(): Promise<void> {
  const e = editorOrWarn();
  if (!e) return;
  const found = portActions(await actions(e.document.uri, new vscode.Range(e.selection.active, e.selection.active), vscode.CodeActionKind.RefactorRewrite, 1));
  if (!found.length) {
    void vscode.window.showInformationMessage('Ascend Port: the cursor is not in a CUDA kernel that can be ported.');
    return;
  }
  await apply(found[0]!);
}

export async function portAllKernels(log: Logger): Promise<void> {
  const e = editorOrWarn();
  if (!e) return;
  const doc = e.document;
  // Kernels are found line by line (the action is offered on every line of a kernel); the names are collected first.
  const names: string[] = [];
  for (let line = 0; line < doc.lineCount; line++) {
    for (const a of portActions(await actions(doc.uri, new vscode.Range(line, 0, line, 0), vscode.CodeActionKind.RefactorRewrite, 0))) {
      const name = /`([^`]+)`/.exec(a.title)![1]!;
      if (!names.includes(name)) names.push(name);
    }
  }
  if (!names.length) {
    void vscode.window.showInformationMessage('Ascend Port: no CUDA kernels to port in this file.');
    return;
  }
  let ported = 0;
  for (const name of names) {
    // Each port may rewrite launches above the next kernel, so its place is looked up again.
    let done = false;
    for (let line = 0; line < doc.lineCount && !done; line++) {
      const a = portActions(await actions(doc.uri, new vscode.Range(line, 0, line, 0), vscode.CodeActionKind.RefactorRewrite, 10)).find((x) => x.title.includes(`\`${name}\``));
      if (a) done = await apply(a);
    }
    if (done) ported++;
    else log.warn(`port all kernels: ${name} could not be ported`);
  }
  void vscode.window.showInformationMessage(`Ascend Port: ported ${ported} of ${names.length} kernel${names.length === 1 ? '' : 's'} (${names.join(', ')}).`);
}

export async function applyAllSafeFixes(): Promise<void> {
  const e = editorOrWarn();
  if (!e) return;
  const doc = e.document;
  const found = (await actions(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), FIX_ALL_KIND, 1)).filter((a) => a.kind?.value === FIX_ALL_KIND.value);
  if (!found.length) {
    void vscode.window.showInformationMessage('Ascend Port: no safe fixes to apply in this file.');
    return;
  }
  await apply(found[0]!);
}

export function registerEditorCommands(client: () => LanguageClient | undefined, log: Logger): vscode.Disposable[] {
  const running = (run: () => Promise<void>) => async () => {
    if (!client()) {
      void vscode.window.showErrorMessage('Ascend Port: the language server is not running (see Ascend Port: Show Output).');
      return;
    }
    await run();
  };
  return [
    vscode.commands.registerCommand(EditorCommands.portKernelAtCursor, running(portKernelAtCursor)),
    vscode.commands.registerCommand(EditorCommands.portAllKernels, running(() => portAllKernels(log))),
    vscode.commands.registerCommand(EditorCommands.applyAllSafeFixes, running(applyAllSafeFixes)),
  ];
}
