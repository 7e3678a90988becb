/**
 * Builds the language client: the bundled server over IPC, CUDA/C/C++ documents, the
 * `ascendPort` settings section, and the server's notices logged to the output channel.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGES } from './statusBar';

/** Sent by the server when a file is skipped (binary, too large) or only partly analysed. */
export const NOTICE_NOTIFICATION = 'ascendPort/notice';

interface NoticeParams {
  uri: string;
  kind: 'skipped' | 'partial';
  message: string;
}

export function serverModulePath(context: vscode.ExtensionContext): string {
  return context.asAbsolutePath('dist/server.js');
}

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = serverModulePath(context);
  if (!fs.existsSync(module)) throw new Error(`the bundled server is missing (${module}); reinstall the extension or run npm run build`);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: 'ascendPort', fileEvents: vscode.workspace.createFileSystemWatcher('**/.ascend-port.yaml') },
    outputChannel: output,
    initializationOptions: { extensionVersion: String(context.extension.packageJSON.version) },
  };
  const client = new LanguageClient('ascendPort', 'Ascend Port', serverOptions, clientOptions);
  client.onNotification(NOTICE_NOTIFICATION, (p: NoticeParams) => output.info(`${p.kind}: ${p.uri}: ${p.message}`));
  return client;
}
