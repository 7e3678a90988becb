/**
 * Helpers for the warp and synchronisation rules: device function bodies (masked), the
 * cooperative-groups namespace prefix as written in this file (aliases included), and
 * instruction matches inside inline asm strings.
 */
import type { FunctionModel } from '../../model/kernels';
import type { RuleContext } from '../rule';
import type { Span } from '../../types';
import { isDeviceFunction } from './device-code';

export interface DeviceBody {
  fn: FunctionModel;
  /** Start offset of the body in the document. */
  start: number;
  /** The body text with comments and strings masked (same length as the source). */
  masked: string;
}

/** Bodies of device functions (kernels, `__device__`, `__host__ __device__`), masked. */
export function deviceBodies(ctx: RuleContext): DeviceBody[] {
  const fns = ctx.facts.functions().filter((f) => isDeviceFunction(f) && f.bodySpan);
  if (!fns.length) return [];
  const m = ctx.facts.maskedText;
  return fns.map((fn) => ({ fn, start: fn.bodySpan!.start, masked: m.slice(fn.bodySpan!.start, fn.bodySpan!.end) }));
}

/** True when `offset` (document offset) belongs to `fn` itself, not to a nested definition. */
export function ownedBy(ctx: RuleContext, fn: FunctionModel, offset: number): boolean {
  return ctx.facts.enclosingFunction(offset) === fn;
}

/**
 * Regex source for an optional cooperative-groups qualifier: `cooperative_groups::`,
 * `cg::` and any `namespace X = cooperative_groups;` alias of this file. The lookbehind
 * keeps member calls (`obj.f`, `p->f`) and other namespaces (`my::f`) out.
 */
export function cgPrefix(ctx: RuleContext, required = false): string {
  const names = new Set(['cooperative_groups', 'cg']);
  const text = ctx.facts.maskedText;
  const alias = /\bnamespace\s+([A-Za-z_]\w*)\s*=\s*(?:::)?cooperative_groups\s*;/g;
  for (let m = alias.exec(text); m; m = alias.exec(text)) names.add(m[1]!);
  const ns = `(?:(?<![\\w.>:])(?:::\\s*)?(?:${[...names].join('|')})\\s*::\\s*)`;
  return required ? ns : `(?:${ns}|(?<![\\w.>:]))`;
}

/** Whether the file has `using namespace cooperative_groups;` (or an alias of it). */
export function usesCgNamespace(ctx: RuleContext): boolean {
  return /\busing\s+namespace\s+(?:::)?cooperative_groups\s*;/.test(ctx.facts.maskedText);
}

/** Identifiers declared with a type matching `typeRe` (source), as parameters or locals of `b.fn`. */
export function namesOfType(b: DeviceBody, typeRe: string): Set<string> {
  const out = new Set<string>();
  const type = new RegExp(typeRe);
  for (const p of b.fn.params) if (type.test(p.type)) out.add(p.name);
  const decl = new RegExp(`(?:${typeRe})\\s*[&*]?\\s*([A-Za-z_]\\w*)\\s*(?=[=;,({])`, 'g');
  for (let m = decl.exec(b.masked); m; m = decl.exec(b.masked)) out.add(m[1]!);
  return out;
}

/** Names initialised from a call matching `callRe` (source): `auto g = cg::this_grid();`. */
export function namesInitialisedFrom(b: DeviceBody, callRe: string): Set<string> {
  const out = new Set<string>();
  // Only from the start of a name: retrying from every character of a long identifier is quadratic.
  const re = new RegExp(`(?<![\\w])([A-Za-z_]\\w*)\\s*=\\s*(?:${callRe})`, 'g');
  for (let m = re.exec(b.masked); m; m = re.exec(b.masked)) out.add(m[1]!);
  return out;
}

export function escapeNames(names: Iterable<string>): string {
  return [...names].map((n) => n.replace(/[^\w]/g, '')).filter(Boolean).join('|');
}

/**
 * Instruction matches inside the strings of each inline asm statement (the text is read
 * unmasked, as the instructions live in string literals). `all` reports every match;
 * otherwise the first per statement.
 */
export function asmMatches(ctx: RuleContext, re: RegExp, all = false): { span: Span; text: string; site: Span }[] {
  const out: { span: Span; text: string; site: Span }[] = [];
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (const site of ctx.facts.asm()) {
    const text = ctx.text.slice(site.span.start, site.span.end);
    // Only the string literals of the statement: a comment or an operand name is not an instruction.
    const strings = /"(?:[^"\\\n]|\\.)*"/g;
    for (let s = strings.exec(text); s; s = strings.exec(text)) {
      g.lastIndex = 0;
      let found = false;
      for (let m = g.exec(s[0]); m; m = g.exec(s[0])) {
        const start = site.span.start + s.index + m.index;
        out.push({ span: { start, end: start + m[0].length }, text: m[0], site: site.span });
        found = true;
        if (!all) break;
        if (m[0].length === 0) g.lastIndex++;
      }
      if (found && !all) break;
    }
  }
  return out;
}
