/**
 * The one place where engine data becomes LSP data. Engine ranges already use 0-based
 * lines and UTF-16 columns, so ranges pass through; severities, codes and fixes are mapped.
 */
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding, Fix, Severity } from '../engine';

export const SOURCE = 'ascend-port';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries so that code actions need no server state (ruff's approach). */
export interface DiagnosticData {
  rule: string;
  effort: Finding['effort'];
  fixes?: Fix[];
}

export function toDiagnostic(f: Finding): Diagnostic {
  const data: DiagnosticData = { rule: f.rule, effort: f.effort, fixes: f.fixes };
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    source: SOURCE,
    message: f.message,
    data,
  };
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  return typeof value === 'object' && value !== null && typeof (value as DiagnosticData).rule === 'string';
}

export function toCodeAction(uri: string, diagnostic: Diagnostic, fix: Fix): CodeAction {
  const edits: TextEdit[] = fix.edits.map((e) => ({ range: e.range, newText: e.newText }));
  const edit: WorkspaceEdit = { changes: { [uri]: edits } };
  const action = CodeAction.create(`${fix.title} (${String(diagnostic.code)})`, edit, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = fix.safety === 'safe';
  return action;
}
