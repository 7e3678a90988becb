/**
 * The report as one self-contained HTML file: inline CSS, inline SVG charts, no script and
 * no remote content (a CSP meta tag says so), light and dark by the reader's preference.
 */
import type { Report } from '../model';
import { CHART_CSS, effortByFamilySvg, fixableSvg, readinessSvg, xml } from './svg';

const pct = (x: number) => `${Math.round(x * 100)}%`;
/** Hours and days for people: one decimal at most. */
const one = (x: number) => String(Math.round(x * 10) / 10);
const range = (h: [number, number]) => `${one(h[0])}–${one(h[1])}`;

export function reportHtml(report: Report): string {
  const s = report.summary;
  const card = (label: string, value: string, note: string) => `<div class="card"><div class="value">${xml(value)}</div><div class="label">${xml(label)}</div><div class="note">${xml(note)}</div></div>`;
  const kernels = report.files.flatMap((f) =>
    f.kernels.map(
      (k) =>
        `<tr><td>${xml(k.name)}</td><td>${xml(f.path)}:${k.range.start.line + 1}</td><td>${k.port}</td><td>${k.classification}</td><td class="num">${k.cubeUtilization === null ? '?' : pct(k.cubeUtilization)}</td><td class="num">${k.readiness}</td><td class="num">${range(k.figures.hours)}</td><td>${xml(k.estimate)}</td></tr>`,
    ),
  );
  const files = report.files.map((f) => `<tr><td>${xml(f.path)}</td><td class="num">${f.lines}</td><td class="num">${f.kernels.length}</td><td class="num">${f.figures.findings}</td><td class="num">${f.figures.fixable.safe} / ${f.figures.fixable.unsafe} / ${f.figures.fixable.manual}</td><td class="num">${range(f.figures.hours)}</td></tr>`);
  const blockers = report.rules.slice(0, 10).map((r) => `<tr><td>${r.code} ${xml(r.rule)}</td><td>${r.family}</td><td>${r.effort}</td><td class="num">${r.count}</td><td class="num">${r.fixable.safe + r.fixable.unsafe}</td><td class="num">${range(r.hours)}</td></tr>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Porting cost report: ${xml(report.target.soc)}</title>
<style>
:root { color-scheme: light dark; }
body { font-family: system-ui, sans-serif; margin: 24px; color: CanvasText; background: Canvas; line-height: 1.4; }
h1 { font-size: 1.5em; margin: 0 0 4px; } h2 { font-size: 1.15em; margin-top: 28px; }
.meta { opacity: 0.8; margin-bottom: 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px; }
.card { border: 1px solid #8886; border-radius: 6px; padding: 10px 12px; }
.card .value { font-size: 1.4em; font-weight: 600; } .card .label { font-weight: 600; } .card .note { opacity: 0.75; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border-bottom: 1px solid #8884; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
${CHART_CSS}
</style>
</head>
<body>
<main>
<h1>Porting cost report: CUDA → Ascend C</h1>
<div class="meta">Target ${xml(report.target.soc)}, CANN ${xml(report.target.cann)} · ${s.files.scanned} files (${s.files.lines} lines), ${s.files.skipped} skipped · ascend-port ${xml(report.tool.version)}</div>
<section class="cards" aria-label="Summary">
${card('person-days', range(s.personDays), `${range(s.hours)} hours at ${report.costModel.hoursPerDay} h/day`)}
${card('kernels', String(s.kernels.total), `${s.kernels.complete} complete ports, ${s.kernels.skeleton} skeletons`)}
${card('Cube-eligible', pct(s.shares.cubeEligible), `${s.kernels.cubeEligible} of ${s.kernels.total} kernels`)}
${card('findings', String(s.findings), `${s.bySeverity.error} errors, ${s.bySeverity.warning} warnings`)}
${card('automatic fixes', pct(s.shares.autoFixable), `${s.fixable.safe} safe, ${s.fixable.unsafe} unsafe`)}
</section>
<h2>Effort by family</h2>
${effortByFamilySvg(report)}
<h2>Automatic vs manual</h2>
${fixableSvg(report)}
<h2>Readiness per kernel</h2>
${readinessSvg(report)}
<h2>Top blockers</h2>
<table><thead><tr><th>rule</th><th>family</th><th>effort</th><th>findings</th><th>fixable</th><th>hours</th></tr></thead><tbody>
${blockers.join('\n')}
</tbody></table>
<h2>Kernels</h2>
<table><thead><tr><th>kernel</th><th>location</th><th>port</th><th>class</th><th>Cube</th><th>readiness</th><th>hours</th><th>estimate</th></tr></thead><tbody>
${kernels.join('\n')}
</tbody></table>
<h2>Files</h2>
<table><thead><tr><th>file</th><th>lines</th><th>kernels</th><th>findings</th><th>safe / unsafe / manual</th><th>hours</th></tr></thead><tbody>
${files.join('\n')}
</tbody></table>
${report.skipped.length ? `<h2>Skipped files</h2><ul>${report.skipped.map((x) => `<li>${xml(x.path)}: ${xml(x.message)}</li>`).join('')}</ul>` : ''}
<p class="meta">Hours come from the cost model (docs/cost-model.md); every total is the sum of the findings and kernels in the JSON export.</p>
</main>
</body>
</html>
`;
}
