/**
 * `ascendPort/reportFiles`: the files of the workspace report, found by the same rule as the
 * CLI's `report` (node/discover.ts), so the editor and the CLI cover the same files. The
 * client sends its folders, `ascendPort.report.include` and the exclude globs
 * (`files.exclude`, `ascendPort.report.exclude`), each glob as it is, never joined.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { discoverFiles } from '../node/discover';

export const REPORT_FILES_REQUEST = 'ascendPort/reportFiles';

export interface ReportFilesParams {
  /** Folder URIs (file: only). */
  roots: string[];
  include?: string;
  exclude?: string[];
}

export interface ReportFilesResult {
  files: string[];
  errors: string[];
}

export function reportFiles(params: ReportFilesParams): ReportFilesResult {
  const roots = params.roots.filter((r) => r.startsWith('file:')).map((r) => fileURLToPath(r));
  const walk = discoverFiles(roots, { include: params.include, exclude: params.exclude });
  return { files: walk.files.map((f) => pathToFileURL(f).toString()), errors: walk.errors.map((e) => `${e.path}: ${e.message}`) };
}

export function registerReportFiles(connection: Connection): void {
  connection.onRequest(REPORT_FILES_REQUEST, (p: ReportFilesParams) => reportFiles(p));
}
