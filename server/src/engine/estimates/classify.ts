/**
 * Kernel classification from the kernel model and the syntax tree:
 * - cube-eligible: what the GEMM detector (model/gemmDetect.ts) reads as a matrix product
 *   (loop nests in every tiling form, WMMA fragments, `mma` PTX), except GEMVs and skinny
 *   products (M or N a constant below 16), which are vector work with the reason;
 * - vector: elementwise (the port's verdict is complete: its op mix is exact) or any
 *   other kernel without the scalar-heavy signs (op mix counted from the source text);
 * - scalar-heavy: per-element control that depends on data, or indirect indexing.
 */
import type { FileFacts } from '../model/facts';
import type { GemmDescription, GemmExtent } from '../model/gemm';
import { detectGemm } from '../model/gemmDetect';
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
  /** Cube: the expressions of M, N and K over the kernel's parameters (those the launch alone knows are left out). */
  gemm?: { m?: string; n?: string; k?: string };
  /** The GEMM detector's description, for cube kernels and GEMVs. */
  description?: GemmDescription;
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
    else if ((x.i === 'binary' && (x.api === 'Div' || x.api === 'Power')) || (x.i === 'unary' && (x.api === 'Exp' || x.api === 'Ln' || x.api === 'Sqrt' || x.api === 'Erf' || x.api === 'Sin' || x.api === 'Cos'))) ops.transcendental++;
    else ops.simple++;
  }
  return ops;
}

export function classifyKernel(facts: FileFacts, text: string, fn: FunctionModel, node: SyntaxNode | undefined, target: Target): Classification {
  const pointers = fn.params.filter((p) => p.pointerDepth === 1);
  const firstType = pointers.map((p) => baseOf(p.baseType)).find((t) => DTYPE_OF[t]) ?? 'float';
  const dtype = DTYPE_OF[firstType] ?? 'float';
  const masked = fn.bodySpan ? facts.maskedText.slice(fn.bodySpan.start, fn.bodySpan.end) : '';

  // The one GEMM detector (model/gemmDetect.ts), as ASC709 and the port classifier read it.
  const gemm = detectGemm(facts, fn);
  if (gemm) return gemmClassification(gemm, pointers, target);
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
    // A high-level API port (rows/api.ts) reads each row once into UB when it fits (the usual
    // case: rows up to thousands of columns); the basic ops read it once per pass.
    const api = plan.layout === 'cols' ? null : plan.api?.use ?? null;
    const colTensors = new Set((reduction.program.schedule as { colTensors: string[] }).colTensors);
    const readBytes = api ? 4 * new Set(plan.passes.flatMap((ps) => ps.reads).filter((t) => !colTensors.has(t))).size : plan.passes.reduce((sum, ps) => sum + 4 * ps.reads.length, 0);
    return {
      kind: 'vector',
      reason:
        plan.layout === 'cols'
          ? `a column reduction (rows schedule, column layout): ${plan.passes.length - 1} pass${plan.passes.length === 2 ? '' : 'es'} down the columns, each reading every element once from GM in runs of a row, one value per column stored`
          : plan.passes.length === 1
          ? `${(reduction.program.schedule as { cudaForm: string }).cudaForm === 'per-element' ? 'a broadcast' : 'a row-wise map'} (rows schedule without a reduction): one pass over each row, mapping and storing it, per-column tensors read at the same columns for every row`
          : api
            ? `a row-wise kernel (rows schedule) on the ${api.api} high-level API: each row read into UB once and normalised there (rows too long for UB take ${plan.passes.length} passes on the basic ops instead)`
            : `a row-wise kernel (rows schedule): ${plan.passes.length} passes over each row (${plan.passes.length - 1} reducing, one mapping and storing), each reading its tensors' chunk of the row from GM`,
      dtype: 'float',
      ops,
      opsExact: true,
      bytesPerElement: readBytes + 4 * written.length,
      bound: reduction.program.schedule.length,
    };
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
  if (verdict?.kind === 'complete' && verdict.program.schedule.kind === 'single') {
    // One CUDA thread's work on one core's scalar unit: a few GM values, no vector work.
    const s = verdict.program.schedule;
    const ts = tensors(verdict.program);
    const touched = Object.values(s.extents).reduce((a, b) => a + b, 0);
    return {
      kind: 'scalar',
      reason: s.steps.length ? `a single-thread kernel (single schedule): core 0's scalar unit reads and writes ${touched} GM value${touched === 1 ? '' : 's'} (GetValue/SetValue); its time is the launch's` : 'an empty kernel: the port launches one core that does nothing',
      dtype: ts.every((t) => t.dtype === 'half') && ts.length ? 'half' : 'float',
      ops: textOps(masked),
      opsExact: false,
      bytesPerElement: ts.reduce((sum, t) => sum + (t.read ? DTYPE_BYTES[t.dtype] : 0) + (t.written ? DTYPE_BYTES[t.dtype] : 0), 0),
      bound: s.length,
    };
  }
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

/** Below this many rows (or columns) of output the Cube's 16-wide fractal is mostly idle. */
export const SKINNY = 16;

const extentText = (e: GemmExtent) => (e.kind === 'launch' ? undefined : e.expr);

/** Cube or vector for a detected GEMM: the figures come from the description, not from names. */
function gemmClassification(g: GemmDescription, pointers: FunctionModel['params'], target: Target): Classification {
  void target;
  const inType = g.a.elementType;
  const dtype = DTYPE_OF[inType] ?? DTYPE_OF[baseOf(pointers[0]?.baseType ?? 'float')] ?? 'float';
  const shape = `M = ${g.m.expr}, N = ${g.n.expr}, K = ${g.k.expr}`;
  const layouts = `A ${g.a.layout}-major, B ${g.b.layout}-major${g.batch ? `, batched over ${g.batch.via}` : ''}`;
  const skinny = [g.m, g.n].find((e) => e.kind === 'constant' && e.value < SKINNY);
  if (g.form === 'gemv' || skinny) {
    const bound = extentText(g.m) && extentText(g.k) ? `${g.form === 'gemv' ? g.m.expr : `${g.m.expr} * ${g.n.expr}`} * ${g.k.expr}`.replace(/\b1 \* /g, '') : undefined;
    return {
      kind: 'vector',
      reason:
        g.form === 'gemv'
          ? `a matrix-vector product (GEMV, ${shape}): with one output column the Cube's 16×16 fractal would be mostly idle, so it is vector work (multiply, then reduce along K), bound by reading the matrix once`
          : `a skinny product (${shape}): with ${skinny!.expr} < ${SKINNY} output ${skinny === g.m ? 'rows' : 'columns'} the Cube's 16-wide fractal would be mostly idle, so it is vector work (multiply, then reduce along K)`,
      dtype: dtype === 'half' ? 'half' : 'float',
      ops: { simple: 2, transcendental: 0 },
      opsExact: false,
      bytesPerElement: ELEMENT_BYTES[inType] ?? 4,
      bound,
      description: g,
    };
  }
  const fragment = g.form === 'wmma' || g.form === 'mma';
  const note = fragment
    ? `; its tensor-core tile${g.fragmentTile ? ` (${g.fragmentTile})` : ''} is not the Cube's: the Cube multiplies 16×16 fractals (K depth 32 bytes) in base tiles the Matmul tiling chooses, so the CUDA tile shape does not carry over`
    : '';
  const unknown = g.unknowns.length ? `; not read: ${g.unknowns.join('; ')}` : '';
  return {
    kind: 'cube',
    reason: `a ${g.form} GEMM (${shape}; ${layouts}): Cube work for the Matmul API${note}${unknown}`,
    dtype: dtype === 'float' || dtype === 'half' || dtype === 'int8' || dtype === 'bfloat16' ? dtype : 'float',
    ops: { simple: 0, transcendental: 0 },
    opsExact: false,
    bytesPerElement: 0,
    gemm: { m: extentText(g.m), n: extentText(g.n), k: extentText(g.k) },
    description: g,
  };
}
