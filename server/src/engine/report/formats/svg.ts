/**
 * Charts of the report as plain SVG strings, drawn from the model alone: effort by family,
 * automatic vs manual fixes, readiness per kernel. Colours come from CSS classes, so the
 * HTML export and the editor's webview theme them (VS Code's --vscode-* variables there).
 * Each chart has a <title> and an aria-label for screen readers.
 */
import type { Report } from '../model';

export const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const W = 560;
const one = (x: number) => String(Math.round(x * 10) / 10);
const LABEL = 170;
const ROW = 22;

function frame(id: string, title: string, height: number, body: string): string {
  return `<svg class="chart" id="${id}" role="img" aria-label="${xml(title)}" viewBox="0 0 ${W} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>${xml(title)}</title>${body}</svg>`;
}

export function effortByFamilySvg(report: Report): string {
  const rows = report.families;
  const max = Math.max(1, ...rows.map((r) => r.hours[1]));
  const scale = (W - LABEL - 90) / max;
  const body = rows
    .map((r, i) => {
      const y = 6 + i * ROW;
      return (
        `<text class="label" x="${LABEL - 8}" y="${y + 14}" text-anchor="end">${xml(r.family)}</text>` +
        `<rect class="bar-high" x="${LABEL}" y="${y + 3}" width="${(r.hours[1] * scale).toFixed(1)}" height="14"><title>${xml(`${r.family}: ${r.count} findings, ${r.hours[0]}–${r.hours[1]} h`)}</title></rect>` +
        `<rect class="bar-low" x="${LABEL}" y="${y + 3}" width="${(r.hours[0] * scale).toFixed(1)}" height="14"/>` +
        `<text class="value" x="${LABEL + r.hours[1] * scale + 6}" y="${y + 14}">${one(r.hours[0])}–${one(r.hours[1])} h</text>`
      );
    })
    .join('');
  return frame('chart-family', 'Estimated hours by rule family (low to high)', Math.max(30, rows.length * ROW + 12), rows.length ? body : '<text class="label" x="8" y="20">No findings.</text>');
}

export function fixableSvg(report: Report): string {
  const { safe, unsafe, manual } = report.summary.fixable;
  const total = Math.max(1, safe + unsafe + manual);
  const width = W - 20;
  let x = 10;
  const parts = [
    ['safe', safe, 'automatic, safe'],
    ['unsafe', unsafe, 'automatic, needs review'],
    ['manual', manual, 'manual'],
  ] as const;
  const bars = parts
    .map(([cls, n, label]) => {
      const w = (n / total) * width;
      const r = `<rect class="${cls}" x="${x.toFixed(1)}" y="8" width="${w.toFixed(1)}" height="22"><title>${xml(`${label}: ${n}`)}</title></rect>`;
      x += w;
      return r;
    })
    .join('');
  const at = [10, 190, 420];
  const legend = parts.map(([cls, n, label], i) => `<rect class="${cls}" x="${at[i]}" y="42" width="12" height="12"/><text class="label" x="${at[i]! + 18}" y="53">${xml(`${label}: ${n}`)}</text>`).join('');
  return frame('chart-fixable', `Findings with an automatic fix: ${safe} safe, ${unsafe} unsafe; ${manual} manual`, 64, bars + legend);
}

export function readinessSvg(report: Report): string {
  const kernels = report.files.flatMap((f) => f.kernels.map((k) => ({ k, file: f.path })));
  const scale = (W - LABEL - 60) / 100;
  const body = kernels
    .map(({ k }, i) => {
      const y = 6 + i * ROW;
      const cls = k.readiness >= 80 ? 'ready-hi' : k.readiness >= 40 ? 'ready-mid' : 'ready-lo';
      return (
        `<text class="label" x="${LABEL - 8}" y="${y + 14}" text-anchor="end">${xml(k.name.length > 24 ? `${k.name.slice(0, 23)}…` : k.name)}</text>` +
        `<rect class="track" x="${LABEL}" y="${y + 3}" width="${100 * scale}" height="14"/>` +
        `<rect class="${cls}" x="${LABEL}" y="${y + 3}" width="${(k.readiness * scale).toFixed(1)}" height="14"><title>${xml(`${k.name}: readiness ${k.readiness}, ${k.port}`)}</title></rect>` +
        `<text class="value" x="${LABEL + 100 * scale + 6}" y="${y + 14}">${k.readiness}</text>`
      );
    })
    .join('');
  return frame('chart-readiness', 'Readiness per kernel (0–100)', Math.max(30, kernels.length * ROW + 12), kernels.length ? body : '<text class="label" x="8" y="20">No kernels.</text>');
}

/** Colours of the charts, as CSS: theme variables with fallbacks for a standalone file. */
export const CHART_CSS = `
.chart { max-width: 720px; display: block; margin: 4px 0 16px; }
.chart .label, .chart .value { fill: currentColor; font-size: 12px; }
.chart .bar-high { fill: var(--vscode-charts-orange, #d18616); opacity: 0.45; }
.chart .bar-low { fill: var(--vscode-charts-orange, #d18616); }
.chart .safe { fill: var(--vscode-charts-green, #388a34); }
.chart .unsafe { fill: var(--vscode-charts-yellow, #bf8803); }
.chart .manual { fill: var(--vscode-charts-red, #c72e0f); }
.chart .track { fill: var(--vscode-editorWidget-border, #8884); }
.chart .ready-hi { fill: var(--vscode-charts-green, #388a34); }
.chart .ready-mid { fill: var(--vscode-charts-yellow, #bf8803); }
.chart .ready-lo { fill: var(--vscode-charts-red, #c72e0f); }
`;
