/**
 * One file of `ascend-port scan`: admission, analysis with the file's build context, and
 * what the output keeps. The serial loop and the worker threads (`cli/workers.ts`) both call
 * this, so a parallel scan is the serial scan file by file. For text and JSON output a file
 * is kept as its piece of the output and its part of the summary, not as its findings, so a
 * scan's memory does not grow with the findings of the files before.
 */
import { skippedResult, type Engine, type ProjectConfig, type SeverityOverride, type Target } from '../engine';
import { readSource } from '../node/source';
import type { BuildFlags, CliContexts } from './buildFlags';
import { jsonOfFile, summaryPart, textOfFile, type FileResult, type SummaryPart } from './format';

/** Everything a scan of one file needs, as plain data (it crosses into worker threads). */
export interface ScanSettings {
  target: Target;
  select: string[];
  ignore: string[];
  severities: Readonly<Record<string, SeverityOverride>>;
  maxFileBytes: number;
  /** The output format: text and JSON keep each file as its piece of the output; SARIF keeps the results. */
  format: 'text' | 'json' | 'sarif';
  build: BuildFlags;
  project?: { config: ProjectConfig; file: string };
}

/** A file as the output needs it. */
export interface KeptFile {
  path: string;
  /** Its part of the summary (and of \`--fail-on\`). */
  part: SummaryPart;
  /** Text and JSON output: the file's piece of it (\`textOfFile\`, \`jsonOfFile\`). */
  piece?: string;
  /** SARIF output: the results. */
  result?: FileResult;
}

export interface ScannedFile {
  file?: KeptFile;
  errors: { path: string; message: string }[];
}

/** What the output keeps of one file's results. */
export function keepFile(f: FileResult, format: ScanSettings['format']): KeptFile {
  const part = summaryPart(f);
  if (format === 'sarif') return { path: f.path, part, result: f };
  return { path: f.path, part, piece: format === 'json' ? jsonOfFile(f) : textOfFile(f) };
}

export function scanFile(engine: Engine, contexts: CliContexts, file: string, s: ScanSettings): ScannedFile {
  const errors: ScannedFile['errors'] = [];
  // The one admission path: size before reading, binary, encoding. Paths found in a
  // directory walk are never links (the walk reports those); named paths are followed.
  const read = readSource(file, { maxFileBytes: s.maxFileBytes, symlinks: 'follow' });
  if (!read.ok) {
    if ('error' in read) return { errors: [{ path: file, message: read.error }] };
    return { file: keepFile({ path: file, result: skippedResult(read.notice) }, s.format), errors };
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
  // The text only for text output, which needs it for human columns.
  return { file: keepFile({ path: file, result, text: s.format === 'text' && result.stats.chars > 0 ? read.file.text : undefined }, s.format), errors };
}
