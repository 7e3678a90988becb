/**
 * The porting cost report for the editor: `ascendPort/report` takes file URIs (the client
 * finds them, honouring files.exclude and its glob settings), reads each from the open
 * document or the disk, and returns the engine's report plus its charts, rendered by the
 * engine; `ascendPort/renderReport` turns a report into an export format. Progress goes out
 * as `ascendPort/reportProgress` after each file; the loop yields between files, so
 * `$/cancelRequest` stops it within one file's analysis (answered with RequestCancelled).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  effortByFamilySvg,
  fixableSvg,
  normalizeCostModel,
  readinessSvg,
  renderReport,
  allRules,
  ReportBuilder,
  type Engine,
  type ReportFile,
  type Report,
  type ReportFormat,
  type SourceContext,
} from '../engine';
import { readSource } from '../node/source';
import type { Settings, SettingsStore } from './settings';
import { uriToPath } from './uri';

export interface ReportParams {
  /** Files to report on, with the path to show (workspace-relative). */
  files: { uri: string; path: string }[];
  /** Echoed in progress notifications. */
  id: string;
}

export interface ReportResponse {
  report: Report;
  charts: { family: string; fixable: string; readiness: string };
  /** Report path → document URI, so the view can open locations. */
  uris: Record<string, string>;
  /** Settings problems (a bad ascendPort.costModel), shown by the client. */
  problems: string[];
}

declare const ASCEND_PORT_VERSION: string | undefined;
const RULE_CODES = new Set(allRules.map((r) => r.code));

export class ReportFeature {
  constructor(
    private readonly engine: () => Engine | undefined,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsStore,
    /** Each file's build context (defines, include paths, headers), from the report's settings. */
    private readonly contextOf?: (uri: string, settings: Settings) => SourceContext,
  ) {}

  register(connection: Connection): void {
    connection.onRequest('ascendPort/report', (p: ReportParams, token: CancellationToken) => this.report(connection, p, token));
    connection.onRequest('ascendPort/renderReport', (p: { report: Report; format: ReportFormat }) => this.render(p.report, p.format));
  }

  async report(connection: Connection, params: ReportParams, token: CancellationToken): Promise<ReportResponse | null> {
    const engine = this.engine();
    if (!engine) throw new Error('the Ascend Port engine is not ready');
    const first = params.files[0]?.uri ?? '';
    const settings = await this.settings.get(first);
    // The editor's ascendPort.costModel goes over the project file's costModel, which goes over the defaults.
    const { model: costModel, problems } = normalizeCostModel(settings.costModelRaw, RULE_CODES, settings.projectCostModel);
    const total = params.files.length;
    const config = {
      target: settings.target,
      costModel,
      severities: settings.severities,
      maxFileBytes: settings.maxFileBytes,
      estimates: { defaults: settings.estimates.defaults, hardware: settings.estimates.hardware },
      version: typeof ASCEND_PORT_VERSION === 'string' ? ASCEND_PORT_VERSION : 'dev',
    };
    const builder = new ReportBuilder(config);
    let done = 0;
    for (const f of params.files) {
      // Between files the event loop turns: `$/cancelRequest`, hovers and edits are read
      // and answered, and a cancelled report stops within one file's analysis.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `report cancelled after ${done} of ${total} files`);
      const file = this.read(f, settings.maxFileBytes);
      engine.reportFile(builder, 'bytes' in file && this.contextOf ? { ...file, context: this.contextOf(f.uri, settings) } : file, config);
      done++;
      void connection.sendNotification('ascendPort/reportProgress', { id: params.id, done, total, path: f.path });
    }
    const report = builder.finish();
    return {
      report,
      charts: { family: effortByFamilySvg(report), fixable: fixableSvg(report), readiness: readinessSvg(report) },
      uris: Object.fromEntries(params.files.map((f) => [f.path, f.uri])),
      problems: problems.map((p) => `ascendPort.costModel: ${p}`),
    };
  }

  /** An open document's unsaved text, else the file through the shared admission path (links are not followed). */
  private read(f: { uri: string; path: string }, maxFileBytes: number): ReportFile {
    const open = this.documents.get(f.uri);
    if (open) return { path: f.path, bytes: new TextEncoder().encode(open.getText()) };
    const file = uriToPath(f.uri);
    if (!file) return { path: f.path, skipped: { kind: 'skipped', reason: 'binary', message: `skipped: ${f.uri} is not a file URI` } };
    const read = readSource(file, { maxFileBytes, symlinks: 'skip' });
    if (read.ok) return { path: f.path, bytes: read.file.bytes };
    if ('notice' in read) return { path: f.path, skipped: read.notice };
    return { path: f.path, skipped: { kind: 'skipped', reason: 'binary', message: `skipped: cannot read it: ${read.error}` } };
  }

  render(report: Report, format: ReportFormat): string {
    return renderReport(report, format, {
      docsBaseUri: `${pathToFileURL(path.resolve(__dirname, '..', 'docs', 'rules')).toString()}/`,
      toUri: (p) => p.split('/').map(encodeURIComponent).join('/'),
    });
  }
}
