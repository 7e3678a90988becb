/**
 * Code actions, three kinds:
 * - quick fixes: each diagnostic carries its fixes in `data`, so they need no server state;
 * - `source.fixAll.ascendPort`: every safe fix of the document at once (engine `safeFixEdits`);
 * - `refactor.rewrite` "Port kernel to Ascend C" on a `__global__` function: `prepare` only
 *   names the kernel (cheap); `codeAction/resolve` runs the port and builds the edit: a new
 *   file beside the source (or the port inline after the kernel) plus the launch rewrites.
 */
import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type TextDocuments,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { portableKernels, portFileName, portKernel, previousPort, safeFixEdits } from '../engine';
import { isDiagnosticData, SOURCE, toCodeAction } from './convert';
import type { DocumentStore } from './documentStore';
import { fixAllQuickFix, ruleActions } from './ruleActions';
import type { SettingsStore } from './settings';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.ascendPort`;
export const PORT_KIND = CodeActionKind.RefactorRewrite;
/** Runs after the port's edit is applied: the server asks the client to show the new file (`window/showDocument`). */
export const SHOW_PORT_COMMAND = 'ascendPort.showPortedFile';

interface PortData {
  port: { uri: string; kernel: string };
}

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export class CodeActionsFeature {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly canCreateFiles: () => boolean,
  ) {}

  register(connection: Connection): void {
    connection.onCodeAction((p) => this.provideCodeActions(p));
    connection.onCodeActionResolve((a) => this.resolve(a));
    connection.onExecuteCommand(async (p) => {
      const uri = p.arguments?.[0];
      if (p.command === SHOW_PORT_COMMAND && typeof uri === 'string') await connection.window.showDocument({ uri, takeFocus: true }).catch(() => undefined);
    });
  }

  async provideCodeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const only = params.context.only;
    const uri = params.textDocument.uri;
    const actions: CodeAction[] = [];
    const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && isDiagnosticData(d.data));
    if (wants(only, CodeActionKind.QuickFix)) {
      for (const d of ours) {
        if (!isDiagnosticData(d.data)) continue;
        for (const fix of d.data.fixes ?? []) actions.push(toCodeAction(uri, d, fix));
      }
    }
    const td = this.documents.get(uri);
    if (!td || td.languageId === 'ascendc') return actions;
    // The light bulb's extras (ruleActions.ts): fix-all as a quick fix, then ignore and docs per diagnostic.
    if (wants(only, CodeActionKind.QuickFix) && ours.length) {
      const all = fixAllQuickFix(uri, safeFixEdits(this.store.analyze(td, await this.settings.get(uri)).findings));
      if (all) actions.push(all);
      for (const d of ours) actions.push(...ruleActions(td, d));
    }
    const needFixAll = only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`)) ?? false;
    const needPort = wants(only, PORT_KIND);
    if (!needFixAll && !needPort) return actions;
    const settings = await this.settings.get(uri);
    const result = this.store.analyze(td, settings);
    if (needFixAll) {
      const edits = safeFixEdits(result.findings);
      if (edits.length) actions.push({ title: `Apply all safe Ascend Port fixes (${edits.length})`, kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } });
    }
    const parsed = this.store.parsed(uri);
    if (needPort && parsed) {
      const line = params.range.start.line;
      for (const k of portableKernels(parsed.doc)) {
        if (line < k.range.start.line || line > k.range.end.line) continue;
        actions.push({ title: `Port kernel \`${k.name}\` to Ascend C`, kind: PORT_KIND, data: { port: { uri, kernel: k.name } } satisfies PortData });
      }
    }
    return actions;
  }

  async resolve(action: CodeAction): Promise<CodeAction> {
    const data = action.data as PortData | undefined;
    if (!data?.port) return action;
    const { uri, kernel } = data.port;
    const td = this.documents.get(uri);
    if (!td) return action;
    const settings = await this.settings.get(uri);
    const analysis = this.store.analyze(td, settings);
    const parsed = this.store.parsed(uri);
    if (!parsed) return action;
    const sourceName = uri.split('/').pop() ?? uri;
    const port = portKernel(parsed.doc, analysis, kernel, settings.target, decodeURIComponent(sourceName));
    if (!port) return action;
    action.edit = this.portEdit(td, port.text, port.launchEdits, kernel, settings.port);
    const created = action.edit.documentChanges?.find((c) => 'kind' in c && c.kind === 'create') as { uri: string } | undefined;
    const shown = created?.uri ?? (action.edit.documentChanges?.[0] as { textDocument?: { uri: string } } | undefined)?.textDocument?.uri;
    if (shown && shown !== uri) action.command = { title: 'Open the Ascend C port', command: SHOW_PORT_COMMAND, arguments: [shown] };
    return action;
  }

  private portEdit(td: TextDocument, text: string, launchEdits: TextEdit[], kernel: string, options: { output: 'newFile' | 'inline'; extension: '.cpp' | '.asc' }): WorkspaceEdit {
    const source = { textDocument: { uri: td.uri, version: td.version }, edits: [...launchEdits] };
    if (options.output === 'newFile' && this.canCreateFiles() && td.uri.startsWith('file:')) {
      const target = portFileName(fileURLToPath(td.uri), options.extension);
      const targetUri = pathToFileURL(target).toString();
      // Append to the file as the editor has it (it may be open with unsaved changes), else as on disk.
      let existing: string | null = this.documents.get(targetUri)?.getText() ?? null;
      if (existing === null) {
        try {
          existing = fs.readFileSync(target, 'utf8');
        } catch {
          existing = null;
        }
      }
      const positionAt = (offset: number) => {
        const before = existing!.slice(0, offset).split('\n');
        return { line: before.length - 1, character: before[before.length - 1]!.length };
      };
      // Porting a kernel again replaces its earlier port; otherwise the port is appended.
      const previous = existing === null ? null : previousPort(existing, kernel);
      let edit: TextEdit;
      if (previous) edit = { range: { start: positionAt(previous.start), end: positionAt(previous.end) }, newText: text };
      else {
        const end = existing === null ? { line: 0, character: 0 } : positionAt(existing.length);
        edit = { range: { start: end, end }, newText: existing === null || existing.length === 0 ? text : `${existing.endsWith('\n') ? '' : '\n'}\n${text}` };
      }
      return {
        documentChanges: [
          ...(existing === null ? [{ kind: 'create' as const, uri: targetUri, options: { ignoreIfExists: true } }] : []),
          { textDocument: { uri: targetUri, version: null }, edits: [edit] },
          ...(source.edits.length ? [source] : []),
        ],
      };
    }
    // Inline: after the kernel, compiled out, for the user to move into an Ascend C source.
    const kernelRange = portableKernels(this.store.parsed(td.uri)!.doc).find((k) => k.name === kernel)!.range;
    const at = { line: kernelRange.end.line + 1, character: 0 };
    const block = `#if 0  // ascend-port: Ascend C port of ${kernel}; move it into an Ascend C source file\n${text}#endif  // ascend-port\n`;
    return { documentChanges: [{ textDocument: { uri: td.uri, version: td.version }, edits: [{ range: { start: at, end: at }, newText: block }, ...launchEdits] }] };
  }
}
