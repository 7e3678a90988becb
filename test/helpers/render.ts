/**
 * Renders findings ruff-style for snapshots: message, location, the source line with
 * carets, and each fix as a before/after diff of the lines it touches.
 */
import { LineIndex, type Finding, type Fix } from '../../server/src/engine';

export function renderFindings(fileName: string, text: string, findings: readonly Finding[]): string {
  const lines = new LineIndex(text);
  const out: string[] = [];
  for (const f of findings) {
    const { start, end } = f.range;
    out.push(`${f.code} ${f.severity}: ${f.message}`);
    out.push(` --> ${fileName}:${start.line + 1}:${start.character + 1}`);
    const src = lines.lineText(start.line);
    const gutter = String(start.line + 1);
    const width = end.line === start.line ? Math.max(1, end.character - start.character) : Math.max(1, src.length - start.character);
    out.push(`${gutter} | ${src}`);
    out.push(`${' '.repeat(gutter.length)} | ${' '.repeat(start.character)}${'^'.repeat(width)}`);
    for (const r of f.related ?? []) out.push(`related ${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.message}`);
    for (const fix of f.fixes ?? []) out.push(...renderFix(text, lines, fix));
    out.push('');
  }
  return out.join('\n');
}

function renderFix(text: string, lines: LineIndex, fix: Fix): string[] {
  const out = [`fix (${fix.safety}): ${fix.title}`];
  const edits = [...fix.edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
  const first = Math.min(...fix.edits.map((e) => e.range.start.line));
  const last = Math.max(...fix.edits.map((e) => e.range.end.line));
  const from = lines.offsetAt({ line: first, character: 0 });
  const to = lines.offsetAt({ line: last, character: Number.MAX_SAFE_INTEGER });
  let region = text.slice(from, to);
  for (const e of edits) {
    const s = lines.offsetAt(e.range.start) - from;
    const t = lines.offsetAt(e.range.end) - from;
    region = region.slice(0, s) + e.newText + region.slice(t);
  }
  for (let l = first; l <= last; l++) out.push(`- ${lines.lineText(l)}`);
  for (const l of region.split('\n')) out.push(`+ ${l}`);
  return out;
}
