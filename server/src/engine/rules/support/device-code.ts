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
  const names = new Set(ctx.facts.calls().filter((c) => c.name.startsWith(prefix) && !definedInFile(ctx, c.name, c.span.start)).map((c) => c.name));
  return names.size ? ctx.facts.callsTo(names) : [];
}

/**
 * The namespaces around `offset`, outermost first, or undefined inside a class or struct (a
 * method is not the free function a library call names).
 */
function namespacesAt(ctx: RuleContext, offset: number): string[] | undefined {
  const out: string[] = [];
  for (let n = ctx.facts.tree?.rootNode.descendantForIndex(offset) ?? null; n; n = n.parent) {
    if (n.type === 'class_specifier' || n.type === 'struct_specifier') return undefined;
    if (n.type === 'namespace_definition') out.unshift(n.childForFieldName('name')?.text ?? '');
  }
  return out;
}

const ownNames = new WeakMap<object, { macros: ReadonlySet<string>; definitions: Map<string, string[][]> }>();

/**
 * Whether the user's code defines `name` where a call at `at` would find it: a macro of the
 * file or of a header it includes (in any branch), or a free function of the file defined in
 * the call's namespace or an enclosing one (`namespace wrap { int cudnnCreate(); }` is not the
 * library's `cudnnCreate(…)` called outside `wrap`, but it is the one called inside it, as
 * tiny-cuda-nn's `cublasGetError` is). Without `at`, only file-scope definitions count.
 */
export function definedInFile(ctx: RuleContext, name: string, at?: number): boolean {
  // A lookup over the whole file, also from a rule running on a restricted view.
  const facts = ctx.facts.whole;
  let own = ownNames.get(facts);
  if (!own) {
    const macros = new Set<string>();
    const re = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm;
    for (let m = re.exec(facts.maskedText); m; m = re.exec(facts.maskedText)) macros.add(m[1]!);
    own = { macros, definitions: new Map() };
    ownNames.set(facts, own);
  }
  // The preprocessor knows every macro the file and the headers it includes define, in any
  // branch (llm.c's `cublasCheck` wrapper lives in a header, its `ncclCheck` under `#ifdef`).
  if (own.macros.has(name) || facts.preproc.definedNames.has(name)) return true;
  let defs = own.definitions.get(name);
  if (defs === undefined) {
    defs = [];
    for (const f of facts.functions()) {
      if (f.name !== name || !f.bodySpan || f.qualifiedName !== f.name) continue;
      const ns = namespacesAt(ctx, f.span.start);
      if (ns) defs.push(ns);
    }
    own.definitions.set(name, defs);
  }
  if (!defs.length) return false;
  const here = at === undefined ? [] : (namespacesAt(ctx, at) ?? []);
  return defs.some((ns) => ns.length <= here.length && ns.every((n, i) => here[i] === n));
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
