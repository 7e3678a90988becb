/**
 * The status-bar item that shows the target and opens the picker. It is visible for
 * CUDA, C and C++ editors and warns when the server is not running.
 */
import * as vscode from 'vscode';
import { Commands } from './commands';

export const LANGUAGES = ['cuda-cpp', 'cpp', 'c', 'ascendc'];

export class TargetStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private serverProblem: string | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('ascendPort.target', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Ascend Port Target';
    this.item.command = Commands.selectTarget;
    this.disposables.push(
      this.item,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ascendPort.target')) this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  setServerProblem(problem: string | undefined): void {
    this.serverProblem = problem;
    this.update();
  }

  private update(): void {
    const scope = vscode.window.activeTextEditor?.document.uri;
    const config = vscode.workspace.getConfiguration('ascendPort', scope);
    const soc = config.get<string>('target.soc', 'Ascend910B3');
    const cann = config.get<string>('target.cann', '8.x');
    const icon = this.serverProblem ? '$(warning)' : '$(chip)';
    this.item.text = `${icon} ${soc} · CANN ${cann}`;
    const tooltip = new vscode.MarkdownString(
      this.serverProblem
        ? `**Ascend Port**: the language server is not running: ${this.serverProblem}\n\nRun *Ascend Port: Show Output* for details.`
        : `**Ascend Port** target: \`${soc}\`, CANN \`${cann}\`.\n\nSeverities depend on the target. Click to change it.`,
    );
    this.item.tooltip = tooltip;
    const lang = vscode.window.activeTextEditor?.document.languageId;
    if (lang && LANGUAGES.includes(lang)) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
