/**
 * `ascendPort.run`: `onType` (the default) shows the server's diagnostics as they come;
 * `onSave` keeps the Problems of a file with unsaved changes as they were at its last save
 * and shows the latest ones when it is saved. The server still analyses incrementally (that
 * is what makes typing cheap); only what the editor shows waits for the save.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

type Next = (uri: vscode.Uri, diagnostics: vscode.Diagnostic[]) => void;

export class DiagnosticsGate implements vscode.Disposable {
  private readonly held = new Map<string, { next: Next; diagnostics: vscode.Diagnostic[] }>();
  private readonly disposables: vscode.Disposable[] = [
    vscode.workspace.onDidSaveTextDocument((doc) => this.release(doc.uri)),
    vscode.workspace.onDidCloseTextDocument((doc) => this.held.delete(doc.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('ascendPort.run')) for (const key of [...this.held.keys()]) this.release(vscode.Uri.parse(key));
    }),
  ];

  middleware(): Partial<Middleware> {
    return {
      handleDiagnostics: (uri, diagnostics, next) => {
        const onSave = vscode.workspace.getConfiguration('ascendPort', uri).get<string>('run', 'onType') === 'onSave';
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (onSave && doc?.isDirty) {
          this.held.set(uri.toString(), { next, diagnostics });
          return;
        }
        this.held.delete(uri.toString());
        next(uri, diagnostics);
      },
    };
  }

  private release(uri: vscode.Uri): void {
    const h = this.held.get(uri.toString());
    if (!h) return;
    this.held.delete(uri.toString());
    h.next(uri, h.diagnostics);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
