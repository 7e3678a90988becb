/**
 * Suppression comments:
 *   // ascend-port-ignore ASC251            this line, or the next line when the comment stands alone
 *   // ascend-port-ignore ASC251, atomic-add (codes or names; none means every rule)
 *   // ascend-port-ignore-file ASC601        the whole file
 */
import { allRules } from './rules';
import type { LineIndex } from './syntax/positions';
import type { Finding } from './types';

const ALL = '*';
const DIRECTIVE = /\/\/[ \t]*ascend-port-ignore(-file)?\b([^\n\r]*)/g;

export interface Suppressions {
  suppresses(f: Finding): boolean;
  /** Codes or names that match no rule (reported so typos do not silently suppress nothing). */
  unknown: string[];
}

const known = new Map<string, string>();
for (const r of allRules) {
  known.set(r.code, r.code);
  known.set(r.name, r.code);
}

export function findSuppressions(text: string, lines: LineIndex): Suppressions {
  const byLine = new Map<number, Set<string>>();
  const file = new Set<string>();
  const unknown: string[] = [];
  // Cheap exit: most files have no directive.
  if (!text.includes('ascend-port-ignore')) return { suppresses: () => false, unknown };
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    const words = m[2]!.split(/[\s,]+/).filter((w) => w && !w.startsWith('--'));
    const codes = new Set<string>();
    let named = false;
    // Text after ` -- ` or `:` is a free-form reason.
    for (const raw of words) {
      if (raw === ':') break;
      const w = raw.replace(/:$/, '');
      const code = known.get(w) ?? known.get(w.toUpperCase());
      if (code) codes.add(code);
      else if (/^ASC\d{3}$/i.test(w) || /^[a-z]+(-[a-z0-9]+)+$/.test(w)) unknown.push(w);
      else break; // prose starts
      named = true;
      if (raw.endsWith(':')) break;
    }
    // No rule named: every rule. Only unknown rules named: none (a typo must not hide everything).
    if (!named) codes.add(ALL);
    if (m[1]) {
      for (const c of codes) file.add(c);
      continue;
    }
    const pos = lines.positionAt(m.index);
    const before = lines.lineText(pos.line).slice(0, pos.character);
    // A comment alone on its line applies to the next line; a trailing one to its own line.
    const target = before.trim() === '' ? pos.line + 1 : pos.line;
    const set = byLine.get(target) ?? new Set<string>();
    for (const c of codes) set.add(c);
    byLine.set(target, set);
  }
  return {
    unknown,
    suppresses(f) {
      if (file.has(ALL) || file.has(f.code)) return true;
      const set = byLine.get(f.range.start.line);
      return !!set && (set.has(ALL) || set.has(f.code));
    },
  };
}
