/**
 * Per-diagnostic actions every finding gets, next to its own fixes (as ESLint and ruff
 * offer them): "Ignore ASCnnn on this line" and "… in this file" (the suppression comments
 * of engine/suppressions.ts), "Show documentation for ASCnnn" (a client command that opens
 * the rendered page), and "Fix all safe Ascend Port problems" as a quick fix.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Handled by the VS Code client (client/src/ruleDocs.ts); other clients may ignore it. */
export const SHOW_RULE_DOC_COMMAND = 'ascendPort.showRuleDocumentation';
export const FIX_ALL_QUICKFIX_KIND = `${CodeActionKind.QuickFix}.ascendPort.fixAll`;

const STANDALONE = /^([ \t]*)\/\/[ \t]*ascend-port-ignore\b(?!-)/;
const FILE_DIRECTIVE = /^[ \t]*\/\/[ \t]*ascend-port-ignore-file\b/;

/** `// ascend-port-ignore CODE` on its own line above the finding, or the code added to such a line already there. */
export function ignoreLineEdit(td: TextDocument, line: number, code: string): TextEdit {
  const lineText = (l: number) => td.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }).replace(/\r?\n$/, '');
  const above = line > 0 ? lineText(line - 1) : '';
  const m = STANDALONE.exec(above);
  if (m) {
    const at = { line: line - 1, character: m[0].length };
    return { range: { start: at, end: at }, newText: ` ${code},` };
  }
  const indent = /^[ \t]*/.exec(lineText(line))![0];
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}// ascend-port-ignore ${code}\n` };
}

/** `// ascend-port-ignore-file CODE` at the top of the file, or the code added to the first such line. */
export function ignoreFileEdit(td: TextDocument, code: string): TextEdit {
  const lines = Math.min(td.lineCount, 50);
  for (let l = 0; l < lines; l++) {
    const text = td.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } });
    const m = FILE_DIRECTIVE.exec(text);
    if (m) {
      const at = { line: l, character: m[0].length };
      return { range: { start: at, end: at }, newText: ` ${code},` };
    }
  }
  const at = { line: 0, character: 0 };
  return { range: { start: at, end: at }, newText: `// ascend-port-ignore-file ${code}\n` };
}

export function ruleActions(td: TextDocument, d: Diagnostic): CodeAction[] {
  const code = String(d.code);
  return [
    { title: `Ignore ${code} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [td.uri]: [ignoreLineEdit(td, d.range.start.line, code)] } } },
    { title: `Ignore ${code} in this file`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [td.uri]: [ignoreFileEdit(td, code)] } } },
    { title: `Show documentation for ${code}`, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: `Show documentation for ${code}`, command: SHOW_RULE_DOC_COMMAND, arguments: [code] } },
  ];
}

/** The light bulb's fix-all: the same edits as `source.fixAll.ascendPort`, offered next to the quick fixes. */
export function fixAllQuickFix(uri: string, edits: TextEdit[]): CodeAction | undefined {
  if (!edits.length) return undefined;
  return { title: `Fix all safe Ascend Port problems (${edits.length} edit${edits.length === 1 ? '' : 's'})`, kind: FIX_ALL_QUICKFIX_KIND, edit: { changes: { [uri]: edits } } };
}
