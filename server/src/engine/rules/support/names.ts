/**
 * The name-lookup rules' view of the CUDA-name table (`rules/names/table.ts`): the calls a
 * rule owns, each with its row, and the texts the rows give.
 */
import type { CallSite } from '../../model/facts';
import type { RuleContext, SpanFix } from '../rule';
import { apiText, namesOf, rowFor, type NameRow } from '../names/table';
import { definedInFile, isDeviceFunction } from './device-code';

export interface NamedCall {
  call: CallSite;
  row: NameRow;
}

export interface TableCallOptions {
  /** Only calls made inside device code (`__device__`/`__global__` functions). */
  device?: boolean;
  /** Skip names the file or its headers define as functions or macros (a `cublasCheck` wrapper is the user's code). */
  skipOwn?: boolean;
}

const distinct = new WeakMap<object, readonly string[]>();

/** The distinct names called in the file, once per facts (prefix rows are matched against these, not against every call). */
function distinctNames(ctx: RuleContext): readonly string[] {
  let names = distinct.get(ctx.facts);
  if (!names) distinct.set(ctx.facts, (names = [...new Set(ctx.facts.calls().map((c) => c.name))]));
  return names;
}

/**
 * The calls to the names rule `code` owns in the table: exact names through the facts' call
 * index, declared prefixes by one pass over the call list (only when the rule has prefixes).
 */
export function tableCalls(ctx: RuleContext, code: string, opts: TableCallOptions = {}): NamedCall[] {
  const names = namesOf(code);
  const wanted = new Set<string>();
  for (const name of names.exact.keys()) wanted.add(name);
  if (names.prefixes.length) {
    for (const n of distinctNames(ctx)) if (!wanted.has(n) && rowFor(names, n)) wanted.add(n);
  }
  if (!wanted.size) return [];
  const out: NamedCall[] = [];
  for (const call of ctx.facts.callsTo(wanted)) {
    if (opts.skipOwn && definedInFile(ctx, call.name, call.span.start)) continue;
    if (opts.device && !isDeviceFunction(ctx.facts.enclosingFunction(call.span.start))) continue;
    out.push({ call, row: rowFor(names, call.name)! });
  }
  return out;
}

/** A row's text with `{soc}` filled in. */
export function fill(text: string, ctx: RuleContext): string {
  return text.replace(/\{soc\}/g, ctx.target.soc);
}

/** What the row says to do instead (the `instead` of a none row, the `to` of a hand row, the form of a rewrite). */
export function rowAdvice(row: NameRow, ctx: RuleContext): string {
  const m = row.map;
  return fill(m.kind === 'none' ? m.instead : m.kind === 'hand' ? m.to : m.kind === 'rewrite' ? `\`${m.form}\`` : apiText(m.api), ctx);
}

/**
 * The check of a table-driven rule (the driver API, device intrinsics): every call it owns
 * (by default outside the user's own definitions), with the row's advice and, for a rewrite
 * row whose argument shape is handled, the rewrite as a fix.
 */
export function reportTableCalls(ctx: RuleContext, code: string, opts: TableCallOptions = { skipOwn: true }): void {
  for (const { call, row } of tableCalls(ctx, code, opts)) {
    const m = row.map;
    const fixes: SpanFix[] = [];
    if (m.kind === 'rewrite' && call.qualified.replace(/^::/, '') === call.name) {
      const r = m.rewrite(call.args.map((a) => a.text));
      if (r) fixes.push({ title: `Replace with ${m.to}`, safety: r.safety, edits: [{ span: call.span, newText: r.text }] });
    }
    const soc = ctx.target.soc;
    const message =
      m.kind === 'rewrite'
        ? `\`${call.name}\` becomes \`${m.form}\` on ${soc}`
        : m.kind === 'hand'
          ? `\`${call.name}\`: on ${soc} use ${fill(m.to, ctx)}`
          : m.kind === 'none'
            ? `\`${call.name}\` has no counterpart on ${soc}: ${fill(m.instead, ctx)}`
            : `\`${call.name}\` becomes ${apiText(m.api)} over a tile on ${soc}`;
    ctx.report({ span: call.nameSpan, message, fixes });
  }
}
