/**
 * The host view of a CUDA source file, for `migrate`: the edits that leave only what a host
 * C++ compiler (and so the Ascend toolchain's host side) can build, once the kernels have
 * their Ascend C ports elsewhere.
 *
 * - A kernel (`__global__`) whose port was written is replaced by the comment its caller gives
 *   (where the port is, or a TODO for a skeleton); so is its prototype (`__global__ void k(…);`).
 * - A device-only function (`__device__` without `__host__`) cannot be called from host code:
 *   it is replaced by a one-line comment (the ports inline what they need; the original stays in
 *   the untouched source tree).
 * - A `__host__ __device__` function keeps its body; its CUDA qualifiers are removed
 *   (`__forceinline__` becomes `inline`).
 * - Whatever device-only declaration is left (`__constant__`/`__device__` variables, a kernel
 *   not ported, qualifier macros) gets a `TODO(ascend-port)` comment at the end of its line, so
 *   the host file's syntax check reports it instead of failing on it.
 *
 * Pure: reads the kernel model and the lens of a parsed document, returns edits.
 */
import { FileFacts } from '../model/facts';
import { isCudaToolkitHeader } from '../preproc/model';
import type { FunctionModel } from '../model/kernels';
import type { ParsedDocument } from '../syntax/document';
import type { Span, TextEdit } from '../types';

export interface HostView {
  edits: TextEdit[];
  /** Kernels and device functions removed, by name. */
  removed: string[];
  /** Lines (0-based) that got a TODO because device code is left on them. */
  todoLines: number[];
}

/**
 * `ported`: kernel name → the comment that replaces its definition (one or more `//` lines,
 * without the final newline). Kernels not in the map keep their definition and get a TODO.
 */
export function hostViewEdits(doc: ParsedDocument, ported: ReadonlyMap<string, string>): HostView {
  const facts = FileFacts.of(doc);
  const text = doc.text;
  const masked = facts.maskedText;
  const fns = facts.functions().filter((f) => f.bodySpan && !facts.isInactive(f.span.start) && !facts.macroAt(f.span.start));
  const edits: { span: Span; newText: string }[] = [];
  const removed: string[] = [];
  const removedSpans: Span[] = [];
  const remove = (fn: FunctionModel, comment: string) => {
    // `extern "C"` written before the definition goes with it.
    const linkage = /\bextern\s*"C"\s*$/.exec(text.slice(Math.max(0, fn.span.start - 64), fn.span.start));
    const from = linkage ? fn.span.start - linkage[0].length : fn.span.start;
    // Whole lines when the definition starts a line and ends one: no blank line is left behind.
    const lineStart = text.lastIndexOf('\n', from - 1) + 1;
    const start = /^[ \t]*$/.test(text.slice(lineStart, from)) ? lineStart : from;
    const indent = text.slice(start, from);
    edits.push({ span: { start, end: fn.span.end }, newText: comment.split('\n').map((l) => indent + l).join('\n') });
    removed.push(fn.name);
    removedSpans.push({ start, end: fn.span.end });
  };
  for (const fn of fns) {
    if (fn.kind === 'global') {
      const note = ported.get(fn.name);
      if (note !== undefined) remove(fn, note);
    } else if (fn.kind === 'device') {
      const line = doc.lines.positionAt(fn.nameSpan.start).line + 1;
      remove(fn, `// \`${fn.name}\` (line ${line} of the CUDA source): device code, which host code cannot call; the Ascend C ports carry what they need of it.`);
    }
  }
  // Prototypes of removed kernels.
  for (const name of new Set(removed)) {
    const proto = new RegExp(String.raw`__global__[^;{}()]*\b${name}\s*\([^;{}]*\)\s*;`, 'g');
    for (let m = proto.exec(masked); m; m = proto.exec(masked)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (removedSpans.some((r) => span.start < r.end && r.start < span.end) || facts.isInactive(span.start)) continue;
      edits.push({ span, newText: `/* prototype of \`${name}\`: the kernel is in its Ascend C port */` });
      removedSpans.push(span);
    }
  }
  // `#define HD __host__ __device__`: the macro keeps its name and loses the CUDA qualifiers.
  const neutralised = new Set<string>();
  const qualifierMacro = /^([ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+)((?:(?:__host__|__device__|__forceinline__|__noinline__|inline|static)\b[ \t]*)+)$/gm;
  for (let m = qualifierMacro.exec(masked); m; m = qualifierMacro.exec(masked)) {
    if (!/__(host|device|forceinline|noinline)__/.test(m[3]!) || facts.isInactive(m.index)) continue;
    const kept = m[3]!.replace(/__forceinline__/g, 'inline').replace(/__(host|device|noinline)__/g, '').replace(/\s+/g, ' ').trim();
    const start = m.index + m[1]!.length;
    edits.push({ span: { start, end: start + m[3]!.length }, newText: `${kept ? `${kept} ` : ''}/* CUDA qualifiers removed by ascend-port: ${m[3]!.trim()} */` });
    neutralised.add(m[2]!);
  }
  // CUDA qualifiers left: removed from host-device functions, a TODO elsewhere.
  const hostDevice = fns.filter((f) => f.kind === 'host-device');
  const todo = new Set<number>();
  for (const e of facts.lens.edits) {
    if (e.kind !== 'qualifier' && e.kind !== 'macro') continue;
    if (removedSpans.some((r) => e.start >= r.start && e.start < r.end) || facts.isInactive(e.start) || facts.macroAt(e.start)) continue;
    const inHostDevice = hostDevice.some((f) => e.start >= f.span.start && e.start < f.bodySpan!.start);
    if (inHostDevice && e.kind === 'qualifier') {
      edits.push({ span: { start: e.start, end: e.end }, newText: e.name === 'forceinline' ? 'inline' : '' });
      continue;
    }
    if (e.kind === 'qualifier' && (e.name === 'host' || e.name === 'launch_bounds' || e.name === 'noinline')) continue;
    if (e.kind === 'macro' && neutralised.has(e.name)) continue;
    todo.add(doc.lines.positionAt(e.start).line);
  }
  const lineEdits: TextEdit[] = [...todo].map((line) => {
    const lineText = doc.lines.lineText(line).replace(/\r$/, '');
    const at = { line, character: lineText.length };
    const continued = /\\\s*$/.test(lineText);
    return { range: { start: at, end: at }, newText: continued ? '' : ' // TODO(ascend-port): CUDA device code left in a host file: move it into an Ascend C kernel file or remove it' };
  }).filter((e) => e.newText);
  return {
    edits: [...edits.map((e) => ({ range: doc.lines.range(e.span), newText: e.newText })), ...lineEdits],
    removed,
    todoLines: [...todo].sort((a, b) => a - b),
  };
}

/**
 * The last touches on a migrated host file's text (after every edit): CUDA toolkit headers
 * included with angle brackets are commented out with a TODO (they do not exist beside CANN;
 * what the file used from them is marked where it is used), and, for a file that was `.cu`,
 * the standard headers nvcc included implicitly (through `cuda_runtime.h`), and `acl/acl.h`
 * when ACL names are used without it, are included on the first lines, where nvcc's forced
 * include was. Lines are only added there, so line numbers computed after this step are exact.
 */
export function finishHostText(text: string, wasCu: boolean): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const masked = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
  let out = text;
  const directive = /^([ \t]*#[ \t]*include[ \t]*<([^>\n]+)>)([^\n]*)$/gm;
  const toolkit: { start: number; end: number; text: string }[] = [];
  for (let m = directive.exec(masked); m; m = directive.exec(masked)) {
    const name = m[2]!.trim();
    if (!isCudaToolkitHeader(name)) continue;
    const line = text.slice(m.index, m.index + m[0].length).replace(/\r$/, '');
    toolkit.push({ start: m.index, end: m.index + line.length, text: `// ${line.trim()} // TODO(ascend-port): a CUDA toolkit header, not part of CANN: what this file used from it is marked where it is used` });
  }
  for (const t of toolkit.reverse()) out = out.slice(0, t.start) + t.text + out.slice(t.end);
  const outMasked = out.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
  const lines: string[] = [];
  if (wasCu) {
    const have = (h: string) => new RegExp(`#\\s*include\\s*<${h.replace('.', '\\.')}>`).test(outMasked);
    const std = ['cmath', 'cstdio', 'cstdlib', 'cstring'].filter((h) => !have(h));
    if (std.length) lines.push('// ascend-port: nvcc included these implicitly (through cuda_runtime.h); a host compiler needs them.', ...std.map((h) => `#include <${h}>`));
  }
  if (/\b(?:acl[A-Za-z]\w*\s*\(|ACL_[A-Z0-9_]+\b|aclError\b|aclrt[A-Z]\w*\b)/.test(outMasked) && !/#\s*include\s*["<]acl\/acl(?:_rt|_base)?\.h[">]/.test(outMasked)) lines.push('#include "acl/acl.h"');
  if (!lines.length) return out;
  // Before line 1, as nvcc force-includes cuda_runtime.h: code above the first #include may use them.
  return lines.join(eol) + eol + out;
}
