/**
 * `__device__` function definitions in a header's text, found lexically (headers are not
 * parsed): `__device__ [qualifiers] type name(params) [const] { … }`. A port inlines a helper
 * it finds here the way it inlines one defined in the document; see port/recognize.ts.
 * Pure and bounded: one pass over the masked text, brackets matched within the text.
 */
import { matchBracket } from '../model/scan';

export interface DeviceDef {
  /** From `__device__` to the closing brace of the body, in the header's text. */
  start: number;
  end: number;
  /** Preceded by `template <…>`: such helpers are not inlined. */
  template: boolean;
}

/** Definitions by name. A name with several entries is overloaded (or defined per `#if` branch). */
export function scanDeviceDefs(masked: string): Map<string, DeviceDef[]> {
  const out = new Map<string, DeviceDef[]>();
  // Between `__device__` and the name: qualifiers and the return type only (no `=`, brackets, `;`),
  // at most 200 characters, so a run without a bracket costs linear time, not quadratic.
  const re = /\b__device__\b([^;{}()=<>]{0,200}?)\b([A-Za-z_]\w*)\s*\(/g;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const open = m.index + m[0].length - 1;
    const close = matchBracket(masked, open);
    if (close < 0) continue;
    const after = /^\s*(?:const\s*)?(?:noexcept\s*)?\{/.exec(masked.slice(close + 1, close + 200));
    if (!after) {
      re.lastIndex = close + 1;
      continue;
    }
    const brace = close + after[0].length;
    const end = matchBracket(masked, brace);
    if (end < 0) break;
    // The words before `__device__` on its declaration: `template <…>` makes it a template.
    const before = masked.slice(Math.max(0, m.index - 300), m.index);
    const tail = before.slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf('}'), before.lastIndexOf('{')) + 1);
    const def: DeviceDef = { start: m.index, end: end + 1, template: /\btemplate\s*</.test(tail) };
    const list = out.get(m[2]!);
    if (list) list.push(def);
    else out.set(m[2]!, [def]);
    re.lastIndex = end + 1;
  }
  return out;
}
