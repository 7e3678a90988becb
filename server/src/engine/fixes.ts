/**
 * Fix-all: the safe fixes of an analysis as one list of non-overlapping edits, in
 * document order. A fix is taken whole or not at all; when two fixes overlap, the one
 * that starts first wins and the other waits for the next run (its finding is still
 * there). Only fixes marked `safe` are taken, as ruff's `--fix` does.
 */
import type { Finding, Position, TextEdit } from './types';

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
const beforeOrAt = (a: Position, b: Position) => !before(b, a);

export function safeFixEdits(findings: readonly Finding[]): TextEdit[] {
  const fixes = findings
    .flatMap((f) => f.fixes ?? [])
    .filter((f) => f.safety === 'safe' && f.edits.length)
    .map((f) => ({ f, start: f.edits.reduce((m, e) => (before(e.range.start, m) ? e.range.start : m), f.edits[0]!.range.start) }))
    .sort((a, b) => (before(a.start, b.start) ? -1 : before(b.start, a.start) ? 1 : 0));
  const taken: TextEdit[] = [];
  const seen = new Set<string>();
  for (const { f } of fixes) {
    const key = JSON.stringify(f.edits);
    if (seen.has(key)) continue;
    // An edit identical to one already taken (the `acl/acl.h` include several fixes carry) is shared, not a conflict.
    const fresh = f.edits.filter((e) => !taken.some((t) => same(e, t)));
    const overlaps = fresh.some((e) => taken.some((t) => before(e.range.start, t.range.end) && before(t.range.start, e.range.end) || (eq(e.range.start, t.range.start) && eq(e.range.end, t.range.end))));
    if (overlaps) continue;
    seen.add(key);
    taken.push(...fresh);
  }
  return taken.sort((a, b) => (before(a.range.start, b.range.start) ? -1 : before(b.range.start, a.range.start) ? 1 : 0));
}

/**
 * For `migrate`, after the safe fixes: the unsafe ones, each marked. A fix is taken whole when
 * none of its edits overlaps an edit already taken (`taken`: the safe fixes and the migration's
 * own edits) or another unsafe fix; right after its last edit comes a block comment
 * `/* TODO(ascend-port): <code> <title>: <why it is unsafe> *\/`, so the line says that a human
 * must check it (a block comment keeps a macro's continuation lines intact).
 */
export function markedUnsafeFixEdits(findings: readonly Finding[], taken: readonly TextEdit[]): { edits: TextEdit[]; count: number } {
  const out: TextEdit[] = [];
  const busy: TextEdit[] = [...taken];
  let count = 0;
  const overlap = (e: TextEdit, t: TextEdit) => (before(e.range.start, t.range.end) && before(t.range.start, e.range.end)) || (eq(e.range.start, t.range.start) && eq(e.range.end, t.range.end));
  for (const f of findings) {
    for (const fix of f.fixes ?? []) {
      if (fix.safety === 'safe' || !fix.edits.length) continue;
      const fresh = fix.edits.filter((e) => !busy.some((t) => same(e, t)));
      if (!fresh.length || fresh.some((e) => busy.some((t) => overlap(e, t)))) continue;
      const last = fix.edits.reduce((m, e) => (before(m.range.end, e.range.end) ? e : m), fix.edits[0]!);
      const why = f.message.replace(/\s+/g, ' ').replace(/\*\//g, '* /').slice(0, 240);
      const marker: TextEdit = { range: { start: last.range.end, end: last.range.end }, newText: ` /* TODO(ascend-port): ${f.code} unsafe fix applied (${fix.title.replace(/\*\//g, '* /')}); check it: ${why} */` };
      out.push(...fresh, marker);
      busy.push(...fresh);
      count++;
      break;
    }
  }
  return { edits: out, count };
}

function same(a: TextEdit, b: TextEdit): boolean {
  return eq(a.range.start, b.range.start) && eq(a.range.end, b.range.end) && a.newText === b.newText;
}

function eq(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/** Applies LSP-style edits to text (for the CLI and tests; editors apply them themselves). */
export function applyEdits(text: string, edits: readonly TextEdit[], offsetAt: (p: Position) => number): string {
  // Applied from the end of the text. At one offset an insertion lands before a replacement
  // that starts there, and insertions at the same offset keep their order in `edits` (as in
  // LSP's TextEdit[]), so the later one is applied first.
  const spans = edits
    .map((e, index) => ({ start: offsetAt(e.range.start), end: offsetAt(e.range.end), text: e.newText, index }))
    .sort((a, b) => b.start - a.start || b.end - a.end || b.index - a.index);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

export { beforeOrAt };
