/**
 * "Verify port" in the editor: a code lens on each kernel entry of a generated Ascend C file
 * (and the request behind the client's command). `ascendPort/verify` takes a CUDA source or
 * a port file, finds the other one, runs `verifyFile` with the document texts as the editor
 * has them, honours cancellation, and returns the plain result plus its text summary. Model
 * violations become diagnostics on the port file, at the first call of the API concerned.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, LSPErrorCodes, ResponseError, type CancellationToken, type CodeLens, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine, SourceContext } from '../engine';
import { readSource } from '../node/source';
import { formatVerify, verifyFile, type VerifyResult } from '../node/verify';
import { SOURCE } from './convert';
import type { Settings, SettingsStore } from './settings';

export const VERIFY_REQUEST = 'ascendPort/verify';
/** Client command a lens runs (it shows progress and the result, then calls VERIFY_REQUEST). */
export const VERIFY_COMMAND = 'ascendPort.verifyPort';

export interface VerifyParams {
  /** A CUDA source or a generated port file (`<stem>_ascend.cpp` / `.asc`). */
  uri: string;
  kernel?: string;
}

export interface VerifyResponse {
  result: VerifyResult;
  summary: string;
  source?: string;
  port?: string;
}

const PORT_FILE = /_ascend\.(cpp|asc)$/;
const SOURCE_EXTENSIONS = ['.cu', '.cuh', '.cpp', '.cc', '.cxx'];
const ENTRY = /^extern "C" __global__ __aicore__ void (\w+)\(/gm;

export class VerifyFeature {
  private readonly published = new Set<string>();

  constructor(
    private readonly engine: () => Engine,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsStore,
    private readonly publish: (uri: string, diagnostics: Diagnostic[]) => void,
    /** The CUDA file's build context (its defines and include paths also go to the CUDA side's compile). */
    private readonly contextOf?: (uri: string, settings: Settings) => SourceContext,
  ) {}

  register(connection: Connection): void {
    connection.onRequest(VERIFY_REQUEST, (p: VerifyParams, token: CancellationToken) => this.verify(p, token));
  }

  /** "Verify port" above each kernel entry of a generated port file. */
  codeLenses(uri: string): CodeLens[] {
    if (!PORT_FILE.test(uri)) return [];
    const td = this.documents.get(uri);
    if (!td) return [];
    const text = td.getText();
    const lenses: CodeLens[] = [];
    for (const m of text.matchAll(ENTRY)) {
      const position = td.positionAt(m.index!);
      lenses.push({ range: { start: position, end: position }, command: { title: `$(beaker) Verify port of ${m[1]} on the CPU`, command: VERIFY_COMMAND, arguments: [uri, m[1]] } });
    }
    return lenses;
  }

  private text(file: string): string | null {
    const open = this.documents.get(pathToFileURL(file).toString());
    if (open) return open.getText();
    const read = readSource(file, { symlinks: 'follow' });
    return read.ok ? read.file.text : null;
  }

  async verify(p: VerifyParams, token: CancellationToken): Promise<VerifyResponse> {
    const fail = (message: string): VerifyResponse => ({ result: { status: 'error', kernels: [], message }, summary: `${message}\n` });
    if (!p.uri.startsWith('file:')) return fail('verification needs a file on disk');
    const file = fileURLToPath(p.uri);
    let source = file;
    let port: string | undefined;
    if (PORT_FILE.test(file)) {
      port = file;
      const stem = file.replace(PORT_FILE, '');
      const found = SOURCE_EXTENSIONS.map((e) => stem + e).find((f) => fs.existsSync(f) || this.documents.get(pathToFileURL(f).toString()));
      if (!found) return fail(`no CUDA source beside ${path.basename(file)} (looked for ${SOURCE_EXTENSIONS.map((e) => path.basename(stem + e)).join(', ')})`);
      source = found;
    }
    const text = this.text(source);
    if (text === null) return fail(`cannot read ${source}`);
    const settings = await this.settings.get(pathToFileURL(source).toString());
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    // The port as the editor has it (it may have unsaved edits): a copy in a temporary folder.
    let tmp: string | undefined;
    let portFile = port;
    if (port) {
      const open = this.documents.get(pathToFileURL(port).toString());
      if (open) {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-verify-port-'));
        portFile = path.join(tmp, path.basename(port));
        fs.writeFileSync(portFile, open.getText());
      }
    }
    try {
      const result = await verifyFile(this.engine(), {
        file: source,
        text,
        kernels: p.kernel ? [p.kernel] : undefined,
        portFile,
        target: settings.target,
        compiler: settings.verifyCompiler,
        context: this.contextOf?.(pathToFileURL(source).toString(), settings),
        signal: abort.signal,
      });
      // A cancelled request is answered as cancelled, not with a half result.
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'verification cancelled');
      if (port) this.publishViolations(pathToFileURL(port).toString(), result);
      return { result, summary: formatVerify(result), source: pathToFileURL(source).toString(), port: port ? pathToFileURL(port).toString() : undefined };
    } finally {
      sub.dispose();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  /** One diagnostic per distinct violation, on the first call of its API in the port file. */
  private publishViolations(uri: string, result: VerifyResult): void {
    const td = this.documents.get(uri);
    const text = td?.getText() ?? this.text(fileURLToPath(uri)) ?? '';
    const lines = text.split('\n');
    const seen = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    for (const k of result.kernels) {
      for (const c of k.cases) {
        for (const v of c.violations) {
          const key = `${k.kernel}:${v.api}:${v.message}`;
          if (seen.has(key)) continue;
          seen.add(key);
          let line = lines.findIndex((l) => new RegExp(`\\b${v.api.replace(/\W/g, '')}\\s*[<(]`).test(l));
          if (line < 0) line = Math.max(0, lines.findIndex((l) => l.includes(`void ${k.kernel}(`)));
          diagnostics.push({
            range: { start: { line, character: 0 }, end: { line, character: lines[line]?.length ?? 0 } },
            severity: DiagnosticSeverity.Error,
            source: SOURCE,
            code: 'verify',
            message: `verify (n=${c.size}): ${v.api}: ${v.message}${v.count > 1 ? ` (×${v.count})` : ''}`,
          });
        }
      }
    }
    if (diagnostics.length || this.published.has(uri)) this.publish(uri, diagnostics);
    if (diagnostics.length) this.published.add(uri);
    else this.published.delete(uri);
  }
}
