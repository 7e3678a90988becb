/**
 * Activation: the output channel, the language client, the status bar and the commands.
 * `ascendPort.enable` starts and stops the server; `ascendPort.run: onSave` holds the
 * Problems of an edited file until it is saved (client side, see diagnosticsGate.ts).
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { Commands, selectTarget, setAssumptions } from './commands';
import { DiagnosticsGate } from './diagnosticsGate';
import { registerEditorCommands } from './editorCommands';
import { createLanguageClient } from './languageClient';
import { Logger } from './log';
import { showReport } from './report/command';
import { docsLinkMiddleware, registerRuleDocs } from './ruleDocs';
import { TargetStatusBar, type TargetInfo } from './statusBar';
import { VERIFY_COMMAND, verifyPort } from './verify';
import { MIGRATE_COMMAND, migrateWorkspace } from './migrate';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Ascend Port', { log: true });
  const log = new Logger(output);
  const statusBar = new TargetStatusBar();
  const gate = new DiagnosticsGate();
  context.subscriptions.push(output, statusBar, gate);
  const version = String(context.extension.packageJSON.version);
  log.info(`Ascend Port ${version} (VS Code ${vscode.version})`);

  const logTarget = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!client || !editor) return;
    const info = await client.sendRequest<TargetInfo>('ascendPort/target', { uri: editor.document.uri.toString() }).catch(() => undefined);
    if (info) log.info(`target ${info.soc} · CANN ${info.cann} (${info.kind}); project file: ${info.projectFile ?? 'none'}`);
  };

  const start = async () => {
    if (!vscode.workspace.getConfiguration('ascendPort').get<boolean>('enable', true)) {
      log.info('ascendPort.enable is false: the language server is not started');
      statusBar.setState({ kind: 'stopped' });
      return;
    }
    statusBar.setState({ kind: 'starting' });
    try {
      const docs = docsLinkMiddleware().handleDiagnostics!;
      const held = gate.middleware().handleDiagnostics!;
      client = createLanguageClient(context, output, { handleDiagnostics: (uri, diagnostics, next) => docs(uri, diagnostics, (u, d) => held(u, d, next)) });
      const c = client;
      c.onDidChangeState((e) => {
        if (client !== c) return;
        if (e.newState === State.Running) statusBar.setState({ kind: 'ready' });
        else if (e.newState === State.Starting) statusBar.setState({ kind: 'starting' });
        else statusBar.setState({ kind: 'stopped' });
      });
      log.info('starting the language server');
      await c.start();
      statusBar.setQuery((uri) => c.sendRequest<TargetInfo>('ascendPort/target', { uri: uri.toString() }));
      statusBar.setState({ kind: 'ready' });
      log.info(`language server ready (${c.initializeResult?.serverInfo?.name ?? 'ascend-port'} ${c.initializeResult?.serverInfo?.version ?? ''})`.trim());
      await logTarget();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.error(`Ascend Port language server failed to start: ${message}`);
      statusBar.setState({ kind: 'error', message });
      void vscode.window.showErrorMessage(`Ascend Port: the language server failed to start: ${message}`, 'Show Output').then((choice) => {
        if (choice) output.show();
      });
    }
  };

  const stop = async () => {
    const c = client;
    client = undefined;
    statusBar.setQuery(undefined);
    // A deliberate stop: the client would otherwise report the closed connection as an error.
    if (c) await c.stop().catch((e: unknown) => log.debug(`stopping the server: ${e instanceof Error ? e.message : String(e)}`));
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.selectTarget, (soc?: string, cann?: string) => selectTarget(soc, cann)),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
    vscode.commands.registerCommand(Commands.setAssumptions, (uri?: string, line?: number, current?: string) => setAssumptions(uri, line, current)),
    vscode.commands.registerCommand(Commands.showReport, () => withClient((c) => showReport(context, c, 'workspace', (n) => statusBar.setBusy(n)))),
    vscode.commands.registerCommand(Commands.showReportForFile, () => withClient((c) => showReport(context, c, 'file'))),
    vscode.commands.registerCommand(VERIFY_COMMAND, (uri?: string, kernel?: string) => withClient(async (c) => void (await verifyPort(c, output, uri, kernel)))),
    vscode.commands.registerCommand(MIGRATE_COMMAND, () => withClient(async (c) => void (await migrateWorkspace(c, output)))),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      log.info('restarting the language server');
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('ascendPort.enable')) {
        const on = vscode.workspace.getConfiguration('ascendPort').get<boolean>('enable', true);
        log.info(`ascendPort.enable is now ${on}`);
        if (on && !client) await start();
        else if (!on && client) {
          await stop();
          statusBar.setState({ kind: 'stopped' });
        }
      }
      if (e.affectsConfiguration('ascendPort.target')) await logTarget();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void logTarget()),
    ...registerEditorCommands(() => client, log),
    ...registerRuleDocs(context),
  );
  await start();
}

async function withClient(run: (c: LanguageClient) => Promise<void>): Promise<void> {
  if (!client) {
    void vscode.window.showErrorMessage('Ascend Port: the language server is not running (see Ascend Port: Show Output).');
    return;
  }
  try {
    await run(client);
  } catch (e) {
    void vscode.window.showErrorMessage(`Ascend Port: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
