/** The report as Markdown: summary, top blockers, families, kernels, files, skipped files. */
import type { Report } from '../model';

/**
 * A name from the user's files (path, kernel, estimate text) as inert Markdown: control
 * characters and line breaks become spaces, HTML is written as entities (a report rendered
 * with HTML enabled once ran a file name's `<script>`), and Markdown punctuation that could
 * start a link, an image, emphasis, code or a table cell is backslash-escaped.
 */
export const esc = (s: string) =>
  s
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|!#~]/g, '\\$&');
const pct = (x: number) => `${Math.round(x * 100)}%`;
/** Hours and days for people: one decimal at most. */
const one = (x: number) => String(Math.round(x * 10) / 10);
const range = (h: [number, number]) => `${one(h[0])}–${one(h[1])}`;

export function reportMarkdown(report: Report): string {
  const s = report.summary;
  const out: string[] = [
    `# Porting cost report: CUDA → Ascend C`,
    '',
    `Target **${report.target.soc}**, CANN ${report.target.cann}. ${s.files.scanned} files scanned (${s.files.lines} lines), ${s.files.skipped} skipped. ascend-port ${report.tool.version}.`,
    '',
    '| | |',
    '|---|---|',
    `| estimated effort | **${range(s.personDays)} person-days** (${range(s.hours)} hours at ${report.costModel.hoursPerDay} h/day) |`,
    `| kernels | ${s.kernels.total}: ${s.kernels.complete} ported completely, ${s.kernels.skeleton} skeleton only; ${s.kernels.cubeEligible} Cube-eligible (${pct(s.shares.cubeEligible)}), ${s.kernels.scalarHeavy} scalar-heavy |`,
    `| findings | ${s.findings}: ${s.bySeverity.error} errors, ${s.bySeverity.warning} warnings, ${s.bySeverity.information} information |`,
    `| by effort | ${s.byEffort.high} high, ${s.byEffort.medium} medium, ${s.byEffort.low} low |`,
    `| automatic fixes | ${pct(s.shares.autoFixable)} of findings: ${s.fixable.safe} safe, ${s.fixable.unsafe} unsafe; ${s.fixable.manual} manual |`,
    '',
    '## Top blockers',
    '',
    '| rule | family | effort | findings | fixable | hours |',
    '|---|---|---|---|---|---|',
    ...report.rules.slice(0, 10).map((r) => `| ${r.code} ${r.rule} | ${r.family} | ${r.effort} | ${r.count} | ${r.fixable.safe + r.fixable.unsafe} | ${range(r.hours)} |`),
    '',
    '## Effort by family',
    '',
    '| family | findings | hours |',
    '|---|---|---|',
    ...report.families.map((f) => `| ${f.family} | ${f.count} | ${range(f.hours)} |`),
    '',
    '## Kernels',
    '',
    '| kernel | file | port | class | Cube | readiness | hours | estimate |',
    '|---|---|---|---|---|---|---|---|',
    ...report.files.flatMap((f) => f.kernels.map((k) => `| ${esc(k.name)} | ${esc(f.path)}:${k.range.start.line + 1} | ${k.port} | ${k.classification} | ${k.cubeUtilization === null ? '?' : pct(k.cubeUtilization)} | ${k.readiness} | ${range(k.figures.hours)} | ${esc(k.estimate)} |`)),
    '',
    '## Files',
    '',
    '| file | lines | kernels | findings | safe / unsafe / manual | hours |',
    '|---|---|---|---|---|---|',
    ...report.files.map((f) => `| ${esc(f.path)} | ${f.lines} | ${f.kernels.length} | ${f.figures.findings} | ${f.figures.fixable.safe} / ${f.figures.fixable.unsafe} / ${f.figures.fixable.manual} | ${range(f.figures.hours)} |`),
    '',
  ];
  if (report.skipped.length) out.push('## Skipped files', '', ...report.skipped.map((x) => `- ${esc(x.path)}: ${esc(x.message)} (${x.reason})`), '');
  out.push('Hours come from the cost model (docs/cost-model.md); every total is the sum of the findings and kernels listed in the JSON export.', '');
  return out.join('\n');
}
