/**
 * One file of `ascend-port scan`: admission, analysis with the file's build context, and
 * what the output keeps. The serial loop and the worker threads (`cli/workers.ts`) both call
 * this, so a parallel scan is the serial scan file by file.
 */
import { skippedResult, type Engine, type ProjectConfig, type SeverityOverride, type Target } from '../engine';
import { readSource } from '../node/source';
import type { BuildFlags, CliContexts } from './buildFlags';
import type { FileResult } from './format';

/** Everything a scan of one file needs, as plain data (it crosses into worker threads). */
export interface ScanSettings {
  target: Target;
  select: string[];
  ignore: string[];
  severities: Readonly<Record<string, SeverityOverride>>;
  maxFileBytes: number;
  /** Text output keeps each file's text, for human columns. */
  keepText: boolean;
  build: BuildFlags;
  project?: { config: ProjectConfig; file: string };
}

export interface ScannedFile {
  file?: FileResult;
  errors: { path: string; message: string }[];
}

export function scanFile(engine: Engine, contexts: CliContexts, file: string, s: ScanSettings): ScannedFile {
  const errors: ScannedFile['errors'] = [];
  // The one admission path: size before reading, binary, encoding. Paths found in a
  // directory walk are never links (the walk reports those); named paths are followed.
  const read = readSource(file, { maxFileBytes: s.maxFileBytes, symlinks: 'follow' });
  if (!read.ok) {
    if ('error' in read) return { errors: [{ path: file, message: read.error }] };
    return { file: { path: file, result: skippedResult(read.notice) }, errors };
  }
  // Admitted above; the document sees the headers and defines of its build configuration.
  const doc = engine.open(read.file.text, contexts.contextFor(file));
  let result;
  try {
    result = engine.analyze(doc, { target: s.target, only: s.select, disabled: s.ignore, severities: s.severities });
  } finally {
    doc.dispose();
  }
  if (read.file.notice) result.notices.unshift(read.file.notice);
  for (const err of result.ruleErrors) errors.push({ path: file, message: `internal: ${err}` });
  // Keep the text only for text output, which needs it for human columns.
  return { file: { path: file, result, text: s.keepText && result.stats.chars > 0 ? read.file.text : undefined }, errors };
}
