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

/** Index of the bracket that closes the one at `open`, or -1 (unbalanced, too far, or a `;` at depth 1 first). */
export function matchBracket(masked: string, open: number, limit = Math.min(masked.length, open + MAX_BRACKET_SCAN)): number {
  const stack: string[] = [];
  for (let i = open; i < limit; i++) {
    const c = masked[i]!;
    if (c in OPEN) stack.push(OPEN[c]!);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    } else if (c === ';' && stack.length === 1 && masked[open] === '(' && stack[0] === ')') {
      // `;` inside a call's parens means half-typed code; give up rather than swallow the file.
      // for (;;) headers are never scanned with this helper.
      return -1;
    }
  }
  return -1;
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
export function calleeBefore(
  masked: string,
  end: number,
): { name: string; qualified: string; templateArgs?: string; span: Span; nameSpan: Span } | null {
  let i = end - 1;
  while (i >= 0 && /\s/.test(masked[i]!)) i--;
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
    while (i >= 0 && /\s/.test(masked[i]!)) i--;
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
