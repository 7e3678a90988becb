/**
 * Renderers for scan results. They only format what the engine produced.
 */
import { codePointColumn, formatTarget, LineIndex, sarifLog, sarifResult, sarifRule, type AnalysisResult, type Finding, type Rule, type Severity, type Target } from '../engine';

export interface FileResult {
  path: string;
  result: AnalysisResult;
  /** Source text, kept to convert UTF-16 columns to code-point columns for humans. */
  text?: string;
}

export interface ScanOutput {
  version: string;
  target: Target;
  files: FileResult[];
  errors: { path: string; message: string }[];
}

export interface Summary {
  filesScanned: number;
  filesSkipped: number;
  filesPartial: number;
  kernels: number;
  launches: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  byRule: { code: string; rule: string; count: number }[];
  withFix: number;
}

/** What one file adds to the summary (kept instead of its findings when the output is streamed). */
export interface SummaryPart extends Omit<Summary, 'filesScanned' | 'filesSkipped' | 'filesPartial'> {
  skipped: boolean;
  partial: boolean;
}

export function summaryPart(f: FileResult): SummaryPart {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  const byRule = new Map<string, { code: string; rule: string; count: number }>();
  let withFix = 0;
  for (const x of f.result.findings) {
    bySeverity[x.severity]++;
    if (x.fixes?.length) withFix++;
    const r = byRule.get(x.code) ?? { code: x.code, rule: x.rule, count: 0 };
    r.count++;
    byRule.set(x.code, r);
  }
  return {
    skipped: f.result.notices.some((n) => n.kind === 'skipped'),
    partial: !!f.result.partial,
    kernels: f.result.kernels.filter((k) => k.kind === 'global').length,
    launches: f.result.launches.length,
    findings: f.result.findings.length,
    bySeverity,
    byRule: [...byRule.values()],
    withFix,
  };
}

export function summarizeParts(parts: readonly SummaryPart[]): Summary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  const byRule = new Map<string, { code: string; rule: string; count: number }>();
  let findings = 0;
  let withFix = 0;
  let kernels = 0;
  let launches = 0;
  let skipped = 0;
  let partial = 0;
  for (const p of parts) {
    if (p.skipped) skipped++;
    if (p.partial) partial++;
    kernels += p.kernels;
    launches += p.launches;
    findings += p.findings;
    withFix += p.withFix;
    for (const s of Object.keys(bySeverity) as Severity[]) bySeverity[s] += p.bySeverity[s];
    for (const x of p.byRule) {
      const r = byRule.get(x.code) ?? { code: x.code, rule: x.rule, count: 0 };
      r.count += x.count;
      byRule.set(x.code, r);
    }
  }
  return {
    filesScanned: parts.length - skipped,
    filesSkipped: skipped,
    filesPartial: partial,
    kernels,
    launches,
    findings,
    bySeverity,
    byRule: [...byRule.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    withFix,
  };
}

function humanColumn(f: FileResult, x: Finding, lines: LineIndex | undefined): number {
  return lines ? codePointColumn(lines.lineText(x.range.start.line), x.range.start.character) : x.range.start.character + 1;
}

/**
 * One file's lines of the text output, each ending in a newline: `path:line:col CODE
 * severity: message`, one line per finding; notices as `path: note: ...`.
 */
export function textOfFile(f: FileResult): string {
  const lines: string[] = [];
  const index = f.text !== undefined ? new LineIndex(f.text) : undefined;
  for (const n of f.result.notices) lines.push(`${f.path}: note: ${n.message}`);
  for (const x of f.result.findings) {
    lines.push(`${f.path}:${x.range.start.line + 1}:${humanColumn(f, x, index)} ${x.code} ${x.severity}: ${x.message}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

export function textOfErrors(errors: ScanOutput['errors']): string {
  return errors.map((e) => `${e.path}: error: ${e.message}\n`).join('');
}

export function summaryText(version: string, target: Target, s: Summary): string {
  const rows = s.byRule.map((r) => `  ${r.code} ${r.rule.padEnd(26)} ${String(r.count).padStart(5)}`);
  return [
    '',
    `ascend-port ${version} · target ${formatTarget(target)}`,
    `files: ${s.filesScanned} scanned, ${s.filesSkipped} skipped${s.filesPartial ? `, ${s.filesPartial} partial` : ''}; kernels: ${s.kernels}; launches: ${s.launches}`,
    `findings: ${s.findings} (${s.bySeverity.error} error, ${s.bySeverity.warning} warning, ${s.bySeverity.information} information); ${s.withFix} with a quick fix`,
    ...(rows.length ? ['by rule:', ...rows] : []),
    '',
  ].join('\n');
}

/** One file's entry of the JSON output, as \`JSON.stringify(…, null, 2)\` writes it at the top level. */
export function jsonOfFile(f: FileResult): string {
  return JSON.stringify({ path: f.path, partial: f.result.partial, notices: f.result.notices, findings: f.result.findings, kernels: f.result.kernels, launches: f.result.launches }, null, 2);
}

/** Where the files go in the JSON output's text (a string JSON never holds unescaped). */
const FILES_HOLE = '\u0000files\u0000';

/**
 * The JSON output around its \`files\` array, byte for byte \`JSON.stringify(output, null, 2)\`:
 * the array goes between \`head\` and \`tail\`, written as \`[]\`, or as each entry's
 * \`jsonFilesPiece\` followed by \`JSON_FILES_END\`. A scan writes the entries one by one and
 * never holds the output as one string.
 */
export function jsonFrame(version: string, target: Target, summary: Summary, errors: ScanOutput['errors']): { head: string; tail: string } {
  const whole = JSON.stringify({ tool: 'ascend-port', version, target, summary, files: FILES_HOLE, errors }, null, 2);
  const hole = JSON.stringify(FILES_HOLE);
  const at = whole.indexOf(hole);
  return { head: whole.slice(0, at), tail: `${whole.slice(at + hole.length)}\n` };
}

/** The \`index\`th entry of the \`files\` array, indented as it sits in the output. */
export function jsonFilesPiece(entry: string, index: number): string {
  return `${index ? ',\n' : '[\n'}    ${entry.replace(/\n/g, '\n    ')}`;
}

export const JSON_FILES_END = '\n  ]';

/** SARIF 2.1.0 of a scan; `docsBaseUri`: where the rule pages are, ending in `/`, for the rules' help URIs. */
export function formatSarif(out: ScanOutput, rules: readonly Rule[], docsBaseUri: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.code, i]));
  const notifications = [
    ...out.files.flatMap((f) =>
      f.result.notices.map((n) => ({
        level: 'note',
        message: { text: n.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: toUri(f.path) } } }],
      })),
    ),
    ...out.errors.map((e) => ({ level: 'error', message: { text: `${e.path}: ${e.message}` } })),
  ];
  return sarifLog({
    version: out.version,
    rules: rules.map((r) => sarifRule(r, out.target, docsBaseUri)),
    results: out.files.flatMap((f) => f.result.findings.map((x) => sarifResult(x, ruleIndex.get(x.code), toUri(f.path), { properties: { effort: x.effort, fixable: !!x.fixes?.length } }))),
    invocation: { executionSuccessful: out.errors.length === 0, toolExecutionNotifications: notifications },
  });
}

function toUri(p: string): string {
  return p.split(/[\\/]/).map(encodeURIComponent).join('/');
}
