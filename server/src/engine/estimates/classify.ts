/**
 * Kernel classification from the kernel model and the syntax tree:
 * - cube-eligible: a GEMM-like loop nest accumulating `a[…k…] * b[…k…]`, WMMA/MMA
 *   fragments or `mma` PTX;
 * - vector: elementwise (the port's verdict is complete: its op mix is exact) or any
 *   other kernel without the scalar-heavy signs (op mix counted from the source text);
 * - scalar-heavy: per-element control that depends on data, or indirect indexing.
 */
import type { FileFacts } from '../model/facts';
import type { FunctionModel } from '../model/kernels';
import { compileKernel } from '../port/pipeline';
import type { Plan } from '../port/plan';
import { DTYPE_BYTES, tensors } from '../port/program';
import type { Target } from '../target';
import type { SyntaxNode } from '../syntax/parser';
import type { CubeDType, OpClass, VecDType } from './hardware';

export interface Classification {
  kind: 'cube' | 'vector' | 'scalar';
  /** Why, for the hover. */
  reason: string;
  /** Element type of the data the kernel moves. */
  dtype: VecDType | CubeDType;
  /** Vector: operations per element by class; exact for elementwise kernels, counted from text otherwise. */
  ops: Record<OpClass, number>;
  opsExact: boolean;
  /** Vector: bytes read + written per element. */
  bytesPerElement: number;
  /** The element count as a C++ expression over parameters (`n`), when the kernel has a bounds guard. */
  bound?: string;
  /** Cube: the parameters that give M, N and K, when the loop nest names them. */
  gemm?: { m?: string; n?: string; k?: string };
}

const ELEMENT_BYTES: Record<string, number> = { float: 4, half: 2, __half: 2, double: 8, int: 4, int8_t: 1, char: 1, 'unsigned char': 1, uint8_t: 1, int16_t: 2, short: 2, __nv_bfloat16: 2, int64_t: 8 };
const DTYPE_OF: Record<string, VecDType | CubeDType> = { float: 'float', half: 'half', __half: 'half', int8_t: 'int8', char: 'int8', 'signed char': 'int8', __nv_bfloat16: 'bfloat16' };

function baseOf(type: string): string {
  return type.replace(/\b(const|volatile|__restrict__|__restrict|restrict)\b/g, '').replace(/\s+/g, ' ').trim();
}

/** Ops per element of a complete port, counted from its vector instructions (what the port executes). */
function portOps(plan: Plan): Record<OpClass, number> {
  const ops: Record<OpClass, number> = { simple: 0, transcendental: 0 };
  for (const x of plan.instrs) {
    if (x.i === 'select') ops.simple += 2; // Compare and Select
    else if ((x.i === 'binary' && (x.api === 'Div' || x.api === 'Power')) || (x.i === 'unary' && (x.api === 'Exp' || x.api === 'Ln' || x.api === 'Sqrt' || x.api === 'Erf'))) ops.transcendental++;
    else ops.simple++;
  }
  return ops;
}

export function classifyKernel(facts: FileFacts, text: string, fn: FunctionModel, node: SyntaxNode | undefined, target: Target): Classification {
  const pointers = fn.params.filter((p) => p.pointerDepth === 1);
  const firstType = pointers.map((p) => baseOf(p.baseType)).find((t) => DTYPE_OF[t]) ?? 'float';
  const dtype = DTYPE_OF[firstType] ?? 'float';
  const masked = fn.bodySpan ? facts.maskedText.slice(fn.bodySpan.start, fn.bodySpan.end) : '';

  // Cube: WMMA / MMA.
  if (/\bwmma::mma_sync\b|\bmma_sync\s*\(/.test(masked) || facts.asm().some((a) => a.span.start >= fn.span.start && a.span.end <= fn.span.end && /\bmma\b|\bwgmma\b/.test(text.slice(a.span.start, a.span.end)))) {
    return { kind: 'cube', reason: 'uses tensor-core MMA (WMMA fragments or `mma` PTX): Cube work for the Matmul API', dtype: dtype === 'float' ? 'half' : dtype, ops: { simple: 0, transcendental: 0 }, opsExact: false, bytesPerElement: 0, gemm: gemmParams(fn, masked) };
  }
  // A complete reduction port (one value from n elements; a dot product is not a GEMM): vector
  // work, one read of every input element, the port's map plus one reducing op per element.
  const reduction = node ? compileKernel(facts, text, fn, target) : null;
  if (reduction?.kind === 'complete' && reduction.program.schedule.kind === 'reduceAll') {
    const inputs = tensors(reduction.program).filter((t) => t.name !== (reduction.program.schedule as { result: string }).result);
    const ops = portOps(reduction.plan);
    ops.simple++;
    return {
      kind: 'vector',
      reason: `a ${reduction.program.schedule.op} reduction: the port maps and reduces with vector instructions, reading each input element once (the one-element result is negligible)`,
      dtype: 'float',
      ops,
      opsExact: true,
      bytesPerElement: inputs.reduce((sum, t) => sum + DTYPE_BYTES[t.dtype], 0),
      bound: reduction.program.schedule.length,
    };
  }
  // A complete row-wise port (rows schedule): vector work over rows × cols elements. Every pass
  // reads its tensors' chunk of the row from GM again (per-column tensors too, once per row), the
  // final pass writes the outputs; ops per element are every pass's instructions plus one
  // reducing op per reduce pass. The row values and row stores are per row: negligible.
  if (reduction?.kind === 'complete' && reduction.plan.schedule === 'rows') {
    const plan = reduction.plan;
    const ops: Record<OpClass, number> = { simple: 0, transcendental: 0 };
    for (const ps of plan.passes) {
      const o = portOps({ ...plan, instrs: ps.instrs } as unknown as Plan);
      ops.simple += o.simple + (ps.step !== null ? 1 : 0);
      ops.transcendental += o.transcendental;
    }
    const written = tensors(reduction.program).filter((t) => t.written && !(reduction.program.schedule as { rowStores: { tensor: string }[] }).rowStores.some((r) => r.tensor === t.name));
    const readBytes = plan.passes.reduce((sum, ps) => sum + 4 * ps.reads.length, 0);
    return {
      kind: 'vector',
      reason: `a row-wise kernel (rows schedule): ${plan.passes.length} passes over each row (${plan.passes.length - 1} reducing, one mapping and storing), each reading its tensors' chunk of the row from GM`,
      dtype: 'float',
      ops,
      opsExact: true,
      bytesPerElement: readBytes + 4 * written.length,
      bound: reduction.program.schedule.length,
    };
  }
  // Cube: a GEMM-like accumulation inside a loop: acc += a[..k..] * b[..k..].
  const gemm = gemmLoop(masked);
  if (gemm) {
    return { kind: 'cube', reason: `accumulates \`${gemm.text}\` over \`${gemm.k}\` in a loop nest: a GEMM for the Cube unit (Matmul API)`, dtype: dtype === 'float' || dtype === 'half' || dtype === 'int8' || dtype === 'bfloat16' ? dtype : 'float', ops: { simple: 0, transcendental: 0 }, opsExact: false, bytesPerElement: 0, gemm: { ...gemmParams(fn, masked), k: gemmParams(fn, masked).k ?? (gemm.bound && fn.params.some((p) => p.name === gemm.bound && p.pointerDepth === 0) ? gemm.bound : undefined) } };
  }

  const bytesPerElement = pointers.reduce((s, p) => s + (ELEMENT_BYTES[baseOf(p.baseType)] ?? 4), 0);
  const bound = /\b(\w+)\s*<\s*([A-Za-z_]\w*)\b/.exec(masked);
  const boundParam = bound && fn.params.some((p) => p.name === bound[2] && p.pointerDepth === 0) ? bound[2] : undefined;

  // Scalar-heavy: indirect indexing or data-dependent control.
  const indirect = /\w\s*\[[^\]]*\w\s*\[/.exec(masked);
  const dataBranch = /\b(?:if|while)\s*\([^)]*\w\s*\[[^\]]+\]/.exec(masked);
  if (indirect || dataBranch) {
    return {
      kind: 'scalar',
      reason: indirect ? `indexes through another array (\`${indirect[0].trim()}…\`): per-element addresses run on the scalar pipe` : `branches on array data (\`${dataBranch![0].trim()}…\`): per-element control`,
      dtype: dtype === 'int8' || dtype === 'bfloat16' ? 'float' : dtype,
      ops: textOps(masked),
      opsExact: false,
      bytesPerElement,
      bound: boundParam,
    };
  }

  const verdict = node ? compileKernel(facts, text, fn, target) : null;
  if (verdict?.kind === 'complete') {
    const ts = tensors(verdict.program);
    const bytes = ts.reduce((sum, t) => sum + (t.read ? DTYPE_BYTES[t.dtype] : 0) + (t.written ? DTYPE_BYTES[t.dtype] : 0), 0);
    // Rates of half where everything is half; float rates for float and int32 (4-byte lanes).
    const ew = ts.every((t) => t.dtype === 'half') ? 'half' : 'float';
    return { kind: 'vector', reason: 'elementwise: the port computes it with vector instructions', dtype: ew, ops: portOps(verdict.plan), opsExact: true, bytesPerElement: bytes, bound: verdict.program.schedule.length };
  }
  return {
    kind: 'vector',
    reason: 'no GEMM, indirect indexing or data-dependent branches: vector work (op mix counted from the source text)',
    dtype: dtype === 'int8' || dtype === 'bfloat16' ? 'float' : dtype,
    ops: textOps(masked),
    opsExact: false,
    bytesPerElement,
    bound: boundParam,
  };
}

/** Rough op mix from text: transcendental calls and divisions, and other arithmetic operators. */
function textOps(masked: string): Record<OpClass, number> {
  const transcendental = (masked.match(/\b(?:__)?(?:exp|log|sqrt|expf|logf|sqrtf|exp2f|log2f|powf|__fdividef|tanhf|erff)\s*\(|[^/*]\/[^/*=]/g) ?? []).length;
  const simple = (masked.match(/[^+\-*/=<>!&|]([+\-*])(?![+\-=>])/g) ?? []).length;
  return { simple: Math.max(1, simple), transcendental };
}

/** `x += a[...k...] * b[...k...]` inside a for loop over k. */
function gemmLoop(masked: string): { text: string; k: string; bound?: string } | null {
  for (const loop of masked.matchAll(/\bfor\s*\(\s*(?:int|long|size_t|unsigned|auto)?\s*([A-Za-z_]\w*)\s*=[^;]*;\s*\1\s*<\s*([^;]+);/g)) {
    const k = loop[1]!;
    const rest = masked.slice(loop.index! + loop[0].length, loop.index! + loop[0].length + 400);
    // a[i*K+k], As[ty][k], b[k*N+j], Bs[k][tx]: one or more subscripts, one of them mentioning k,
    // possibly converted first (`__half2float(A[...])`, `float(B[...])`).
    const sub = `(?:[A-Za-z_][\\w:<>]*\\s*\\(\\s*)?([A-Za-z_]\\w*)\\s*((?:\\[[^\\]]*\\])+)\\s*\\)?`;
    const acc = new RegExp(`[A-Za-z_]\\w*(?:\\[[^\\]]*\\])*\\s*\\+=\\s*${sub}\\s*\\*\\s*${sub}`).exec(rest);
    const mentions = (s: string | undefined) => !!s && new RegExp(`\\b${k}\\b`).test(s);
    if (acc && acc[1] !== acc[3] && mentions(acc[2]) && mentions(acc[4])) return { text: `${acc[1]}${acc[2]} * ${acc[3]}${acc[4]}`, k, bound: /^[A-Za-z_]\w*$/.test(loop[2]!.trim()) ? loop[2]!.trim() : undefined };
  }
  return null;
}

/** Parameters named like GEMM dimensions (M, N, K, in any case), or used as row/column bounds. */
function gemmParams(fn: FunctionModel, masked: string): { m?: string; n?: string; k?: string } {
  const scalars = fn.params.filter((p) => p.pointerDepth === 0).map((p) => p.name);
  const named = (re: RegExp) => scalars.find((s) => re.test(s));
  const compared = [...masked.matchAll(/<\s*([A-Za-z_]\w*)/g)].map((m) => m[1]!).filter((x, i, a) => scalars.includes(x) && a.indexOf(x) === i);
  const m = named(/^(m|M|rows?|numRows|M_)$/) ?? compared[0];
  const n = named(/^(n|N|cols?|numCols|N_)$/) ?? compared.find((c) => c !== m) ?? m;
  const k = named(/^(k|K|inner|K_)$/);
  return { m, n, k };
}
