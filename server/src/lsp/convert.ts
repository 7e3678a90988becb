/**
 * The one place where engine data becomes LSP data. Engine ranges already use 0-based
 * lines and UTF-16 columns, so ranges pass through; severities, codes and fixes are mapped.
 */
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Fix, Range, Severity } from '../engine';

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
  /** The fix is computed when the light bulb asks (\`Finding.fixOnDemand\`). */
  fixOnDemand?: true;
}

/** Where the generated rule pages are: `docs/rules/` beside `dist/` in the VSIX. */
const DOCS_DIR = path.resolve(__dirname, '..', 'docs', 'rules');
const docPages = new Map<string, string | null>();

function docHref(code: string): string | undefined {
  let href = docPages.get(code);
  if (href === undefined) {
    const file = path.join(DOCS_DIR, `${code}.md`);
    href = fs.existsSync(file) ? pathToFileURL(file).toString() : null;
    docPages.set(code, href);
  }
  return href ?? undefined;
}

export function toDiagnostic(f: Finding, uri: string): Diagnostic {
  const data: DiagnosticData = { rule: f.rule, effort: f.effort, fixes: f.fixes, ...(f.fixOnDemand ? { fixOnDemand: true as const } : {}) };
  const href = docHref(f.code);
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: href ? { href } : undefined,
    source: SOURCE,
    message: f.message,
    relatedInformation: f.related?.map((r) => ({ location: { uri: r.path ? pathToFileURL(r.path).toString() : uri, range: r.range }, message: r.message })),
    tags: f.unnecessary ? [DiagnosticTag.Unnecessary] : undefined,
    data,
  };
}

/** What an inactive-branch diagnostic says; editors fade its range (the Unnecessary tag), and hints stay out of the Problems panel. */
export const INACTIVE_MESSAGE = 'inactive preprocessor branch';

/**
 * Code in an inactive `#if` branch under the document's defines, greyed the way clangd
 * does it without semantic tokens: a hint with the Unnecessary tag (faded in VS Code and
 * code-server, DiagnosticUnnecessary in Neovim 0.10+). No code and no data: no quick fixes,
 * no fix-all, no "Ignore" actions.
 */
export function inactiveDiagnostic(range: Range): Diagnostic {
  return { range, severity: DiagnosticSeverity.Hint, source: SOURCE, message: INACTIVE_MESSAGE, tags: [DiagnosticTag.Unnecessary] };
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  return typeof value === 'object' && value !== null && typeof (value as DiagnosticData).rule === 'string';
}

export function toCodeAction(uri: string, diagnostic: Diagnostic, fix: Fix): CodeAction {
  const edits: TextEdit[] = fix.edits.map((e) => ({ range: e.range, newText: e.newText }));
  const edit: WorkspaceEdit = { changes: { [uri]: edits } };
  // Fixes that need a review say so in the title (ruff marks them unsafe).
  const review = fix.safety === 'safe' ? '' : ' (review)';
  const action = CodeAction.create(`${fix.title} (${String(diagnostic.code)})${review}`, edit, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = fix.safety === 'safe';
  return action;
}
