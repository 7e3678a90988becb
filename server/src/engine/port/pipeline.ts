/**
 * One verdict per kernel and target: recognise → TileProgram → plan → lower. Complete
 * (with the program, its plan and its lowering, host ABI included) or skeleton with the
 * reasons. The port action, the launch rewrite, the estimates, the launch hints, the report
 * and the CLI all read this; none of them recognises or plans a kernel on its own.
 * Memoised per document version (FileFacts) and target.
 */
import type { FileFacts } from '../model/facts';
import type { FunctionModel } from '../model/kernels';
import type { Target } from '../target';
import { lower, type Lowered } from './lower';
import { DoesNotFit, plan, type Plan } from './plan';
import { elementwiseProgram, layoutProgram, reductionProgram, rowsProgram, singleProgram, type TileProgram } from './program';
import type { Recognized } from './patterns';
import { recognizeKernel } from './recognize';
import type { GemmDescription } from '../model/gemm';
import { matmulProgram } from './matmul/plan';
import { gemmOf } from './patterns/gemm';
import { detached } from '../model/units';

/** One instantiation of a template kernel, ported under its own names (`<kernel>_<suffix>`: class, entry, Launch wrapper). */
export interface PortedInstance {
  typeArgs: Readonly<Record<string, string>>;
  suffix: string;
  program: TileProgram;
  plan: Plan;
  lowered: Lowered;
}

export type Verdict =
  /**
   * `instances`: a template kernel this file launches with several instantiations has one
   * port per instantiation (the first is also `program`/`plan`/`lowered`, which estimates
   * and reports read); the kernel is complete only when every instantiation is.
   */
  | { kind: 'complete'; kernel: string; program: TileProgram; plan: Plan; lowered: Lowered; instances?: PortedInstance[] }
  | { kind: 'skeleton'; kernel: string; reasons: string[]; codes: string[] };

const memo = new WeakMap<FileFacts, Map<string, Verdict>>();

/**
 * `gemm`: a GEMM description to port the kernel by (the `matmul` schedule) instead of asking
 * the detector (`patterns/gemm.ts`); tests pass hand-built ones.
 */
export function compileKernel(facts: FileFacts, text: string, fn: FunctionModel, target: Target, gemm?: GemmDescription): Verdict {
  let byKey = memo.get(facts);
  if (!byKey) memo.set(facts, (byKey = new Map()));
  const options = `${fn.name}:${target.soc}:${target.cann}${gemm ? `:${JSON.stringify(gemm)}` : ''}`;
  const key = `${fn.span.start}:${options}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  // Across versions: a verdict holds no offsets, so an unchanged kernel over unchanged
  // dependencies keeps its verdict wherever the edit moved it.
  const across = facts.acrossVersions('port verdicts');
  const content = facts.text === text ? `${options}\0${facts.portKey(fn)}` : undefined;
  const kept = content === undefined ? undefined : (across.get(content) as Verdict | undefined);
  if (kept) {
    facts.keepBounded(across, content!, kept);
    byKey.set(key, kept);
    return kept;
  }
  const v = compileFresh(facts, text, fn, target, gemm);
  byKey.set(key, v);
  if (content !== undefined) {
    // Detached from this version's text only if the document gets a next version (a file the
    // CLI analyses once never pays for the copy); a verdict that cannot be copied is not kept.
    facts.keepBounded(across, content, v);
    facts.detachLater(() => {
      if (across.get(content) !== v) return;
      let copy: Verdict | undefined;
      try {
        copy = detached(v);
      } catch {
        copy = undefined;
      }
      if (copy) across.set(content, copy);
      else across.delete(content);
    });
  }
  return v;
}

function compileFresh(facts: FileFacts, text: string, fn: FunctionModel, target: Target, gemm?: GemmDescription): Verdict {
  const g = gemm ?? gemmOf(facts, fn);
  // A verdict holds no offsets (it is reused wherever the kernel moves): the reading's site is left out.
  let v = g ? compileGemm(fn, target, { ...g, site: undefined }) : compileUncached(facts, text, fn, target);
  // A product the detector read but the Matmul port cannot take: another schedule may still
  // port the kernel (a row-wise kernel the detector also reads as a product); if none does,
  // both reasons are kept.
  if (g && !gemm && v.kind === 'skeleton') {
    const other = compileUncached(facts, text, fn, target);
    v = other.kind === 'complete' ? other : { ...v, reasons: [...v.reasons, ...other.reasons], codes: [...new Set([...v.codes, ...other.codes])] };
  }
  return v;
}

function compileUncached(facts: FileFacts, text: string, fn: FunctionModel, target: Target): Verdict {
  const recognized = recognizeKernel(facts, text, fn);
  if (!('pattern' in recognized)) {
    return {
      kind: 'skeleton',
      kernel: fn.name,
      reasons: recognized.rejections.map((r) => `${r.pattern}: ${r.reason}${r.code ? ` (${r.code})` : ''}`),
      codes: [...new Set(recognized.rejections.flatMap((r) => (r.code ? [r.code] : [])))],
    };
  }
  // A broadcast (an elementwise kernel reading values per column or row) ports on the rows schedule: its wrapper's locals too.
  const rowsWrapper = recognized.pattern === 'rows' || (recognized.pattern === 'elementwise' && !!recognized.broadcast);
  const clash = fn.params.find((q) => isWrapperLocal(q.name) || (rowsWrapper && ROWS_LOCALS.test(q.name)) || (recognized.pattern === 'layout' && COPY_LOCALS.test(q.name)));
  if (clash) {
    return {
      kind: 'skeleton',
      kernel: fn.name,
      reasons: [`${recognized.pattern}: parameter \`${clash.name}\` has the name of a variable of the generated entry or launch wrapper (${WRAPPER_LOCALS.join(', ')}, or a name ending in Stage${rowsWrapper ? '; for a rows port also nRows, nCols, rowCount, colCount, stageRows, stride, rowBytes, strideBytes, r, padded, lastCols, bytesOf, or a name ending in Slots' : recognized.pattern === 'layout' ? '; for a copy port also runLength' : ''}); the port is not generated under it: rename the parameter`],
      codes: [],
    };
  }
  if (recognized.instances) {
    const instances: PortedInstance[] = [];
    for (const inst of recognized.instances) {
      const program = programOf(inst.recognized);
      try {
        const p = plan(program, target);
        instances.push({ typeArgs: inst.typeArgs, suffix: inst.suffix, program, plan: p, lowered: lower(program, p, target) });
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        return { kind: 'skeleton', kernel: fn.name, reasons: [`the ${program.pattern} port of ${program.kernel} does not fit ${target.soc}: ${reason}`], codes: e instanceof DoesNotFit && e.code ? [e.code] : [] };
      }
    }
    const first = instances[0]!;
    return { kind: 'complete', kernel: fn.name, program: first.program, plan: first.plan, lowered: first.lowered, instances };
  }
  const program = programOf(recognized);
  try {
    const p = plan(program, target);
    return { kind: 'complete', kernel: fn.name, program, plan: p, lowered: lower(program, p, target) };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { kind: 'skeleton', kernel: fn.name, reasons: [`the ${program.pattern} port ${e instanceof DoesNotFit && e.unsupported ? 'cannot run on' : 'does not fit'} ${target.soc}: ${reason}`], codes: e instanceof DoesNotFit && e.code ? [e.code] : [] };
  }
}

/** The verdict of a kernel the GEMM detector (or the caller) described: the `matmul` schedule, or a skeleton with the reason. */
function compileGemm(fn: FunctionModel, target: Target, g: GemmDescription): Verdict {
  try {
    const program = matmulProgram(g, fn);
    // Scalars live in the launch wrapper only; pointers are also the Cube kernel's parameters.
    const clash = fn.params.find((q) => isWrapperLocal(q.name) || MATMUL_WRAPPER_LOCALS.test(q.name) || (q.pointerDepth > 0 && MATMUL_KERNEL_LOCALS.test(q.name)));
    if (clash) return { kind: 'skeleton', kernel: fn.name, reasons: [`matmul: parameter \`${clash.name}\` has the name of a variable of the generated kernel or launch wrapper; the port is not generated under it: rename the parameter`], codes: [] };
    const p = plan(program, target);
    return { kind: 'complete', kernel: fn.name, program, plan: p, lowered: lower(program, p, target) };
  } catch (e) {
    if (!(e instanceof DoesNotFit)) throw e;
    return { kind: 'skeleton', kernel: fn.name, reasons: [`the matmul port ${e.unsupported ? 'cannot run on' : 'does not fit'} ${target.soc}: ${e.reason}`], codes: e.code ? [e.code] : [] };
  }
}

/** Names the Matmul kernel declares beside its GM parameters, and the names its launch wrapper declares beside the CUDA parameters. */
const MATMUL_KERNEL_LOCALS = /^(?:pipe|mm|aGm|bGm|cGm|biasGm|aSize|bSize|cSize|mBlocks|mIdx|nIdx|m0|n0|restM|restN|tailM|tailN|offA|offB|offC|batch|batchCount|strideA|strideB|strideC|workspace)$/;
const MATMUL_WRAPPER_LOCALS = /^(?:mDim|nDim|kDim|batches|platform|tilingApi|workspace|matmulOut|epRows|epCols)$/;

/** The verdict of the `__global__` kernel named `name` in a document, or null. */
export function verdictOf(facts: FileFacts, text: string, name: string, target: Target): Verdict | null {
  const fn = facts.functions().find((f) => f.kind === 'global' && f.name === name && f.bodySpan);
  return fn ? compileKernel(facts, text, fn, target) : null;
}

/** The TileProgram of a recognised kernel, by its pattern. */
function programOf(recognized: Recognized): TileProgram {
  if (recognized.pattern === 'layout') return layoutProgram(recognized);
  if (recognized.pattern === 'single') return singleProgram(recognized);
  return recognized.pattern === 'reduction' ? reductionProgram(recognized) : recognized.pattern === 'rows' ? rowsProgram(recognized) : elementwiseProgram(recognized);
}

/** Names the copy port's launch wrapper declares beside the kernel's parameters (its device methods read integers through members only). */
const COPY_LOCALS = /^runLength$/;

/** Names the rows port's launch wrapper declares beside the kernel's parameters (its device methods read scalars through members only). */
const ROWS_LOCALS = /^(?:nRows|nCols|rowCount|colCount|stageRows|stride|rowBytes|strideBytes|r|padded|lastCols|bytesOf|\w+Slots)$/;

/** Names the generated entry function and launch wrapper declare beside the kernel's parameters. */
const WRAPPER_LOCALS = ['tiling', 'op', 'len', 'total', 'head', 'rest', 'err', 'stream', 'numBlocks'];
function isWrapperLocal(name: string): boolean {
  return WRAPPER_LOCALS.includes(name) || /Stage$/.test(name);
}
