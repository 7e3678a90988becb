/**
 * Builds the language client: the bundled server over IPC, CUDA/C/C++ documents, the
 * `ascendPort` settings section, and the server's notices logged to the output channel.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type Middleware, type ServerOptions } from 'vscode-languageclient/node';
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

/**
 * vscode-languageclient logs every server exit as an error, even the clean exit (code 0)
 * after a requested shutdown, as on *Restart Language Server*; that one is information.
 */
class AscendLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    if (message === 'Server process exited with code 0.') {
      this.info(message, data, false);
      return;
    }
    super.error(message, data, showNotification);
  }
}

/** Where the effective `ascendPort.target.*` values of a resource come from. */
export function targetOrigin(scope: vscode.Uri | undefined): 'workspace' | 'user' | 'default' {
  const config = vscode.workspace.getConfiguration('ascendPort', scope);
  const origins = ['target.soc', 'target.cann'].map((key) => {
    const i = config.inspect(key);
    if (i?.workspaceFolderValue !== undefined || i?.workspaceValue !== undefined) return 'workspace';
    if (i?.globalValue !== undefined) return 'user';
    return 'default';
  });
  return origins.includes('workspace') ? 'workspace' : origins.includes('user') ? 'user' : 'default';
}

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, diagnosticsMiddleware: Partial<Middleware> = {}): LanguageClient {
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
    // The project file and compile_commands.json change the build configuration; a header change
    // re-analyses the open files that include it (server/src/lsp/watchedFiles.ts).
    synchronize: {
      configurationSection: 'ascendPort',
      fileEvents: ['**/.ascend-port.yaml', '**/compile_commands.json', '**/*.{h,hh,hpp,hxx,cuh,inl}'].map((glob) => vscode.workspace.createFileSystemWatcher(glob)),
    },
    outputChannel: output,
    initializationOptions: { extensionVersion: String(context.extension.packageJSON.version) },
    middleware: {
      workspace: {
        // The server needs to know whether the target was picked in this workspace: that target beats
        // the project file's `target:`, user settings and defaults do not (README, "Which target applies").
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, i) => {
            const item = params.items[i];
            if (item?.section !== 'ascendPort' || !value || typeof value !== 'object') return value;
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            const settings = value as { target?: Record<string, unknown> };
            return { ...settings, target: { ...(settings.target ?? {}), origin: targetOrigin(scope) } };
          });
        },
      },
      ...diagnosticsMiddleware,
    },
  };
  const client = new AscendLanguageClient('ascendPort', 'Ascend Port', serverOptions, clientOptions);
  client.onNotification(NOTICE_NOTIFICATION, (p: NoticeParams) => output.info(`${p.kind}: ${p.uri}: ${p.message}`));
  return client;
}
