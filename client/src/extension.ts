/**
 * Activation: the output channel, the language client, the status bar and the commands.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, selectTarget, setAssumptions } from './commands';
import { createLanguageClient } from './languageClient';
import { showReport } from './report/command';
import { TargetStatusBar } from './statusBar';
import { VERIFY_COMMAND, verifyPort } from './verify';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Ascend Port', { log: true });
  const statusBar = new TargetStatusBar();
  context.subscriptions.push(output, statusBar);

  const start = async () => {
    try {
      client = createLanguageClient(context, output);
      await client.start();
      statusBar.setServerProblem(undefined);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      output.error(`Ascend Port language server failed to start: ${message}`);
      statusBar.setServerProblem(message);
      void vscode.window.showErrorMessage(`Ascend Port: the language server failed to start: ${message}`, 'Show Output').then((choice) => {
        if (choice) output.show();
      });
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.selectTarget, (soc?: string, cann?: string) => selectTarget(soc, cann)),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
    vscode.commands.registerCommand(Commands.setAssumptions, (uri?: string, line?: number, current?: string) => setAssumptions(uri, line, current)),
    vscode.commands.registerCommand(Commands.showReport, () => withClient((c) => showReport(context, c, 'workspace'))),
    vscode.commands.registerCommand(Commands.showReportForFile, () => withClient((c) => showReport(context, c, 'file'))),
    vscode.commands.registerCommand(VERIFY_COMMAND, (uri?: string, kernel?: string) => withClient(async (c) => void (await verifyPort(c, output, uri, kernel)))),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      if (client) await client.stop().catch(() => undefined);
      client = undefined;
      await start();
    }),
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
