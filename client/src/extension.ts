/**
 * Activation: the output channel, the language client, the status bar and the commands.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, selectTarget, setAssumptions } from './commands';
import { createLanguageClient } from './languageClient';
import { TargetStatusBar } from './statusBar';

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
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      if (client) await client.stop().catch(() => undefined);
      client = undefined;
      await start();
    }),
  );
  await start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
