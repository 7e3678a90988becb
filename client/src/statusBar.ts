/**
 * The status-bar item: the target that applies to the active editor, where it came from
 * (workspace settings, `.ascend-port.yaml`, user settings, the default) and the server's
 * state (starting, ready, error), the way clangd's item does. Visible for CUDA, C, C++ and
 * Ascend C editors; a click opens the target picker.
 */
import * as vscode from 'vscode';
import { Commands } from './commands';

export const LANGUAGES = ['cuda-cpp', 'cpp', 'c', 'ascendc'];

/** The server's answer to `ascendPort/target` (server/src/lsp/target.ts). */
export interface TargetInfo {
  soc: string;
  cann: string;
  kind: 'workspace' | 'project' | 'user' | 'default' | 'client';
  projectFile?: string;
}

export type ServerState = { kind: 'starting' } | { kind: 'ready' } | { kind: 'stopped' } | { kind: 'error'; message: string };

/** Short words for the status bar and full sentences for the tooltip. */
export function describeSource(info: TargetInfo): { short: string; long: string } {
  const file = info.projectFile ? vscode.workspace.asRelativePath(info.projectFile) : '.ascend-port.yaml';
  switch (info.kind) {
    case 'project':
      return { short: '.ascend-port.yaml', long: `from the project file \`${file}\` (its \`target:\` applies because no target was picked in this workspace)` };
    case 'workspace':
      return { short: 'workspace', long: info.projectFile ? `picked in this workspace's settings (it overrides \`target:\` in \`${file}\`)` : "picked in this workspace's settings" };
    case 'user':
      return { short: 'user', long: 'from your user settings' };
    case 'client':
      return { short: 'settings', long: 'from the settings' };
    default:
      return { short: 'default', long: 'the default (no target picked and no `target:` in a project file)' };
  }
}

export class TargetStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private state: ServerState = { kind: 'starting' };
  private query: ((uri: vscode.Uri) => Promise<TargetInfo | undefined>) | undefined;
  private generation = 0;
  /** Files the workspace report is analysing, shown while it runs. */
  private busy: number | undefined;
  /** The last target shown, for tests and the output channel. */
  lastInfo: TargetInfo | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('ascendPort.target', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Ascend Port Target';
    this.item.command = Commands.selectTarget;
    const watcher = vscode.workspace.createFileSystemWatcher('**/.ascend-port.yaml');
    this.disposables.push(
      this.item,
      watcher,
      watcher.onDidChange(() => this.update()),
      watcher.onDidCreate(() => this.update()),
      watcher.onDidDelete(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ascendPort.target')) this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  /** Where to ask the server which target applies to a document (unset while it is not running). */
  setQuery(query: ((uri: vscode.Uri) => Promise<TargetInfo | undefined>) | undefined): void {
    this.query = query;
    this.update();
  }

  setState(state: ServerState): void {
    this.state = state;
    this.update();
  }

  /** `n`: the report is analysing n files; undefined: done. */
  setBusy(n: number | undefined): void {
    this.busy = n;
    void this.update();
  }

  /** Re-reads the target (after a settings or project-file change). */
  refresh(): Promise<void> {
    return this.update();
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    const scope = editor?.document.uri;
    const config = vscode.workspace.getConfiguration('ascendPort', scope);
    let info: TargetInfo = { soc: config.get<string>('target.soc', 'Ascend910B3'), cann: config.get<string>('target.cann', '8.x'), kind: 'default' };
    if (scope && this.query && this.state.kind === 'ready') {
      const answer = await this.query(scope).catch(() => undefined);
      if (generation !== this.generation) return;
      if (answer) info = answer;
    }
    this.lastInfo = info;
    const source = describeSource(info);
    const icon = this.state.kind === 'error' || this.state.kind === 'stopped' ? '$(warning)' : this.state.kind === 'starting' ? '$(sync~spin)' : '$(chip)';
    const busy = this.busy !== undefined && this.state.kind === 'ready' ? ` · $(sync~spin) analysing ${this.busy} file${this.busy === 1 ? '' : 's'}` : '';
    this.item.text = `${icon} ${info.soc} · CANN ${info.cann} · ${source.short}${busy}`;
    const stateLine =
      this.state.kind === 'error'
        ? `The language server is not running: ${this.state.message}\n\nRun *Ascend Port: Show Output* for details.`
        : this.state.kind === 'stopped'
          ? 'The language server stopped. Run *Ascend Port: Restart Language Server*.'
          : this.state.kind === 'starting'
            ? 'The language server is starting…'
            : this.busy !== undefined ? `The language server is analysing ${this.busy} files for the report.` : 'The language server is ready.';
    this.item.tooltip = new vscode.MarkdownString(`**Ascend Port** target: \`${info.soc}\`, CANN \`${info.cann}\`, ${source.long}.\n\nSeverities depend on the target. Click to change it.\n\n${stateLine}`);
    this.item.accessibilityInformation = { label: `Ascend Port target ${info.soc}, CANN ${info.cann}, ${source.short}; server ${this.state.kind}` };
    const lang = editor?.document.languageId;
    if (lang && LANGUAGES.includes(lang)) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
