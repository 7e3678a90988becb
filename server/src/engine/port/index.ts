/**
 * "Port kernel to Ascend C": a complete port (the pipeline's verdict is complete) or a
 * faithful skeleton for one `__global__` function. A complete port is two pieces of text:
 * the kernel file's block (device code and the host launch wrapper) and the wrapper's
 * declaration for the host header. Replacing the CUDA launches is a separate action
 * (`replaceLaunches`), offered only for complete ports, so porting alone leaves the
 * CUDA source compiling with nvcc.
 * Pure: a parsed document, its analysis and a target in, text and edits out.
 */
import { detectGemm } from '../model/gemmDetect';
import { FileFacts, type LaunchSite } from '../model/facts';
import type { GemmDescription } from '../model/gemm';
import { reachedFunctions } from '../model/reach';
import type { AnalysisResult } from '../analyze';
import type { ParsedDocument } from '../syntax/document';
import type { Target } from '../target';
import type { Range, TextEdit } from '../types';
import { portBudget } from './budget';
import { portEndMarker, portStartPattern } from './emit/names';
import { emitSkeleton, type Blocker } from './emit/skeleton';
import { rewriteLaunch } from './launch';
import { compileKernel, type Verdict } from './pipeline';
import { renderInstances, renderInstancesDeclaration, renderKernel, renderLaunchDeclaration } from './render/kernel';

export interface PortableKernel {
  name: string;
  range: Range;
  nameRange: Range;
}

export interface PortResult {
  kernel: string;
  kind: 'complete' | 'skeleton';
  /** The Ascend C source of this kernel (one block of the generated kernel file). */
  text: string;
  /** Complete ports: the launch wrapper's declaration (one block of the generated header). */
  declaration?: string;
  /** Why no pattern ported it completely (skeletons only). */
  reasons: string[];
  /** Constructs that block a complete port, by rule code (skeletons only). */
  blockers: Blocker[];
  /** TODO(ascend-port) markers in the text. */
  todos: number;
  verdict: Verdict;
}

/** Cheap: the kernels a port can be offered for (code-action prepare). */
export function portableKernels(doc: ParsedDocument): PortableKernel[] {
  const facts = FileFacts.of(doc);
  return facts
    .functions()
    .filter((f) => f.kind === 'global' && f.bodySpan)
    .map((f) => ({ name: f.name, range: doc.lines.range(f.span), nameRange: doc.lines.range(f.nameSpan) }));
}

/**
 * The lines each kernel's launches span, by kernel name (cheap: where "Replace launches" may be
 * offered, and where `migrate` marks a launch it leaves): both forms, or only `form`'s. A
 * wrapper launch is never rewritten, but on its line the action still rewrites the kernel's
 * `<<<>>>` launches.
 */
export function launchLinesByKernel(doc: ParsedDocument, form?: LaunchSite['form']): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  for (const l of FileFacts.of(doc).launches()) {
    if (form && l.form !== form) continue;
    const r = doc.lines.range(l.span);
    const own = lines.get(l.kernel) ?? [];
    for (let n = r.start.line; n <= r.end.line; n++) own.push(n);
    lines.set(l.kernel, own);
  }
  return lines;
}

/** The verdict for one kernel of a document (complete or skeleton), without writing any text. */
export function kernelVerdict(doc: ParsedDocument, kernel: string, target: Target, options: PortOptions = {}): Verdict | null {
  const facts = FileFacts.of(doc);
  const fn = facts.functions().find((f) => f.kind === 'global' && f.name === kernel && f.bodySpan);
  return fn ? compileKernel(facts, doc.text, fn, target, options.gemm) : null;
}

/** `gemm`: port the kernel as this matrix product (the `matmul` schedule) instead of asking the GEMM detector. */
export interface PortOptions {
  gemm?: GemmDescription;
}

export function portKernel(doc: ParsedDocument, analysis: AnalysisResult | null, kernel: string, target: Target, sourceName: string, options: PortOptions = {}): PortResult | null {
  const facts = FileFacts.of(doc);
  const fn = facts.functions().find((f) => f.kind === 'global' && f.name === kernel && f.bodySpan);
  if (!fn) return null;
  const origin = `${sourceName}:${doc.lines.range(fn.nameSpan).start.line + 1}`;
  const verdict = compileKernel(facts, doc.text, fn, target, options.gemm);
  if (verdict.kind === 'complete') {
    const text = verdict.instances ? renderInstances(kernel, verdict.instances, origin) : renderKernel(verdict.lowered, origin);
    const declaration = verdict.instances ? renderInstancesDeclaration(kernel, verdict.instances, origin) : renderLaunchDeclaration(verdict.lowered, origin);
    return { kernel, kind: 'complete', text, declaration, reasons: [], blockers: [], todos: countTodos(text), verdict };
  }
  // The kernel and every device function it reaches: their constructs block the port too.
  const reached = reachedFunctions(facts.functions(), fn);
  const blockers: Blocker[] = [];
  for (const { f, via } of reached) {
    const range = doc.lines.range(f.span);
    for (const finding of analysis?.findings ?? []) {
      if (finding.code === 'ASC001' || !inside(finding.range, range)) continue;
      blockers.push({ code: finding.code, rule: finding.rule, line: finding.range.start.line, message: via ? `in \`${via}\`, called from the kernel: ${finding.message}` : finding.message });
    }
  }
  const text = emitSkeleton(fn, doc.text, target, portBudget(target), origin, blockers, verdict.reasons, detectGemm(facts, fn));
  return { kernel, kind: 'skeleton', text, reasons: verdict.reasons, blockers, todos: countTodos(text), verdict };
}

function countTodos(text: string): number {
  return (text.match(/TODO\(ascend-port\)/g) ?? []).length;
}

/**
 * "Replace launches of `k` with the Ascend C launch": every CUDA launch of a completely
 * ported kernel becomes a call of its launch wrapper, and the host header is included once.
 * Null for skeletons and for kernels without a launch this can rewrite.
 */
export function replaceLaunches(doc: ParsedDocument, kernel: string, target: Target, headerName: string): { title: string; edits: TextEdit[]; skipped: number } | null {
  const facts = FileFacts.of(doc);
  const verdict = kernelVerdict(doc, kernel, target);
  if (verdict?.kind !== 'complete') return null;
  const edits: TextEdit[] = [];
  let skipped = 0;
  for (const l of facts.launches()) {
    if (l.kernel !== kernel) continue;
    const r = rewriteLaunch(facts, doc.text, target, l);
    if (!r) {
      skipped++;
      continue;
    }
    for (const e of r.edits) edits.push({ range: doc.lines.range(e.span), newText: e.newText });
  }
  if (!edits.length) return null;
  const include = `#include "${headerName.replace(/["\\\n\r]/g, '_')}"`;
  if (!doc.text.includes(include)) {
    // After the last #include at the top of the file, or at the very top.
    const includes = [...doc.text.matchAll(/^[ \t]*#[ \t]*include\b.*$/gm)];
    const lastInclude = includes.length ? includes[includes.length - 1]! : null;
    const at = lastInclude ? lastInclude.index! + lastInclude[0].length : 0;
    const pos = doc.lines.positionAt(at);
    edits.unshift({ range: { start: pos, end: pos }, newText: lastInclude ? `\n${include}` : `${include}\n` });
  }
  return { title: `Replace launches of \`${kernel}\` with the Ascend C launch (${verdict.instances ? `one wrapper per instantiation: ${verdict.instances.map((i) => i.lowered.abi.launch.fn).join(', ')}` : verdict.lowered.abi.launch.fn})`, edits, skipped };
}

function inside(r: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, r.start) && before(r.end, outer.end);
}

/** `dir/foo.cu` → `dir/foo_ascend.cpp` (or `.asc`; `.h` for the host header). */
export function portFileName(source: string, extension: '.cpp' | '.asc' | '.h'): string {
  const slash = source.lastIndexOf('/');
  const dot = source.lastIndexOf('.');
  const stem = dot > slash ? source.slice(0, dot) : source;
  return `${stem}_ascend${extension}`;
}

/**
 * Where an earlier port of `kernel` sits in a generated file (from its first line through
 * its end marker), so porting again replaces it instead of adding a second definition.
 */
export function previousPort(fileText: string, kernel: string): { start: number; end: number } | null {
  const start = portStartPattern(kernel).exec(fileText);
  if (!start) return null;
  const marker = portEndMarker(kernel);
  const at = fileText.indexOf(marker, start.index);
  if (at < 0) return null;
  let end = at + marker.length;
  if (fileText[end] === '\n') end++;
  return { start: start.index, end };
}
