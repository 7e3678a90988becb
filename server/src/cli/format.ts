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

export function summarize(out: ScanOutput): Summary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  const byRule = new Map<string, { code: string; rule: string; count: number }>();
  let findings = 0;
  let withFix = 0;
  let kernels = 0;
  let launches = 0;
  let skipped = 0;
  let partial = 0;
  for (const f of out.files) {
    if (f.result.notices.some((n) => n.kind === 'skipped')) skipped++;
    if (f.result.partial) partial++;
    kernels += f.result.kernels.filter((k) => k.kind === 'global').length;
    launches += f.result.launches.length;
    for (const x of f.result.findings) {
      findings++;
      bySeverity[x.severity]++;
      if (x.fixes?.length) withFix++;
      const r = byRule.get(x.code) ?? { code: x.code, rule: x.rule, count: 0 };
      r.count++;
      byRule.set(x.code, r);
    }
  }
  return {
    filesScanned: out.files.length - skipped,
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

/** `path:line:col CODE severity: message`, one line per finding; notices as `path: note: ...`. */
export function formatText(out: ScanOutput): string {
  const lines: string[] = [];
  for (const f of out.files) {
    const index = f.text !== undefined ? new LineIndex(f.text) : undefined;
    for (const n of f.result.notices) lines.push(`${f.path}: note: ${n.message}`);
    for (const x of f.result.findings) {
      lines.push(`${f.path}:${x.range.start.line + 1}:${humanColumn(f, x, index)} ${x.code} ${x.severity}: ${x.message}`);
    }
  }
  for (const e of out.errors) lines.push(`${e.path}: error: ${e.message}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function formatSummary(out: ScanOutput): string {
  const s = summarize(out);
  const rows = s.byRule.map((r) => `  ${r.code} ${r.rule.padEnd(26)} ${String(r.count).padStart(5)}`);
  return [
    '',
    `ascend-port ${out.version} · target ${formatTarget(out.target)}`,
    `files: ${s.filesScanned} scanned, ${s.filesSkipped} skipped${s.filesPartial ? `, ${s.filesPartial} partial` : ''}; kernels: ${s.kernels}; launches: ${s.launches}`,
    `findings: ${s.findings} (${s.bySeverity.error} error, ${s.bySeverity.warning} warning, ${s.bySeverity.information} information); ${s.withFix} with a quick fix`,
    ...(rows.length ? ['by rule:', ...rows] : []),
    '',
  ].join('\n');
}

export function formatJson(out: ScanOutput): string {
  return `${JSON.stringify(
    {
      tool: 'ascend-port',
      version: out.version,
      target: out.target,
      summary: summarize(out),
      files: out.files.map((f) => ({
        path: f.path,
        partial: f.result.partial,
        notices: f.result.notices,
        findings: f.result.findings,
        kernels: f.result.kernels,
        launches: f.result.launches,
      })),
      errors: out.errors,
    },
    null,
    2,
  )}\n`;
}


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
