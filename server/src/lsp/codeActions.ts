/**
 * Code actions, three kinds:
 * - quick fixes: each diagnostic carries its fixes in `data`, so they need no server state,
 *   except a fix too costly for every analysis (`fixOnDemand`: ASC001's launch rewrite),
 *   computed from the current text when the light bulb asks;
 * - `source.fixAll.ascendPort`: every safe fix of the document at once (engine `safeFixEdits`);
 * - `refactor.rewrite` "Port kernel to Ascend C" on a `__global__` function, titled with
 *   the verdict (complete, or skeleton with its TODO count); `codeAction/resolve` builds the
 *   edit: the kernel's block in `<stem>_ascend.cpp` and, for a complete port, its launch
 *   wrapper's declaration in `<stem>_ascend.h` (or the port inline after the kernel). The
 *   CUDA source is not touched, so it still compiles with nvcc;
 * - `refactor.rewrite` "Replace launches of `k` with the Ascend C launch", complete ports
 *   only: every launch becomes a call of the wrapper, and the header is included.
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
import { fixesOnDemand, headerPreamble, launchLinesByKernel, portableKernels, portFileName, portKernel, previousPort, replaceLaunches, safeFixEdits } from '../engine';
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
    const td = this.documents.get(uri);
    const cuda = td && td.languageId !== 'ascendc' ? td : undefined;
    // The current text's settings and analysis, fetched once per request and only when an action needs them.
    let current: Promise<{ settings: Awaited<ReturnType<SettingsStore['get']>>; result: ReturnType<DocumentStore['analyze']> }> | undefined;
    const analysed = (doc: TextDocument) => (current ??= this.settings.get(uri).then((settings) => ({ settings, result: this.store.analyze(doc, settings) })));
    if (wants(only, CodeActionKind.QuickFix)) {
      for (const d of ours) {
        if (!isDiagnosticData(d.data)) continue;
        for (const fix of d.data.fixes ?? []) actions.push(toCodeAction(uri, d, fix));
        // A fix too costly for every analysis (a launch rewrite needs the kernel's port): computed now, on the current text.
        if (d.data.fixOnDemand && cuda) {
          const { settings } = await analysed(cuda);
          const parsed = this.store.parsed(uri);
          if (parsed) for (const fix of fixesOnDemand(parsed.doc, { code: String(d.code), range: d.range, fixOnDemand: true }, settings.target)) actions.push(toCodeAction(uri, d, fix));
        }
      }
    }
    if (!cuda) return actions;
    // The light bulb's extras (ruleActions.ts): fix-all as a quick fix, then ignore and docs per diagnostic.
    if (wants(only, CodeActionKind.QuickFix) && ours.length) {
      const all = fixAllQuickFix(uri, safeFixEdits((await analysed(cuda)).result.findings));
      if (all) actions.push(all);
      for (const d of ours) actions.push(...ruleActions(cuda, d));
    }
    const needFixAll = only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`)) ?? false;
    const needPort = wants(only, PORT_KIND);
    if (!needFixAll && !needPort) return actions;
    const { settings, result } = await analysed(cuda);
    if (needFixAll) {
      const edits = safeFixEdits(result.findings);
      if (edits.length) actions.push({ title: `Apply all safe Ascend Port fixes (${edits.length})`, kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } });
    }
    const parsed = this.store.parsed(uri);
    if (needPort && parsed) {
      const line = params.range.start.line;
      const sourceName = decodeURIComponent(uri.split('/').pop() ?? uri);
      const headerName = portFileName(sourceName, '.h');
      // Launch lines per kernel, so "Replace launches" is only computed where it is offered.
      const launchLines = launchLinesByKernel(parsed.doc);
      for (const k of portableKernels(parsed.doc)) {
        const onKernel = line >= k.range.start.line && line <= k.range.end.line;
        const onLaunch = launchLines.get(k.name)?.includes(line) ?? false;
        if (onKernel) {
          // The verdict decides the title: the same one the report and the CLI show.
          const port = portKernel(parsed.doc, result, k.name, settings.target, sourceName);
          const what = port?.kind === 'complete' ? 'complete' : `skeleton: ${port?.todos ?? 0} TODO${port?.todos === 1 ? '' : 's'}`;
          actions.push({ title: `Port \`${k.name}\` to Ascend C (${what})`, kind: PORT_KIND, data: { port: { uri, kernel: k.name } } satisfies PortData });
        }
        const replace = onKernel || onLaunch ? replaceLaunches(parsed.doc, k.name, settings.target, headerName) : null;
        if (replace) actions.push({ title: replace.title, kind: PORT_KIND, edit: { changes: { [uri]: replace.edits } } });
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
    action.edit = this.portEdit(td, port.text, port.declaration ?? null, kernel, settings.port);
    const created = action.edit.documentChanges?.find((c) => 'kind' in c && c.kind === 'create') as { uri: string } | undefined;
    const shown = created?.uri ?? (action.edit.documentChanges?.[0] as { textDocument?: { uri: string } } | undefined)?.textDocument?.uri;
    if (shown && shown !== uri) action.command = { title: 'Open the Ascend C port', command: SHOW_PORT_COMMAND, arguments: [shown] };
    return action;
  }

  private portEdit(td: TextDocument, text: string, declaration: string | null, kernel: string, options: { output: 'newFile' | 'inline'; extension: '.cpp' | '.asc' }): WorkspaceEdit {
    if (options.output === 'newFile' && this.canCreateFiles() && td.uri.startsWith('file:')) {
      const source = fileURLToPath(td.uri);
      const kernelFile = portFileName(source, options.extension);
      const changes: WorkspaceEdit['documentChanges'] = [...this.upsertBlock(kernelFile, kernel, text, '')];
      if (declaration) changes.push(...this.upsertBlock(portFileName(source, '.h'), kernel, declaration, headerPreamble(kernelFile.split(/[\\/]/).pop()!)));
      return { documentChanges: changes };
    }
    // Inline: after the kernel, compiled out, for the user to move into an Ascend C source.
    const kernelRange = portableKernels(this.store.parsed(td.uri)!.doc).find((k) => k.name === kernel)!.range;
    const at = { line: kernelRange.end.line + 1, character: 0 };
    const block = `#if 0  // ascend-port: Ascend C port of ${kernel}; move it into an Ascend C source file\n${text}#endif  // ascend-port\n`;
    return { documentChanges: [{ textDocument: { uri: td.uri, version: td.version }, edits: [{ range: { start: at, end: at }, newText: block }] }] };
  }

  /**
   * The edit that puts `block` for `kernel` into `file`: replacing an earlier block of the
   * same kernel, else appended; the file is created (with `preamble`) when it does not exist.
   * Reads the file as the editor has it (it may be open with unsaved changes), else as on disk.
   */
  private upsertBlock(file: string, kernel: string, block: string, preamble: string): NonNullable<WorkspaceEdit['documentChanges']> {
    const targetUri = pathToFileURL(file).toString();
    let existing: string | null = this.documents.get(targetUri)?.getText() ?? null;
    if (existing === null) {
      try {
        existing = fs.readFileSync(file, 'utf8');
      } catch {
        existing = null;
      }
    }
    const positionAt = (offset: number) => {
      const before = existing!.slice(0, offset).split('\n');
      return { line: before.length - 1, character: before[before.length - 1]!.length };
    };
    const previous = existing === null ? null : previousPort(existing, kernel);
    let edit: TextEdit;
    if (previous) edit = { range: { start: positionAt(previous.start), end: positionAt(previous.end) }, newText: block };
    else {
      const end = existing === null ? { line: 0, character: 0 } : positionAt(existing.length);
      edit = { range: { start: end, end }, newText: existing === null || existing.length === 0 ? preamble + block : `${existing.endsWith('\n') ? '' : '\n'}\n${block}` };
    }
    return [...(existing === null ? [{ kind: 'create' as const, uri: targetUri, options: { ignoreIfExists: true } }] : []), { textDocument: { uri: targetUri, version: null }, edits: [edit] }];
  }
}
