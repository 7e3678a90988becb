/**
 * "Ascend Port: Migrate Workspace to Ascend C…": asks for the folder to migrate (when the
 * workspace has several) and the output folder (default: `<folder>-ascend` beside it), runs
 * the server's `ascendPort/migrate` with cancellable progress per file, and opens
 * MIGRATION.md rendered. The sources are never written. In Restricted Mode the ports are not
 * verified (that runs a compiler), and the summary says so.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const MIGRATE_COMMAND = 'ascendPort.migrateWorkspace';
const MIGRATE_REQUEST = 'ascendPort/migrate';
const MIGRATE_PROGRESS = 'ascendPort/migrateProgress';

interface MigrateResponse {
  refused?: string;
  markdown?: string;
  files?: number;
  copied?: number;
  kernels?: number;
  complete?: number;
  verified?: number;
  failed?: number;
  remaining?: number;
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to migrate to Ascend C' });
}

export async function migrateWorkspace(client: LanguageClient, output: vscode.LogOutputChannel): Promise<MigrateResponse | undefined> {
  const folder = await pickFolder();
  if (!folder || folder.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Ascend Port: open a folder on disk to migrate it.');
    return undefined;
  }
  const suggested = `../${folder.name}-ascend`;
  const out = await vscode.window.showInputBox({
    title: 'Ascend Port: Migrate Workspace to Ascend C',
    prompt: `Output folder (relative to ${folder.name}, or absolute). ${folder.name} itself is never written.`,
    value: suggested,
    validateInput: (v) => (v.trim() ? undefined : 'Give the output folder'),
  });
  if (!out) return undefined;
  const verify = vscode.workspace.isTrusted;
  const run = (force: boolean) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Ascend Port: migrating ${folder.name}`, cancellable: true }, async (progress, token) => {
      let last = 0;
      const sub = client.onNotification(MIGRATE_PROGRESS, (p: { done: number; total: number; file: string }) => {
        progress.report({ message: `${p.done}/${p.total} ${p.file}`, increment: ((p.done - last) / Math.max(1, p.total)) * 100 });
        last = p.done;
      });
      try {
        return await client.sendRequest<MigrateResponse>(MIGRATE_REQUEST, { folder: folder.uri.toString(), out: out.trim(), force, verify }, token);
      } finally {
        sub.dispose();
      }
    });
  let response = await run(false);
  if (response.refused && /not empty/.test(response.refused)) {
    const overwrite = 'Write Into It';
    const pick = await vscode.window.showWarningMessage(`Ascend Port: ${out.trim()} is not empty. Write the migration into it (files of the same name are replaced)?`, { modal: true }, overwrite);
    if (pick !== overwrite) return undefined;
    response = await run(true);
  }
  if (response.refused) {
    void vscode.window.showErrorMessage(`Ascend Port: ${response.refused}`);
    return response;
  }
  const summary = `${response.complete} of ${response.kernels} kernels ported completely${verify ? `, ${response.verified} verified${response.failed ? `, ${response.failed} FAILED verification` : ''}` : ' (not verified: Restricted Mode runs no compiler)'}; ${response.remaining} findings left in ${response.files} files.`;
  output.info(`Migrate ${folder.name} into ${out.trim()}: ${summary}`);
  if (response.markdown) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.parse(response.markdown));
  const show = response.failed ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
  void show(`Ascend Port: migrated ${folder.name}: ${summary}`);
  return response;
}
