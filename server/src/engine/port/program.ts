/**
 * TileProgram: the port pipeline's intermediate form. It says what one core does with one
 * tile of its data, independent of any target: the kernel's arguments (GM tensors and
 * scalars), a schedule (what the core loops over), and a body of numbered SSA values.
 *
 *   recognise (patterns/) → TileProgram → plan(program, target) → lower(program, plan, target) → render
 *
 * Recognisers produce it; `plan.ts` sizes it for a target; `lower.ts` turns it into API calls
 * and the host ABI; `render/` writes text. Plain data: values are numbered, never shared by
 * object identity, so a program can be compared, serialised and interpreted.
 */
import type { CmpMode, DType, ElementwiseKernel, Expr, RoundFn, ScalarType } from './ir';
import type { ReductionKernel } from './patterns/reduction';
import type { RowsKernel } from './patterns/rows';
import type { LayoutKernel } from './patterns/layout';
import type { SingleKernel, SingleStep } from './patterns/single';
import type { GemmDescription } from '../model/gemm';

export type { CmpMode, DType, RoundFn, ScalarType } from './ir';
export { CPP_TYPE, DTYPE_BYTES } from './ir';

/** A pointer parameter: a tensor in global memory. Its symbolic shape is the schedule's length. */
export interface TensorArg {
  kind: 'tensor';
  name: string;
  /** Position among the CUDA kernel's parameters. */
  index: number;
  dtype: DType;
  read: boolean;
  written: boolean;
  /**
   * Read only on the scalar unit (`GlobalTensor::GetValue`), never streamed (no queue, no tile
   * copies; `read` is false): at constant indices below this count (`pars[0]`, `pars[1]`), or at
   * the row index (`'row'`: a value per row of a broadcast, `mean[i / C]`). The verifier gives
   * the tensor that many elements (rows for `'row'`).
   */
  scalarOnly?: number | 'row';
}

/** A by-value parameter. */
export interface ScalarArg {
  kind: 'scalar';
  name: string;
  index: number;
  /** The C++ type as written in CUDA (`float`, `int`, `const float`). */
  cppType: string;
  /** Read by the body (passed to the kernel) or only part of the length (host side only). */
  usedInCompute: boolean;
}

export type Arg = TensorArg | ScalarArg;

/**
 * What one core loops over. `stream`: elementwise over `length` elements, each element
 * independent. (`reduceAll`, `rows` and `matmul` are the next schedules.)
 */
export interface StreamSchedule {
  kind: 'stream';
  /** Element count as a C++ expression over scalar arguments, or `gridDim.x * blockDim.x` when unguarded. */
  length: string;
  /** How the CUDA kernel covered the range: the launch configuration the CUDA side needs. */
  cudaForm: 'guard' | 'early-return' | 'grid-stride' | 'unguarded';
  /**
   * A 2-D CUDA grid flattened to `length` = rows × cols (contiguous rows): the scalar
   * parameters bounding rows (`.y`) and columns (`.x`), for the CUDA side's 2-D launch.
   */
  grid2d?: { rows: string; cols: string };
  /** Elements each CUDA thread handles as one 16-byte pack (`x128`); the CUDA launch covers length / pack threads. */
  pack?: number;
}

/**
 * `reduceAll`: one value, op over f(x[i]) for i < `length`. Each core maps and reduces its
 * share tile by tile into a running accumulator in UB; the cores' values are then combined
 * (DMA atomic add, or a GM workspace and a second pass: `plan` picks by target). The body
 * computes f per element; its one store names the result tensor, which holds one element.
 */
export interface ReduceAllSchedule {
  kind: 'reduceAll';
  length: string;
  /** How CUDA walked the range (the launch configuration the CUDA side needs). */
  cudaForm: 'guard' | 'grid-stride' | 'block-stride';
  op: 'sum' | 'max' | 'min';
  /** The tensor that receives the value (one element). */
  result: string;
  /**
   * `accumulate`: result[0] = op(result[0], value), as CUDA's atomics do; `assign`: result[0] = value;
   * `partials`: CUDA wrote one partial per block, result[blockIdx.x]; for a sum the port writes
   * result[0] = value and zeroes result[1 … gridDim.x), so the partials add up to the same total;
   * for a max or min it writes the value into every partial, whose max or min is the same.
   */
  mode: 'accumulate' | 'assign' | 'partials';
  /** max / min: the constant every CUDA thread started at (a float literal), included in the result; the identity when absent. */
  start?: string;
  /** How CUDA combined the threads' values, for the generated header. */
  cudaTechnique: string;
}

/**
 * `rows`: a rows × cols tensor, each row reduced and the results broadcast back over it
 * (softmax, log-softmax, RMSNorm, layernorm). Each core takes a contiguous range of rows;
 * per row, `steps` run in order: a `reduce` is one pass over the row in column chunks (load →
 * map → ReduceSum/ReduceMax per chunk → a running value on the scalar unit), a `scalar` is
 * float arithmetic on the scalar unit, a `unary` is one function of a row value computed on
 * one vector block; then the final pass maps every chunk of the row (the body, with row values
 * as scalars) and stores it, and `rowStores` write one value per row. Any row length: the
 * passes walk the row chunk by chunk, so a row longer than UB is read once per pass.
 */
export interface RowsSchedule {
  kind: 'rows';
  rows: string;
  cols: string;
  /** rows × cols, for consumers that read an element count. */
  length: string;
  /**
   * One thread per row (a guard on the global index), one block per row (its threads stride over the row and combine through shared memory), or one warp per row (its lanes stride over the row and combine through shuffles or `cg::reduce`);
   * `per-element`: a broadcast, one CUDA thread per element of rows × cols (`elementForm` says how it covered them).
   */
  cudaForm: 'thread-per-row' | 'block-per-row' | 'warp-per-row' | 'per-element';
  /** A broadcast's CUDA form (an elementwise kernel's: guard, early return, grid-stride loop). */
  elementForm?: 'guard' | 'early-return' | 'grid-stride' | 'unguarded';
  cudaTechnique: string;
  /** Scalar parameters CUDA reads as blockDim.x (every launch in the file passes the block size); the port does not read them. */
  blockSizeParams?: string[];
  /** CUDA's block at every launch (of this instantiation): one warp (a block per row read as a warp per row), or a block per row's constant block; verify launches blocks of this many threads. */
  blockThreads?: number;
  /** Tensors indexed by the column only (γ, β): every row reads the same chunk. */
  colTensors: string[];
  /**
   * A broadcast's tensors read in rows `stride` apart (`x[(i / cols) * stride + i % cols]`, ggml's
   * GLU halves): row r's chunk starts at `r * stride`; `stride` is a scalar parameter.
   */
  rowStrides?: { tensor: string; stride: string; /** A 3-D grid of rows (`grid3`): the strides along y and z (scalar parameters or `0`). */ y?: string; z?: string }[];
  /**
   * One CUDA block per row over a 3-D grid (ggml's norms): rows = cudaGridX × cudaGridY × cudaGridZ,
   * row r at (r mod cudaGridX, ⌊r / cudaGridX⌋ mod cudaGridY, ⌊r / (cudaGridX · cudaGridY)⌋); tensors
   * in `rowStrides` start their row there along their three strides, the others at r × cols.
   */
  grid3?: true;
  /** A guarded broadcast whose bound is not rows × cols: the element count; the last row holds total − (rows − 1) × cols. */
  total?: string;
  steps: RowsStep[];
  /** tensor[row] = row value (`add`: tensor[row] += row value). */
  rowStores: { tensor: string; value: string; nullable?: boolean; add?: boolean }[];
  /**
   * Column sums across rows (`atomicAdd(&dbias[j], v)` in CUDA): the final pass computes each
   * one's value per element (a store into the tensor in `body`) and adds the chunk into GM at
   * its columns with DMA atomics. Their tensors hold `cols` elements.
   */
  colAdds?: string[];
  /** CUDA stages the column sums per block in dynamic shared memory: this many regions of `cols` floats (verify launches the CUDA kernel with them). */
  cudaSharedRegions?: number;
  /** CUDA's barrier is divergent unless the rows fill whole blocks (threads past the last row return before it): verify rounds its row counts up to whole blocks. */
  cudaWholeBlocks?: true;
  /**
   * `cols`: each row is a column of a row-major tensor, element j of row r at `j * stride + r`
   * (per-column sums); lowered by `port/cols` (a vector of rows per chunk, one accumulator lane
   * per row). Only reduce steps, scalar steps and row stores.
   */
  layout?: 'cols';
  stride?: string;
}

export type RowsStep =
  /** name = init op reduce_j(f(j)); body computes f and stores it into the pseudo tensor `__acc`. `init` null: the operator's identity. */
  | { k: 'reduce'; name: string; op: 'sum' | 'max'; init: string | null; body: Op[] }
  /** name = C++ float arithmetic over kernel scalars (by their CUDA names), literals and earlier row values. */
  | { k: 'scalar'; name: string; text: string }
  /** name = fn(arg), on one vector block (the scalar unit has no transcendental functions). */
  | { k: 'unary'; name: string; fn: 'exp' | 'ln' | 'sqrt' | 'rsqrt' | 'abs'; arg: string }
  /** name = tensor[row], read from GM on the scalar unit (`GlobalTensor::GetValue`): a broadcast's value per row. */
  | { k: 'gm'; name: string; tensor: string };

/**
 * `matmul`: a matrix product C = A × B (batched, with an epilogue) from the GEMM detector's
 * description (model/gemm.ts), computed by the Cube through the Matmul high-level API. The
 * body is empty: the product is the Matmul's; an epilogue (alpha, beta, bias, residual,
 * activation) is its own `rows` program over the product (matmul/plan.ts).
 */
export interface MatmulSchedule {
  kind: 'matmul';
  gemm: GemmDescription;
  /** M × N (× the batch count), for consumers that read an element count. */
  length: string;
  cudaForm: 'matmul';
}

/**
 * `copy`: a layout kernel (patterns/layout.ts) that moves runs of elements unchanged. The
 * element index is taken apart into coordinates (`digits`, innermost first); each move is
 * `out[Σ coefs·d + offset] = in[Σ coefs·d + offset]`; the innermost `runDigits` coordinates
 * form one contiguous run of `runLength` elements in every tensor, so a core walks runs and
 * copies each one GM → UB → GM. The body is empty.
 */
export interface CopySchedule {
  kind: 'copy';
  /** The element type read and the one stored (equal, or float ↔ half/bf16 through Cast). */
  from: DType;
  to: DType;
  /** E, the element count (C++ over integer arguments). */
  length: string;
  cudaForm: 'guard' | 'early-return';
  digits: { extent: string }[];
  runDigits: number;
  runLength: string;
  moves: { out: string; in: string; accumulate?: boolean; outIndex: { coefs: string[]; offset: string }; inIndex: { coefs: string[]; offset: string } }[];
  /** Elements of each tensor the kernel touches (its largest index + 1), C++. */
  extents: Record<string, string>;
}

/**
 * `single`: one CUDA thread's work (patterns/single.ts), done once by core 0 on the scalar unit:
 * `steps` are locals and stores at constant indices, as C++ over `<tensor>Gm.GetValue(k)`,
 * scalar parameters and locals. `empty`: nothing to do. The body is empty.
 */
export interface SingleSchedule {
  kind: 'single';
  cudaForm: SingleKernel['form'];
  steps: SingleStep[];
  /** The CUDA statements, for the generated header. */
  cuda: string[];
  /** Elements of each tensor the work touches (its largest constant index + 1). */
  extents: Record<string, number>;
  /** The element count consumers that read one see: the elements written (1 for an empty kernel: one unit of work). */
  length: string;
}

export type Schedule = StreamSchedule | ReduceAllSchedule | RowsSchedule | MatmulSchedule | CopySchedule | SingleSchedule;

export type MapFn = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'pow' | 'exp' | 'ln' | 'sqrt' | 'rsqrt' | 'abs' | 'relu' | 'neg' | 'recip' | 'erf' | 'sin' | 'cos' | RoundFn;

/** One SSA value or a store. `id` numbers values in definition order (0, 1, 2, …). */
export type Op =
  | { op: 'load'; id: number; tensor: string; t: DType }
  /** A scalar shared by all elements: a literal or an expression over scalar arguments (C++ text). */
  | { op: 'scalar'; id: number; text: string; t: ScalarType }
  | { op: 'map'; id: number; fn: MapFn; args: number[]; t: DType }
  | { op: 'cast'; id: number; arg: number; t: DType }
  /** The global element index of each element (an iota over the tile), int32. */
  | { op: 'iota'; id: number; t: 'int32' }
  /** Per element `a CMP b ? then : otherwise`. */
  | { op: 'select'; id: number; cmp: CmpMode; a: number; b: number; then: number; otherwise: number; t: DType }
  | { op: 'store'; tensor: string; value: number };

export type ValueOp = Exclude<Op, { op: 'store' }>;

export interface TileProgram {
  kernel: string;
  /** The recogniser that produced it. */
  pattern: string;
  /** Every CUDA parameter, in order. */
  args: Arg[];
  schedule: Schedule;
  body: Op[];
  /** What the port does differently from CUDA, said in the generated header. */
  notes: string[];
  /** Scalars read from GM at a constant index, once per core in Init: `name = tensor[index]` (`GlobalTensor::GetValue`); scalar texts name them. */
  gmScalars?: { name: string; tensor: string; index: number; t: 'float' | 'half' | 'int32' }[];
}

export function valueOps(p: TileProgram): ValueOp[] {
  return p.body.filter((o): o is ValueOp => o.op !== 'store');
}

export function stores(p: TileProgram): Extract<Op, { op: 'store' }>[] {
  return p.body.filter((o): o is Extract<Op, { op: 'store' }> => o.op === 'store');
}

export function tensors(p: TileProgram): TensorArg[] {
  return p.args.filter((a): a is TensorArg => a.kind === 'tensor');
}

export function scalars(p: TileProgram): ScalarArg[] {
  return p.args.filter((a): a is ScalarArg => a.kind === 'scalar');
}

/** Operand ids of a value. */
export function operandsOf(o: ValueOp): number[] {
  switch (o.op) {
    case 'map':
      return o.args;
    case 'cast':
      return [o.arg];
    case 'select':
      return [o.a, o.b, o.then, o.otherwise];
    default:
      return [];
  }
}

const BIN_FN: Readonly<Record<string, MapFn>> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', max: 'max', min: 'min', pow: 'pow' };

/**
 * The program of an elementwise kernel the recogniser accepted. Shared subexpressions (the
 * same `Expr` object reached twice) become one value; values are numbered in the order a
 * depth-first walk of the stores first defines them.
 */
export function elementwiseProgram(k: ElementwiseKernel): TileProgram {
  const body: Op[] = [];
  const ids = new Map<Expr, number>();
  // Value numbering: an operation on the same operands is computed once, however many times the
  // recogniser built it (an inlined helper's argument read twice, a local used in both lanes).
  const byKey = new Map<string, number>();
  let next = 0;
  const value = (e: Expr): number => {
    const known = ids.get(e);
    if (known !== undefined) return known;
    let op: ValueOp;
    switch (e.k) {
      case 'load':
        op = { op: 'load', id: -1, tensor: e.param, t: e.t };
        break;
      case 'scalar':
        op = { op: 'scalar', id: -1, text: e.text, t: e.t };
        break;
      case 'un':
        op = { op: 'map', id: -1, fn: e.op === 'neg' ? 'neg' : e.op, args: [value(e.a)], t: e.t };
        break;
      case 'bin':
        op = { op: 'map', id: -1, fn: BIN_FN[e.op]!, args: [value(e.a), value(e.b)], t: e.t };
        break;
      case 'cast':
        op = { op: 'cast', id: -1, arg: value(e.a), t: e.t };
        break;
      case 'iota':
        op = { op: 'iota', id: -1, t: 'int32' };
        break;
      case 'select': {
        // Branches first, then the comparison, as the lowering evaluates them.
        const then = value(e.then);
        const otherwise = value(e.otherwise);
        const a = value(e.a);
        const b = value(e.b);
        op = { op: 'select', id: -1, cmp: e.cmp, a, b, then, otherwise, t: e.t };
        break;
      }
    }
    const key = JSON.stringify({ ...op, id: 0 });
    const same = byKey.get(key);
    if (same !== undefined) {
      ids.set(e, same);
      return same;
    }
    op.id = next++;
    ids.set(e, op.id);
    byKey.set(key, op.id);
    body.push(op);
    return op.id;
  };
  for (const s of k.stores) body.push({ op: 'store', tensor: s.param, value: value(s.value) });
  const gm = k.gmScalars ?? [];
  const rowValues = k.broadcast?.rowValues ?? [];
  const args: Arg[] = k.params.map((p, index) => {
    if (p.kind !== 'pointer') return { kind: 'scalar', name: p.name, index, cppType: p.type, usedInCompute: p.usedInCompute };
    const at = gm.filter((g) => g.param === p.name).map((g) => g.index);
    const scalarOnly: number | 'row' | undefined = at.length ? Math.max(...at) + 1 : rowValues.some((r) => r.param === p.name) ? 'row' : undefined;
    return { kind: 'tensor', name: p.name, index, dtype: p.t, read: p.read, written: p.written, ...(scalarOnly !== undefined ? { scalarOnly } : {}) };
  });
  const gmScalars = gm.length ? { gmScalars: gm.map((g) => ({ name: g.name, tensor: g.param, index: g.index, t: g.t })) } : {};
  const b = k.broadcast;
  if (b) {
    // A broadcast: the rows schedule's final pass with no reduction (rows/plan.ts, render/rows.ts).
    const schedule: RowsSchedule = {
      kind: 'rows',
      rows: b.rows,
      cols: b.cols,
      length: `(${b.rows}) * (${b.cols})`,
      cudaForm: 'per-element',
      elementForm: k.form,
      cudaTechnique: `one thread per element of the ${k.form === 'grid-stride' ? 'grid-stride loop' : k.form === 'unguarded' ? 'launch' : 'guarded range'}, reading per-column values at \`i % ${b.cols}\`${b.rowValues.length ? ` and per-row values at \`i / ${b.cols}\`` : ''}`,
      colTensors: b.colTensors,
      ...(b.rowStrides ? { rowStrides: b.rowStrides } : {}),
      ...(b.total !== undefined ? { total: b.total } : {}),
      steps: b.rowValues.map((r) => ({ k: 'gm', name: r.name, tensor: r.param })),
      rowStores: [],
    };
    return { kernel: k.name, pattern: k.pattern, args, schedule, body, notes: [...k.notes], ...gmScalars };
  }
  return { kernel: k.name, pattern: k.pattern, args, schedule: { kind: 'stream', length: k.bound, cudaForm: k.form, ...(k.grid2d ? { grid2d: k.grid2d } : {}), ...(k.pack ? { pack: k.pack } : {}) }, body, notes: [...k.notes], ...gmScalars };
}

/** The program of a reduction the recogniser accepted: the element f(x[i]) as the body, stored into the result under a `reduceAll` schedule. */
export function reductionProgram(k: ReductionKernel): TileProgram {
  const base = elementwiseProgram({
    pattern: 'elementwise',
    name: k.name,
    params: k.params.map((p) => (p.kind === 'pointer' ? { kind: 'pointer' as const, name: p.name, t: p.t, read: p.read, written: p.written } : { kind: 'scalar' as const, name: p.name, type: p.type, usedInCompute: p.usedInCompute })),
    form: 'guard',
    bound: k.bound,
    stores: [{ param: k.result.param, value: k.value }],
    notes: [],
  });
  return {
    ...base,
    pattern: 'reduction',
    schedule: { kind: 'reduceAll', length: k.bound, cudaForm: k.form, op: k.op, result: k.result.param, mode: k.result.mode, ...(k.start !== undefined ? { start: k.start } : {}), cudaTechnique: k.cudaTechnique },
    notes: [...k.notes],
  };
}

/** The pseudo tensor a reduce step's body stores its mapped element into. */
export const ROW_ACC = '__acc';

/** The program of a row-wise kernel: the final pass as the body, each row value as a step of the `rows` schedule. */
export function rowsProgram(k: RowsKernel): TileProgram {
  const params: ElementwiseKernel['params'] = k.params.map((p) => (p.kind === 'pointer' ? { kind: 'pointer' as const, name: p.name, t: p.t, read: p.read, written: p.written } : { kind: 'scalar' as const, name: p.name, type: p.type, usedInCompute: p.usedInCompute }));
  const bodyOf = (stores: { param: string; value: Expr }[], extra: boolean) =>
    elementwiseProgram({ pattern: 'elementwise', name: k.name, params: extra ? [...params, { kind: 'pointer', name: ROW_ACC, t: 'float', read: false, written: true }] : params, form: 'guard', bound: '0', stores, notes: [] }).body;
  const steps: RowsStep[] = [];
  let fresh = 0;
  const isInt = (e: Expr): boolean => (e.k === 'scalar' ? e.t === 'int' : e.k === 'bin' ? isInt(e.a) && isInt(e.b) && ['+', '-', '*', '/'].includes(e.op) : false);
  /** C++ text of a row-level expression; its functions become unary steps. */
  const text = (e: Expr): string => {
    switch (e.k) {
      case 'scalar':
        return e.text;
      case 'cast':
        return text(e.a);
      case 'un': {
        if (e.op === 'neg') return `(-${text(e.a)})`;
        if (e.op === 'relu') return `(${text(e.a)} > 0.0f ? ${text(e.a)} : 0.0f)`;
        if (e.op === 'recip') return `(1.0f / static_cast<float>(${text(e.a)}))`;
        const fn = e.op;
        // The row recogniser (patterns/rows.ts) reads only these functions of a row value.
        if (fn !== 'exp' && fn !== 'ln' && fn !== 'sqrt' && fn !== 'rsqrt' && fn !== 'abs') throw new Error(`a row value has no ${fn}`);
        const name = `rowu${fresh++}_`;
        steps.push({ k: 'unary', name, fn, arg: text(e.a) });
        return name;
      }
      case 'bin': {
        const [a, b] = [text(e.a), text(e.b)];
        if (e.op === 'pow') throw new Error('a row value has no pow');
        if (e.op === 'max') return `(${a} > ${b} ? ${a} : ${b})`;
        if (e.op === 'min') return `(${a} < ${b} ? ${a} : ${b})`;
        if (isInt(e)) return `(${a} ${e.op} ${b})`;
        return `(static_cast<float>(${a}) ${e.op} static_cast<float>(${b}))`;
      }
      default:
        throw new Error(`a row value has no ${e.k}`);
    }
  };
  for (const s of k.steps) {
    if (s.k === 'reduce') steps.push({ k: 'reduce', name: s.name, op: s.op, init: s.init ? text(s.init) : null, body: bodyOf([{ param: ROW_ACC, value: s.arg }], true) });
    else if (s.k === 'gm') steps.push({ k: 'gm', name: s.name, tensor: s.param });
    else steps.push({ k: 'scalar', name: s.name, text: text(s.value) });
  }
  // Tensors read one value per row (`mean[idx]`) are read on the scalar unit, never streamed; so are those read at constant indices (`*grad`).
  const perRow = new Set(k.steps.flatMap((s) => (s.k === 'gm' ? [s.param] : [])));
  const atIndex = new Map<string, number>();
  for (const g of k.gmScalars ?? []) atIndex.set(g.param, Math.max(atIndex.get(g.param) ?? 0, g.index + 1));
  const rowStores = k.rowStores.map((r) => {
    const v = text(r.value);
    return { tensor: r.param, value: v, ...(r.nullable ? { nullable: true } : {}), ...(r.add ? { add: true } : {}) };
  });
  const args: Arg[] = k.params.map((p, index) =>
    p.kind === 'pointer'
      ? { kind: 'tensor', name: p.name, index, dtype: p.t, read: p.read, written: p.written, ...(perRow.has(p.name) ? { scalarOnly: 'row' as const } : atIndex.has(p.name) ? { scalarOnly: atIndex.get(p.name)! } : {}) }
      : { kind: 'scalar', name: p.name, index, cppType: p.type, usedInCompute: p.usedInCompute },
  );
  return {
    kernel: k.name,
    pattern: 'rows',
    args,
    schedule: { kind: 'rows', rows: k.rows, cols: k.cols, length: `(${k.rows}) * (${k.cols})`, cudaForm: k.cudaForm, cudaTechnique: k.cudaTechnique, ...(k.blockSizeParams ? { blockSizeParams: k.blockSizeParams } : {}), ...(k.blockThreads ? { blockThreads: k.blockThreads } : {}), colTensors: k.colTensors, steps, rowStores, ...(k.colAdds?.length ? { colAdds: k.colAdds.map((c) => c.param) } : {}), ...(k.stagedRegions ? { cudaSharedRegions: k.stagedRegions } : {}), ...(k.wholeBlocks ? { cudaWholeBlocks: true as const } : {}), ...(k.total !== undefined ? { total: k.total } : {}), ...(k.layout === 'col' ? { layout: 'cols' as const, stride: k.stride! } : {}), ...(k.grid3 ? { grid3: true as const } : {}), ...(k.rowOffsets?.length ? { rowStrides: k.rowOffsets.map((o) => ({ tensor: o.tensor, stride: o.x, y: o.y, z: o.z })) } : {}) },
    body: bodyOf([...k.stores, ...(k.colAdds ?? [])], false),
    notes: [...k.notes],
    ...(k.gmScalars?.length ? { gmScalars: k.gmScalars.map((g) => ({ name: g.name, tensor: g.param, index: g.index, t: 'float' as const })) } : {}),
  };
}

/** A per-element C-like rendering of a value, for comments and messages: `(x[i] + y[i])`. */
export function renderValue(p: TileProgram, id: number, index = 'i', defs?: Map<number, string>): string {
  const byId = new Map(valueOps(p).map((o) => [o.id, o]));
  // A value used many times renders once per use: past this length a subexpression is named by its value number (`v12`), so the text stays linear in the program.
  const LONG = 240;
  const memo = new Map<number, string>();
  const named = (v: number): string => {
    const hit = memo.get(v);
    if (hit !== undefined) return hit;
    const text = r(v);
    const out = text.length > LONG ? `v${v}` : text;
    // The named value's own text, for a header that lists it (`vN = …`) before the stores.
    if (out !== text) defs?.set(v, text);
    memo.set(v, out);
    return out;
  };
  const CMP: Readonly<Record<CmpMode, string>> = { LT: '<', GT: '>', EQ: '==', LE: '<=', GE: '>=', NE: '!=' };
  const SYM: Partial<Record<MapFn, string>> = { add: '+', sub: '-', mul: '*', div: '/' };
  const NAME: Partial<Record<MapFn, string>> = { ln: 'ln' };
  const r = (v: number): string => {
    const o = byId.get(v)!;
    switch (o.op) {
      case 'load':
        return `${o.tensor}[${index}]`;
      case 'scalar':
        return o.text;
      case 'iota':
        return index;
      case 'cast':
        return `(${o.t})${named(o.arg)}`;
      case 'select':
        return `(${named(o.a)} ${CMP[o.cmp]} ${named(o.b)} ? ${named(o.then)} : ${named(o.otherwise)})`;
      case 'map': {
        if (o.fn === 'neg') return `-${named(o.args[0]!)}`;
        const sym = SYM[o.fn];
        if (sym) return `(${named(o.args[0]!)} ${sym} ${named(o.args[1]!)})`;
        return `${NAME[o.fn] ?? o.fn}(${o.args.map(named).join(', ')})`;
      }
    }
  };
  return r(id);
}

/** The program of a layout kernel the recogniser accepted: the `copy` schedule, no body. */
export function layoutProgram(k: LayoutKernel): TileProgram {
  const args: Arg[] = k.params.map((p, index) =>
    p.kind === 'pointer' ? { kind: 'tensor', name: p.name, index, dtype: p.t, read: p.read, written: p.written } : { kind: 'scalar', name: p.name, index, cppType: p.type, usedInCompute: p.usedInCompute },
  );
  return {
    kernel: k.name,
    pattern: 'layout',
    args,
    schedule: { kind: 'copy', from: k.from, to: k.to, length: k.bound, cudaForm: k.form, digits: k.digits, runDigits: k.runDigits, runLength: k.runLength, moves: k.moves, extents: k.extents },
    body: [],
    notes: [...k.notes],
  };
}

/** The program of a single-thread kernel: the `single` schedule, no body. */
export function singleProgram(k: SingleKernel): TileProgram {
  const args: Arg[] = [
    ...k.tensors.map((t): Arg => ({ kind: 'tensor', name: t.name, index: t.index, dtype: t.t, read: t.read, written: t.written })),
    ...k.scalars.map((x): Arg => ({ kind: 'scalar', name: x.name, index: x.index, cppType: x.cppType, usedInCompute: k.steps.some((s) => new RegExp(`\\b${x.name}\\b`).test(s.value)) })),
  ].sort((a, b) => a.index - b.index);
  const extents = Object.fromEntries(k.tensors.map((t) => [t.name, t.extent]));
  const written = k.tensors.filter((t) => t.written).reduce((n, t) => n + t.extent, 0);
  return {
    kernel: k.name,
    pattern: 'single',
    args,
    schedule: { kind: 'single', cudaForm: k.form, steps: k.steps, cuda: k.cuda, extents, length: String(Math.max(1, written)) },
    body: [],
    notes: [...k.notes],
  };
}
