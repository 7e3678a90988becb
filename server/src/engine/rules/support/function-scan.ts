/** Helpers for rules that look for a token (a type, an operator) per device function. */
import { maskCommentsAndStrings } from '../../syntax/lens';
import type { FunctionModel } from '../../model/kernels';
import type { Span } from '../../types';
import type { RuleContext } from '../rule';
import { isDeviceFunction } from './device-code';

export interface FunctionUse {
  fn: FunctionModel;
  /** The first match in the function. */
  span: Span;
  text: string;
  /** Matches in the function, the first included. */
  count: number;
}

/**
 * For each device function (kernels, `__device__`, `__host__ __device__`), the first
 * match of `re` (global) in its signature or body and the number of matches, outside
 * comments and strings. Matches inside nested function definitions count for those.
 */
export function usesPerDeviceFunction(ctx: RuleContext, re: RegExp): FunctionUse[] {
  const fns = ctx.facts.functions().filter(isDeviceFunction);
  if (!fns.length) return [];
  const masked = maskCommentsAndStrings(ctx.text);
  const out: FunctionUse[] = [];
  for (const fn of fns) {
    const part = masked.slice(fn.span.start, fn.span.end);
    let use: FunctionUse | undefined;
    re.lastIndex = 0;
    for (let m = re.exec(part); m; m = re.exec(part)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const start = fn.span.start + m.index;
      if (ctx.facts.enclosingFunction(start) !== fn) continue;
      if (use) use.count++;
      else use = { fn, span: { start, end: start + m[0].length }, text: m[0], count: 1 };
    }
    if (use) out.push(use);
  }
  return out;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
