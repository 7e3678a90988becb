/**
 * "Port kernel to Ascend C": chooses a complete port (a recognised pattern) or a faithful
 * skeleton for one `__global__` function, and rewrites its launches in the same file.
 * Pure: a parsed document, its analysis and a target in, text and edits out.
 */
import { FileFacts } from '../model/facts';
import { reachedFunctions } from '../model/reach';
import type { AnalysisResult } from '../analyze';
import type { ParsedDocument } from '../syntax/document';
import type { Target } from '../target';
import type { Range, TextEdit } from '../types';
import { portBudget } from './budget';
import { emitElementwise } from './emit/elementwise';
import { portEndMarker, portStartPattern } from './emit/names';
import { emitSkeleton, type Blocker } from './emit/skeleton';
import { rewriteLaunch } from './launch';
import { recognizeKernel } from './recognize';

export interface PortableKernel {
  name: string;
  range: Range;
  nameRange: Range;
}

export interface PortResult {
  kernel: string;
  kind: 'complete' | 'skeleton';
  /** The Ascend C source. */
  text: string;
  /** Why no pattern ported it completely (skeletons only). */
  reasons: string[];
  /** Constructs that block a complete port, by rule code (skeletons only). */
  blockers: Blocker[];
  /** Launch rewrites in the source document. */
  launchEdits: TextEdit[];
}

/** Cheap: the kernels a port can be offered for (code-action prepare). */
export function portableKernels(doc: ParsedDocument): PortableKernel[] {
  const facts = FileFacts.of(doc);
  return facts
    .functions()
    .filter((f) => f.kind === 'global' && f.bodySpan)
    .map((f) => ({ name: f.name, range: doc.lines.range(f.span), nameRange: doc.lines.range(f.nameSpan) }));
}

export function portKernel(doc: ParsedDocument, analysis: AnalysisResult | null, kernel: string, target: Target, sourceName: string): PortResult | null {
  const facts = FileFacts.of(doc);
  const fn = facts.functions().find((f) => f.kind === 'global' && f.name === kernel && f.bodySpan);
  if (!fn) return null;
  const budget = portBudget(target);
  const origin = `${sourceName}:${doc.lines.range(fn.nameSpan).start.line + 1}`;
  const launches = facts.launches();
  const launchEdits: TextEdit[] = [];
  let nth = 0;
  launches.forEach((l) => {
    if (l.kernel !== kernel) return;
    const r = rewriteLaunch(facts, doc.text, target, l, nth++);
    for (const e of r?.edits ?? []) launchEdits.push({ range: doc.lines.range(e.span), newText: e.newText });
  });
  const recognized = recognizeKernel(facts, doc.text, fn);
  if ('pattern' in recognized) {
    try {
      const emitted = emitElementwise(recognized, target, budget, origin);
      return { kernel, kind: 'complete', text: emitted.text, reasons: [], blockers: [], launchEdits };
    } catch (e) {
      return skeleton([`the elementwise port does not fit ${target.soc}: ${e instanceof Error ? e.message : String(e)}`]);
    }
  }
  return skeleton(recognized.rejections.map((r) => `${r.pattern}: ${r.reason}${r.code ? ` (${r.code})` : ''}`));

  function skeleton(reasons: string[]): PortResult {
    // The kernel and every device function it reaches: their constructs block the port too.
    const reached = reachedFunctions(facts.functions(), fn!);
    const blockers: Blocker[] = [];
    for (const { f, via } of reached) {
      const range = doc.lines.range(f.span);
      for (const finding of analysis?.findings ?? []) {
        if (finding.code === 'ASC001' || !inside(finding.range, range)) continue;
        blockers.push({ code: finding.code, rule: finding.rule, line: finding.range.start.line, message: via ? `in \`${via}\`, called from the kernel: ${finding.message}` : finding.message });
      }
    }
    return { kernel, kind: 'skeleton', text: emitSkeleton(fn!, doc.text, target, budget, origin, blockers, reasons), reasons, blockers, launchEdits };
  }
}

function inside(r: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, r.start) && before(r.end, outer.end);
}

/** `dir/foo.cu` → `dir/foo_ascend.cpp` (or `.asc`). */
export function portFileName(source: string, extension: '.cpp' | '.asc'): string {
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
