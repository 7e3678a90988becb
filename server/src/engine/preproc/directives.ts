/**
 * Directive lines of one file: `#` first on a line (after blanks), through the first
 * newline not preceded by a backslash. Found over the masked text (comments and strings
 * blanked, same length), so a `#` in a comment or string is not a directive; the words of
 * each directive are read from the masked text too, except an include's quoted name and a
 * `#define` body, which keep their string contents (asm templates live there).
 */
import type { Span } from '../types';

export interface Directive {
  /** `if`, `ifdef`, `ifndef`, `elif`, `elifdef`, `elifndef`, `else`, `endif`, `define`, `undef`, `include`, `pragma`, … */
  kind: string;
  /** From the line start to the end of the logical line (the newline excluded). */
  span: Span;
  /** After the keyword: the rest of the logical line, continuations joined by a space (masked). */
  rest: string;
  /** Offset in the file where `rest` starts. */
  restStart: number;
}

const DIRECTIVE_RE = /^[ \t\uFEFF]*#[ \t]*([A-Za-z_][A-Za-z0-9_]*)?/gm;

/** Linear: one regex over line starts, one scan per directive for its logical line end. */
export function scanDirectives(masked: string): Directive[] {
  const out: Directive[] = [];
  const re = new RegExp(DIRECTIVE_RE.source, DIRECTIVE_RE.flags);
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const end = logicalLineEnd(masked, m.index);
    const restStart = m.index + m[0].length;
    out.push({ kind: m[1] ?? '', span: { start: m.index, end }, rest: joinContinuations(masked.slice(restStart, end)), restStart });
    re.lastIndex = Math.max(re.lastIndex, end + 1);
  }
  return out;
}

/** End of the logical line starting at `from`: the first newline not preceded by a backslash. */
export function logicalLineEnd(text: string, from: number): number {
  let e = from;
  for (;;) {
    const nl = text.indexOf('\n', e);
    if (nl < 0) return text.length;
    let k = nl - 1;
    if (text[k] === '\r') k--;
    if (k >= from && text[k] === '\\') {
      e = nl + 1;
      continue;
    }
    return nl;
  }
}

/** Backslash-newline pairs become blanks (same length), so offsets still index the file. */
export function blankContinuations(s: string): string {
  return s.replace(/\\(\r?\n)/g, (_m, nl: string) => ' '.repeat(1 + nl.length));
}

function joinContinuations(s: string): string {
  return blankContinuations(s).replace(/\r/g, ' ');
}
