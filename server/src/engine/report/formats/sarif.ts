/**
 * The report as SARIF 2.1.0: rule metadata with help text and a help URI, one result per
 * finding with its location, and the cost figures as properties. Validated against the
 * SARIF 2.1.0 schema in the tests.
 */
import { ruleByCode } from '../../rules';
import type { Rule } from '../../rules/rule';
import type { Target } from '../../target';
import type { Report } from '../model';

export const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
const LEVEL = SARIF_LEVEL;

/** A SARIF reportingDescriptor for a rule: id, name, descriptions, help (markdown docs) and help URI, default level on the target. */
export function sarifRule(r: Rule, target: Target, docsBaseUri: string) {
  return {
    id: r.code,
    name: r.name,
    shortDescription: { text: r.summary.replace(/`/g, '') },
    fullDescription: { text: r.summary.replace(/`/g, '') },
    helpUri: `${docsBaseUri}${r.code}.md`,
    help: { text: r.summary.replace(/`/g, ''), markdown: r.docs.trim() },
    defaultConfiguration: { level: LEVEL[r.severity(target)] },
    properties: { family: r.family, effort: r.effort, tags: [r.family] },
  };
}

/** `docsBaseUri`: where the rule pages live, ending in `/` (`file:///…/docs/rules/`). */
export function reportSarif(report: Report, docsBaseUri: string, toUri: (path: string) => string): string {
  const codes = report.rules.map((r) => r.code).sort();
  const index = new Map(codes.map((c, i) => [c, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ascend-port',
            version: report.tool.version,
            informationUri: `${docsBaseUri}README.md`,
            rules: codes.map((code) => sarifRule(ruleByCode(code)!, report.target, docsBaseUri)),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: report.files.flatMap((f) =>
          f.findings.map((x) => ({
            ruleId: x.code,
            ruleIndex: index.get(x.code),
            level: LEVEL[x.severity],
            message: { text: x.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: toUri(f.path) },
                  region: { startLine: x.range.start.line + 1, startColumn: x.range.start.character + 1, endLine: x.range.end.line + 1, endColumn: x.range.end.character + 1 },
                },
                ...(x.kernel ? { logicalLocations: [{ name: x.kernel, kind: 'function' }] } : {}),
              },
            ],
            partialFingerprints: { 'ascendPort/v1': `${x.code}:${f.path}:${x.range.start.line + 1}` },
            properties: { id: x.id, effort: x.effort, fix: x.fix, hoursLow: x.hours[0], hoursHigh: x.hours[1] },
          })),
        ),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.skipped.map((s) => ({ level: 'note', message: { text: `${s.path}: ${s.message}` }, locations: [{ physicalLocation: { artifactLocation: { uri: toUri(s.path) } } }] })),
          },
        ],
        properties: { target: report.target, summary: report.summary, topBlockers: report.topBlockers },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
