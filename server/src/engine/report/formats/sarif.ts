/**
 * The report as SARIF 2.1.0: rule metadata with help text and a help URI, one result per
 * finding with its location, and the cost figures as properties. Validated against the
 * SARIF 2.1.0 schema in the tests.
 */
import { ruleByCode } from '../../rules';
import type { Rule } from '../../rules/rule';
import type { Target } from '../../target';
import type { Range } from '../../types';
import type { Report } from '../model';

export const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** A SARIF reportingDescriptor for a rule: id, name, descriptions, help (markdown docs) and help URI, default level on the target. */
export function sarifRule(r: Rule, target: Target, docsBaseUri: string) {
  return {
    id: r.code,
    name: r.name,
    shortDescription: { text: r.summary.replace(/`/g, '') },
    fullDescription: { text: r.summary.replace(/`/g, '') },
    helpUri: `${docsBaseUri}${r.code}.md`,
    help: { text: r.summary.replace(/`/g, ''), markdown: r.docs.trim() },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity(target)] },
    properties: { family: r.family, effort: r.effort, tags: [r.family] },
  };
}

/** A SARIF result: a finding of rule `code` at `range` in the file `uri`. */
export function sarifResult(f: { code: string; severity: keyof typeof SARIF_LEVEL; message: string; range: Range }, ruleIndex: number | undefined, uri: string, extra: Record<string, unknown> = {}) {
  return {
    ruleId: f.code,
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri },
          region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 },
        },
      },
    ],
    ...extra,
  };
}

/** One SARIF 2.1.0 log with one run of ascend-port; columns in UTF-16 code units (LSP's). */
export function sarifLog(run: { version: string; rules: unknown[]; results: unknown[]; invocation: unknown; informationUri?: string; properties?: unknown }): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ascend-port', version: run.version, ...(run.informationUri ? { informationUri: run.informationUri } : {}), rules: run.rules } },
        columnKind: 'utf16CodeUnits',
        results: run.results,
        invocations: [run.invocation],
        ...(run.properties ? { properties: run.properties } : {}),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** `docsBaseUri`: where the rule pages live, ending in `/` (`file:///…/docs/rules/`). */
export function reportSarif(report: Report, docsBaseUri: string, toUri: (path: string) => string): string {
  const codes = report.rules.map((r) => r.code).sort();
  const index = new Map(codes.map((c, i) => [c, i]));
  return sarifLog({
    version: report.tool.version,
    informationUri: `${docsBaseUri}README.md`,
    rules: codes.map((code) => sarifRule(ruleByCode(code)!, report.target, docsBaseUri)),
    results: report.files.flatMap((f) =>
      f.findings.map((x) => {
        const r = sarifResult(x, index.get(x.code), toUri(f.path), {
          partialFingerprints: { 'ascendPort/v1': `${x.code}:${f.path}:${x.range.start.line + 1}` },
          properties: { id: x.id, effort: x.effort, fix: x.fix, hoursLow: x.hours[0], hoursHigh: x.hours[1] },
        });
        if (x.kernel) Object.assign(r.locations[0]!, { logicalLocations: [{ name: x.kernel, kind: 'function' }] });
        return r;
      }),
    ),
    invocation: {
      executionSuccessful: true,
      toolExecutionNotifications: report.skipped.map((s) => ({ level: 'note', message: { text: `${s.path}: ${s.message}` }, locations: [{ physicalLocation: { artifactLocation: { uri: toUri(s.path) } } }] })),
    },
    properties: { target: report.target, summary: report.summary, topBlockers: report.topBlockers },
  });
}
