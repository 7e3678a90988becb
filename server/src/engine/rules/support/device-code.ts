/** Helpers shared by the rules about device code. */
import type { CallSite } from '../../model/facts';
import type { FunctionModel } from '../../model/kernels';
import type { RuleContext } from '../rule';
import type { Span } from '../../types';

export function isDeviceFunction(f: FunctionModel | undefined): f is FunctionModel {
  return !!f && f.kind !== 'host';
}

/** Calls to `names` made inside device code, with the device function that makes each. */
export function deviceCallsTo(ctx: RuleContext, names: Iterable<string>): { call: CallSite; fn: FunctionModel }[] {
  const out: { call: CallSite; fn: FunctionModel }[] = [];
  for (const call of ctx.facts.callsTo(new Set(names))) {
    const fn = ctx.facts.enclosingFunction(call.span.start);
    if (isDeviceFunction(fn)) out.push({ call, fn });
  }
  return out;
}

/** Matches of `re` (global) inside device function bodies, outside comments and strings. */
export function matchesInDeviceCode(ctx: RuleContext, re: RegExp): { span: Span; text: string; fn: FunctionModel }[] {
  const out: { span: Span; text: string; fn: FunctionModel }[] = [];
  const fns = ctx.facts.functions().filter((f) => isDeviceFunction(f) && f.bodySpan);
  if (!fns.length) return out;
  const masked = ctx.facts.maskedText;
  for (const fn of fns) {
    const body = masked.slice(fn.bodySpan!.start, fn.bodySpan!.end);
    re.lastIndex = 0;
    for (let m = re.exec(body); m; m = re.exec(body)) {
      const start = fn.bodySpan!.start + m.index;
      // Skip matches that belong to a nested function definition (methods of local classes).
      if (ctx.facts.enclosingFunction(start) !== fn) continue;
      out.push({ span: { start, end: start + m[0].length }, text: m[0], fn });
    }
  }
  return out;
}

/**
 * Unqualified calls whose name starts with `prefix` (library APIs such as `cublas*`), minus
 * the names the file defines itself: functions and macros such as a `cublasCheck(...)` error
 * wrapper are the user's code, not the library's (the library calls inside them are found
 * where they are written).
 */
export function callsWithPrefix(ctx: RuleContext, prefix: string): ReturnType<RuleContext['facts']['calls']> {
  const names = new Set(ctx.facts.calls().filter((c) => c.name.startsWith(prefix) && !definedInFile(ctx, c.name)).map((c) => c.name));
  return names.size ? ctx.facts.callsTo(names) : [];
}

/** A definition outside any namespace or class (`namespace wrap { int cudnnCreate(); }` is not the call `cudnnCreate(…)`). */
function atFileScope(ctx: RuleContext, offset: number): boolean {
  for (let n = ctx.facts.tree?.rootNode.descendantForIndex(offset) ?? null; n; n = n.parent) {
    if (n.type === 'namespace_definition' || n.type === 'class_specifier' || n.type === 'struct_specifier') return false;
  }
  return true;
}

const ownNames = new WeakMap<object, { macros: ReadonlySet<string>; checked: Map<string, boolean> }>();

/**
 * Whether the user's code defines `name`: a macro of the file or of a header it includes (the
 * preprocessor's macro table), or a file-scope function of the file; once per facts and name
 * (the tree is consulted only for names that are called with a library prefix).
 */
export function definedInFile(ctx: RuleContext, name: string): boolean {
  let own = ownNames.get(ctx.facts);
  if (!own) {
    const macros = new Set<string>();
    const re = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm;
    for (let m = re.exec(ctx.facts.maskedText); m; m = re.exec(ctx.facts.maskedText)) macros.add(m[1]!);
    own = { macros, checked: new Map() };
    ownNames.set(ctx.facts, own);
  }
  // The preprocessor's macro table holds the macros of the file and of the headers it includes
  // (llm.c's `cublasCheck` wrapper macro lives in a header).
  if (own.macros.has(name) || ctx.facts.preproc.macros.has(name)) return true;
  let hit = own.checked.get(name);
  if (hit === undefined) {
    hit = ctx.facts.functions().some((f) => f.name === name && f.bodySpan && f.qualifiedName === f.name && atFileScope(ctx, f.span.start));
    own.checked.set(name, hit);
  }
  return hit;
}

/** First use of a namespace (`thrust::`, `wmma::`) per file, with the count of uses. */
export function namespaceUses(ctx: RuleContext, re: RegExp): { span: Span; count: number } | undefined {
  const masked = ctx.facts.maskedText;
  let first: Span | undefined;
  let count = 0;
  re.lastIndex = 0;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    // Skip directive lines (#include <thrust/...>) and using-declarations are still uses.
    const lineStart = masked.lastIndexOf('\n', m.index) + 1;
    if (/^\s*#/.test(masked.slice(lineStart, m.index))) continue;
    count++;
    first ??= { start: m.index, end: m.index + m[0].length };
  }
  return first ? { span: first, count } : undefined;
}
