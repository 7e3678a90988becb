/**
 * Quick fixes: each diagnostic carries its fixes in `data`, so this feature needs no
 * server state; it only turns them into code actions.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Connection } from 'vscode-languageserver/node';
import { isDiagnosticData, SOURCE, toCodeAction } from './convert';

export class CodeActionsFeature {
  register(connection: Connection): void {
    connection.onCodeAction((p) => this.provideCodeActions(p));
  }

  provideCodeActions(params: CodeActionParams): CodeAction[] {
    const only = params.context.only;
    if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) return [];
    const actions: CodeAction[] = [];
    for (const d of params.context.diagnostics) {
      if (d.source !== SOURCE || !isDiagnosticData(d.data)) continue;
      for (const fix of d.data.fixes ?? []) actions.push(toCodeAction(params.textDocument.uri, d, fix));
    }
    return actions;
  }
}
