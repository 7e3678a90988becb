/**
 * The report commands: *Show Porting Cost Report* scans the workspace (files matching
 * `ascendPort.report.include`, minus `.gitignore`, `files.exclude` and `ascendPort.report.exclude`,
 * found by the server with the CLI's rule) with
 * a cancellable progress notification; *…for Current File* reports on the active editor.
 * The server builds the report; the panel shows it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReportPanel, type ReportResponse } from './panel';

/**
 * `files.exclude` (entries set to true) and the user's exclude glob, each as its own glob:
 * joining them into one `{a,b}` glob broke on brace globs such as `**\/*.{o,obj}` (issue #20).
 */
export function excludeGlobs(): string[] {
  const patterns = Object.entries(vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {})
    .filter(([, on]) => on === true)
    .map(([p]) => p);
  const user = vscode.workspace.getConfiguration('ascendPort').get<string>('report.exclude');
  if (user) patterns.push(user);
  return patterns;
}

export async function showReport(context: vscode.ExtensionContext, client: LanguageClient, scope: 'workspace' | 'file', busy: (files: number | undefined) => void = () => undefined): Promise<void> {
  let response: ReportResponse | null | undefined;
  if (scope === 'file') {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage('Ascend Port: open a CUDA file to report on it.');
      return;
    }
    const uri = editor.document.uri;
    response = await client.sendRequest<ReportResponse | null>('ascendPort/report', { files: [{ uri: uri.toString(), path: vscode.workspace.asRelativePath(uri) }], id: 'file' });
  } else {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showWarningMessage('Ascend Port: open a folder to report on a workspace, or use the command for the current file.');
      return;
    }
    const include = vscode.workspace.getConfiguration('ascendPort').get<string>('report.include') || undefined;
    response = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Ascend Port: porting cost report', cancellable: true }, async (progress, token) => {
      progress.report({ message: 'finding files…' });
      // The server finds them by the CLI's rule (.gitignore, include, excludes): both report on the same files.
      const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
      const found = await client.sendRequest<{ files: string[]; errors: string[] }>('ascendPort/reportFiles', { roots, include, exclude: excludeGlobs() }, token);
      if (token.isCancellationRequested) return undefined;
      for (const e of found.errors) void vscode.window.showWarningMessage(`Ascend Port: ${e}`);
      const files = found.files.map((u) => vscode.Uri.parse(u));
      if (!files.length) {
        void vscode.window.showInformationMessage(`Ascend Port: no files match ${include ?? 'the CUDA and C/C++ source extensions'} in the workspace.`);
        return undefined;
      }
      files.sort((a, b) => a.toString().localeCompare(b.toString()));
      const id = `${Date.now()}`;
      let last = 0;
      const sub = client.onNotification('ascendPort/reportProgress', (p: { id: string; done: number; total: number; path: string }) => {
        if (p.id !== id) return;
        progress.report({ increment: ((p.done - last) / p.total) * 100, message: `${p.done}/${p.total} ${p.path}` });
        last = p.done;
      });
      busy(files.length);
      try {
        return await client.sendRequest<ReportResponse | null>('ascendPort/report', { files: files.map((u) => ({ uri: u.toString(), path: vscode.workspace.asRelativePath(u) })), id }, token);
      } finally {
        busy(undefined);
        sub.dispose();
      }
    });
  }
  if (!response) return;
  for (const p of response.problems) void vscode.window.showWarningMessage(`Ascend Port: ${p}`);
  ReportPanel.show(context, client, response, scope === 'file' ? 'Porting cost: current file' : 'Porting cost report');
}
