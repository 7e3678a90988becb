/**
 * The document as its build configuration resolves it, for a compiler that must see what the
 * preprocessor model saw (verify's CUDA-on-CPU build): every conditional chain the model
 * resolves (some branch inactive, at most one active) loses its directive lines and its
 * inactive branches.
 * Chains the model keeps whole (`__CUDA_ARCH__`, a condition it cannot decide without an
 * `#else`) are left for the compiler. Blanked text becomes spaces, newlines stay, so every
 * offset and line of the rest is unchanged. Pure: text, directives and inactive spans in.
 *
 * Why: real host code splits statements across branches (ggml's mean.cu: an `if` condition
 * with `#ifdef USE_CUDA_GRAPH … #else … #endif` inside it), which the C++ grammar cannot
 * parse; with the resolved chain gone, the function parses and verify can leave its body out.
 */
import type { Span } from '../types';
import type { Directive } from './directives';
import { inside } from './model';

const OPEN = new Set(['if', 'ifdef', 'ifndef']);
const MIDDLE = new Set(['elif', 'elifdef', 'elifndef', 'else']);

interface Chain {
  lines: Directive[];
  /** Each branch: from the end of its directive line to the start of the next directive of the chain. */
  branches: Span[];
}

/** The text with resolved conditional chains blanked; the same string when nothing is resolved. */
export function resolvedConditionals(text: string, directives: readonly Directive[], inactive: readonly Span[]): string {
  if (!inactive.length) return text;
  const blank: Span[] = [];
  const stack: Chain[] = [];
  const isInactive = (b: Span) => b.end > b.start + 1 && inside(inactive, b.start + 1) && inside(inactive, b.end - 1);
  for (const d of directives) {
    if (OPEN.has(d.kind)) stack.push({ lines: [d], branches: [] });
    else if (MIDDLE.has(d.kind) || d.kind === 'endif') {
      const c = stack[stack.length - 1];
      if (!c) continue;
      c.branches.push({ start: c.lines[c.lines.length - 1]!.span.end, end: d.span.start });
      c.lines.push(d);
      if (d.kind !== 'endif') continue;
      stack.pop();
      const dead = c.branches.filter(isInactive);
      const live = c.branches.filter((b) => !isInactive(b));
      // Resolved: some branch is inactive and at most one is not (an empty branch counts as live).
      if (!dead.length || live.length > 1) continue;
      for (const l of c.lines) blank.push(l.span);
      blank.push(...dead);
    }
  }
  if (!blank.length) return text;
  const chars = text.split('');
  for (const s of blank) for (let i = s.start; i < s.end && i < chars.length; i++) if (chars[i] !== '\n') chars[i] = ' ';
  return chars.join('');
}
