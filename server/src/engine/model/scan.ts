/**
 * Small lexical helpers over masked text (comments and strings blanked, same length).
 * They serve the launch extraction, which works from the lens alone, and the lexical
 * fallback used when a parse times out.
 */
import type { Span } from '../types';

export interface Arg {
  text: string;
  span: Span;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Longest argument list a scan follows; keeps unbalanced input linear. */
export const MAX_BRACKET_SCAN = 4096;

/**
 * Index of the bracket that closes the one at `open`, or -1 (unbalanced, farther than
 * MAX_BRACKET_SCAN, or a `;` directly inside a `(` first: half-typed code, given up rather
 * than swallowing the file). Answered from a table built in one linear pass per masked
 * text: scanning 4 k characters per call made 50 k unclosed launches in macros take 10 s.
 */
export function matchBracket(masked: string, open: number): number {
  if (open < 0 || open >= masked.length) return -1;
  return bracketTable(masked)[open]!;
}

let cached: { masked: string; table: Int32Array } | undefined;

function bracketTable(masked: string): Int32Array {
  if (cached && cached.masked === masked) return cached.table;
  const table = new Int32Array(masked.length).fill(-1);
  // Open brackets not yet closed; `failed` ones still take part in nesting (their scan has
  // failed, but the brackets around them are still counted by theirs).
  const stack: number[] = [];
  const failed: boolean[] = [];
  for (let i = 0; i < masked.length; i++) {
    const c = masked.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      stack.push(i);
      failed.push(false);
    } else if (c === 41 || c === 93 || c === 125) {
      const top = stack.length - 1;
      if (top < 0) continue;
      const o = masked.charCodeAt(stack[top]!);
      if ((o === 40 && c === 41) || (o === 91 && c === 93) || (o === 123 && c === 125)) {
        const at = stack.pop()!;
        if (!failed.pop() && i - at < MAX_BRACKET_SCAN) table[at] = i;
      } else {
        // A mismatched closer ends the scan of every bracket still open.
        stack.length = 0;
        failed.length = 0;
      }
    } else if (c === 59 && stack.length && masked.charCodeAt(stack[stack.length - 1]!) === 40) {
      failed[failed.length - 1] = true;
    }
  }
  cached = { masked, table };
  return table;
}

/** Splits `masked[from, to)` on commas at bracket depth 0 (angle brackets count only in `<...>` lists when `angles`). */
export function splitTopLevel(source: string, masked: string, from: number, to: number, angles = false): Arg[] {
  const args: Arg[] = [];
  let depth = 0;
  let start = from;
  const push = (end: number) => {
    const raw = source.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text) args.push({ text, span: { start: start + lead, end: start + lead + text.length } });
  };
  for (let i = from; i < to; i++) {
    const c = masked[i]!;
    if (c === '(' || c === '[' || c === '{' || (angles && c === '<')) depth++;
    else if (c === ')' || c === ']' || c === '}' || (angles && c === '>')) depth--;
    else if (c === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(to);
  return args;
}

const ID = /[A-Za-z0-9_]/;

/**
 * Reads a callee name that ends right before `end` (whitespace allowed), such as `k`,
 * `ns::k`, `k<float, 128>` or `ns::k<T>`. Returns the name without template arguments,
 * the qualified name, and the span of the whole callee.
 */
/** Whitespace, or the backslash of a line continuation (`k<T> \\` then `<<<…` on the next line of a macro). */
function blankBefore(masked: string, i: number): boolean {
  const c = masked[i]!;
  return /\s/.test(c) || (c === '\\' && (masked[i + 1] === '\n' || (masked[i + 1] === '\r' && masked[i + 2] === '\n')));
}

export function calleeBefore(
  masked: string,
  end: number,
): { name: string; qualified: string; templateArgs?: string; span: Span; nameSpan: Span } | null {
  let i = end - 1;
  while (i >= 0 && blankBefore(masked, i)) i--;
  const calleeEnd = i + 1;
  let templateArgs: string | undefined;
  if (masked[i] === '>') {
    let depth = 0;
    let j = i;
    for (; j >= 0; j--) {
      const c = masked[j]!;
      if (c === '>') depth++;
      else if (c === '<') {
        depth--;
        if (depth === 0) break;
      } else if (c === ';' || c === '{' || c === '}') return null;
    }
    if (j < 0) return null;
    templateArgs = masked.slice(j + 1, i).trim();
    i = j - 1;
    while (i >= 0 && blankBefore(masked, i)) i--;
  }
  const nameEnd = i + 1;
  while (i >= 0 && ID.test(masked[i]!)) i--;
  const nameStart = i + 1;
  if (nameStart === nameEnd || /[0-9]/.test(masked[nameStart]!)) return null;
  const name = masked.slice(nameStart, nameEnd);
  let qualStart = nameStart;
  // Qualifiers: `ns::k`, `a::b::k`, and the global `::k`.
  for (;;) {
    let k = qualStart - 1;
    while (k >= 0 && masked[k] === ' ') k--;
    if (!(masked[k] === ':' && masked[k - 1] === ':')) break;
    const colons = k - 1;
    k = colons - 1;
    while (k >= 0 && masked[k] === ' ') k--;
    let s = k;
    while (s >= 0 && ID.test(masked[s]!)) s--;
    if (s === k) {
      qualStart = colons; // global `::name`
      break;
    }
    qualStart = s + 1;
  }
  const qualified = masked.slice(qualStart, nameEnd).replace(/\s+/g, '');
  return { name, qualified, templateArgs, span: { start: qualStart, end: calleeEnd }, nameSpan: { start: nameStart, end: nameEnd } };
}

const NOT_CALLS = new Set([
  'if', 'for', 'while', 'switch', 'return', 'sizeof', 'alignof', 'decltype', 'catch', 'defined',
  'static_assert', 'noexcept', 'typeid', 'alignas', 'asm', '__asm__', '__asm', 'throw', 'new', 'delete',
]);

export function isCallKeyword(name: string): boolean {
  return NOT_CALLS.has(name);
}
