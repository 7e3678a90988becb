/**
 * Recognises elementwise kernels: one global index `i` (or a 2-D grid whose rows are
 * contiguous, flattened to `row * cols + col`; or float4/float2 tensors whose lanes agree,
 * de-vectorised), a guard (`if (i < n)`, an early
 * `return`) or a grid-stride loop, and stores `out[i] = expr` where expr is a tree of
 * `+ - * /`, fmaxf/fminf, expf/logf/sqrtf/rsqrtf/fabsf/tanhf, ReLU ternaries, casts,
 * scalar parameters and literals over `p[i]` loads. Anything else is rejected with a
 * reason: a recogniser never guesses.
 */
import type { FunctionModel } from '../../model/kernels';
import type { SyntaxNode } from '../../syntax/parser';
import { packFactName } from '../../preproc/model';
import { scalarMember } from '../names';
import { CPP_TYPE, isStorageInt, type DType, type ElementwiseKernel, type Expr, type PointerParam, type Rejection, type RoundFn, type ScalarParam, type ScalarType } from '../ir';

export interface PatternInput {
  fn: FunctionModel;
  node: SyntaxNode;
  /** The original document text (node offsets index it: the lens preserves length). */
  text: string;
  /** For a template kernel: its template parameters bound to one instantiation the file launches. */
  typeArgs?: Readonly<Record<string, string>>;
  /** Resolves `typedef`/`using` aliases and type macros of the file and its headers (preproc); identity when absent. */
  resolveType?: (type: string) => string;
  /** A constant macro or `constexpr` folded to a literal (preproc); undefined when it is not a constant. */
  constant?: (name: string) => { value: number; float: boolean; text: string } | undefined;
  /**
   * The `__device__` function a call names, for inlining (`gelu(x)`): undefined when there is
   * none, a string when there is one that cannot be inlined (why). recognize.ts finds the
   * file's own; this is the hook for helpers from workspace headers once the preprocessor
   * model provides their definitions.
   */
  deviceHelper?: (name: string) => DeviceHelper | string | undefined;
  /**
   * The source of every definition of a `__device__` function by this name, templates and
   * overloads included, in the document or (when it has none) in the workspace headers it
   * includes: from a `template <…>` head, if any, to the closing brace, with constants of 32
   * spelled 32. Patterns that read a known helper's structure (a block reduction through warps)
   * check it here.
   */
  helperSources?: (name: string) => readonly string[];
  /** Integer parameters that receive the block size at every launch in the file (`FileFacts.blockSizeParams`): read as blockDim.x. */
  blockSizeParams?: readonly string[];
  /** Every launch of the kernel in its file is `<<<1, 1>>>` (`FileFacts.oneThreadLaunch`): one CUDA thread runs it. */
  oneThreadLaunch?: boolean;
  /** Every launch of the kernel in its file has a block of 32 threads (`FileFacts.warpBlockLaunch`): blockDim.x is 32. */
  warpBlockLaunch?: boolean;
  /**
   * The block (x, y, z) of every launch of this kernel, or of this instantiation's launches (the
   * template arguments written at them), when they agree and are constants (`FileFacts.launchBlocks`).
   */
  launchBlock?: readonly [number, number, number];
}

/** A `__device__` function as the pattern inlines it. */
export interface DeviceHelper {
  name: string;
  /** Its `function_definition` node. */
  node: SyntaxNode;
  /** The text its node offsets index. */
  text: string;
  params: readonly { name: string; baseType: string; pointerDepth: number; isReference: boolean }[];
  /** The return type as written (`float`, `static float` qualifiers removed). */
  returnType: string;
}

const MAX_INLINE_DEPTH = 4;

/** Thrown to unwind a recognition; not an Error, so no stack trace is captured (recognisers run per kernel on every analysis). */
class Reject {
  constructor(readonly rejection: Rejection) {}
}

function reject(reason: string, code?: string): never {
  throw new Reject({ reason, code });
}

/** CUDA's bfloat16 (`resolveType` canonicalises `nv_bfloat16` to `__nv_bfloat16`; both are listed for the direct spelling). */
const BF16_TYPES: Readonly<Record<string, DType>> = { __nv_bfloat16: 'bf16', nv_bfloat16: 'bf16' };
const FLOAT_TYPES: Readonly<Record<string, DType>> = { float: 'float', half: 'half', __half: 'half', ...BF16_TYPES };
/**
 * Storage-only integer tensors (ir.ts `StorageInt`): copied, filled, and read into int32.
 * `char` is signed 8-bit, as nvcc has it on x86_64 and aarch64 Linux hosts (the host compiler's
 * `char`, signed there); `bool` is one byte holding 0 or 1, so a uint8 tensor.
 */
const STORAGE_INT_TYPES: Readonly<Record<string, DType>> = {
  char: 'int8', 'signed char': 'int8', int8_t: 'int8', 'unsigned char': 'uint8', uint8_t: 'uint8', bool: 'uint8',
  short: 'int16', 'short int': 'int16', 'signed short': 'int16', int16_t: 'int16', 'unsigned short': 'uint16', 'unsigned short int': 'uint16', uint16_t: 'uint16',
  unsigned: 'uint32', 'unsigned int': 'uint32', uint32_t: 'uint32',
};
/** Element types of tensors: the float types, 32-bit signed integers and the storage-only integers. */
export const ELEMENT_TYPES: Readonly<Record<string, DType>> = { ...FLOAT_TYPES, int: 'int32', int32_t: 'int32', 'signed int': 'int32', ...STORAGE_INT_TYPES };
/** CUDA's vector types: the element type and lane count of a pointer to them (a stream of lanes × n elements in the port). */
const VECTOR_TYPES: Readonly<Record<string, { t: DType; lanes: number; make: string }>> = {
  float4: { t: 'float', lanes: 4, make: 'make_float4' },
  float2: { t: 'float', lanes: 2, make: 'make_float2' },
  int4: { t: 'int32', lanes: 4, make: 'make_int4' },
  int2: { t: 'int32', lanes: 2, make: 'make_int2' },
  uint4: { t: 'uint32', lanes: 4, make: 'make_uint4' },
  uint2: { t: 'uint32', lanes: 2, make: 'make_uint2' },
  short4: { t: 'int16', lanes: 4, make: 'make_short4' },
  short2: { t: 'int16', lanes: 2, make: 'make_short2' },
  ushort4: { t: 'uint16', lanes: 4, make: 'make_ushort4' },
  ushort2: { t: 'uint16', lanes: 2, make: 'make_ushort2' },
  char4: { t: 'int8', lanes: 4, make: 'make_char4' },
  char2: { t: 'int8', lanes: 2, make: 'make_char2' },
  uchar4: { t: 'uint8', lanes: 4, make: 'make_uchar4' },
  uchar2: { t: 'uint8', lanes: 2, make: 'make_uchar2' },
};
const LANE_FIELDS: Readonly<Record<string, number>> = { x: 0, y: 1, z: 2, w: 3 };
/** Marks a load of one lane of a vector tensor read outside `make_float2(…)` (`p[i].y` in a statement): `param` + LANE_TAG + lane. */
const LANE_TAG = '\u0001';
export const INT_TYPES = new Set(['int', 'unsigned', 'unsigned int', 'long', 'size_t', 'int32_t', 'uint32_t', 'int64_t', 'uint64_t', 'long long', 'unsigned long', 'short', 'unsigned short', 'int16_t', 'uint16_t', 'char', 'signed char', 'unsigned char', 'int8_t', 'uint8_t', 'bool']);

const UNARY: Readonly<Record<string, 'exp' | 'ln' | 'sqrt' | 'rsqrt' | 'abs' | 'tanh' | 'recip' | 'erf' | 'sin' | 'cos'>> = {
  expf: 'exp', exp: 'exp', __expf: 'exp', logf: 'ln', log: 'ln', __logf: 'ln', sqrtf: 'sqrt', sqrt: 'sqrt', __fsqrt_rn: 'sqrt',
  rsqrtf: 'rsqrt', rsqrt: 'rsqrt', __frsqrt_rn: 'rsqrt', fabsf: 'abs', fabs: 'abs', abs: 'abs', tanhf: 'tanh', tanh: 'tanh',
  __frcp_rn: 'recip', erff: 'erf', erf: 'erf', sinf: 'sin', sin: 'sin', cosf: 'cos', cos: 'cos',
  // The scalar half intrinsics (cuda_fp16.h): the same functions on a half value, with a half result.
  hexp: 'exp', hlog: 'ln', hsqrt: 'sqrt', hrsqrt: 'rsqrt', hrcp: 'recip', __habs: 'abs',
};
/** Trigonometric and hyperbolic functions the port does not compute (sinf/cosf are the high-level Sin/Cos; coshf is composed from Exp; tanhf too). */
const TRIG = new Set(['tanf', 'tan', 'asinf', 'asin', 'acosf', 'acos', 'atanf', 'atan', 'sinhf', 'sinh', 'asinhf', 'asinh', 'acoshf', 'acosh', 'atanhf', 'atanh', '__sinf', '__cosf', '__tanf', 'sinpif', 'cospif', 'hsin', 'hcos']);
/** Functions of `__half` (cuda_fp16.h): their argument converts to half, and the result is half. */
const HALF_FNS = new Set(['hexp', 'hlog', 'hsqrt', 'hrsqrt', 'hrcp', '__habs', '__hmax', '__hmin', '__hfma']);
/** floorf … nearbyintf: rounding to an integral value (Cast to int32 with the RoundMode and back, guarded to |x| < 2^23). */
const ROUND: Readonly<Record<string, RoundFn>> = {
  floorf: 'floor', floor: 'floor', ceilf: 'ceil', ceil: 'ceil', roundf: 'round', round: 'round', truncf: 'trunc', trunc: 'trunc', rintf: 'rint', rint: 'rint', nearbyintf: 'rint', nearbyint: 'rint',
};
const ROUND_MODE_TEXT: Readonly<Record<RoundFn, string>> = {
  floor: 'CAST_FLOOR (toward −∞)', ceil: 'CAST_CEIL (toward +∞)', round: 'CAST_ROUND (half away from zero, as roundf)', trunc: 'CAST_TRUNC (toward zero)', rint: 'CAST_RINT (half to even, as rintf/nearbyintf in the default rounding mode)',
};
/** The half comparisons (cuda_fp16.h): a bool, 1 or 0 in the destination type. */
const HALF_CMP: Readonly<Record<string, 'LT' | 'GT' | 'EQ' | 'LE' | 'GE' | 'NE'>> = { __heq: 'EQ', __hne: 'NE', __hlt: 'LT', __hle: 'LE', __hgt: 'GT', __hge: 'GE' };
const BINARY: Readonly<Record<string, '+' | '-' | '*' | '/' | 'max' | 'min'>> = {
  fmaxf: 'max', fmax: 'max', max: 'max', fminf: 'min', fmin: 'min', min: 'min', __fdividef: '/', fdividef: '/',
  __hadd: '+', __hsub: '-', __hmul: '*', __hdiv: '/', __hmax: 'max', __hmin: 'min', __fadd_rn: '+', __fsub_rn: '-', __fmul_rn: '*', __fdiv_rn: '/',
};
const CMP: Readonly<Record<string, 'LT' | 'GT' | 'EQ' | 'LE' | 'GE' | 'NE'>> = { '<': 'LT', '>': 'GT', '==': 'EQ', '<=': 'LE', '>=': 'GE', '!=': 'NE' };
/**
 * Function templates that convert their one argument to their one template argument:
 * `static_cast`, and ggml's `ggml_cuda_cast<dst_t>(x)` (ggml-cuda/convert.cuh: the identity for
 * the same type, `__float2bfloat16(float(x))` into bfloat16, `__bfloat162float` out of it, a C++
 * conversion otherwise), which every ggml kernel uses to read and write its element types.
 */
const CONVERSION_TEMPLATES = new Set(['static_cast', 'ggml_cuda_cast']);
/** Cache-hinted loads and stores (CUDA's __ldg/__ldcs/… and __stcs/…): plain loads and stores in a port. */
export const LOAD_HINTS = new Set(['__ldg', '__ldcs', '__ldcg', '__ldca', '__ldlu', '__ldcv']);
const STORE_HINTS = new Set(['__stcs', '__stcg', '__stwb', '__stwt']);
/** Conversion intrinsics → the C++ type they convert to. */
const CASTS: Readonly<Record<string, string>> = { __half2float: 'float', __float2half: 'half', __float2half_rn: 'half', __bfloat162float: 'float', __float2bfloat16: '__nv_bfloat16', __float2bfloat16_rn: '__nv_bfloat16' };
/** Two-operand intrinsics whose result has the operands' 16-bit type (rounded per operation); the others take and return float. */
const SAME_TYPE_BINARY = new Set(['__hadd', '__hsub', '__hmul', '__hdiv', '__hmax', '__hmin']);

/**
 * Programmatic dependent launch (CUDA 11.8+): the CUDA runtime's calls and ggml's wrappers of
 * them (`ggml_cuda_pdl_sync`, `ggml_cuda_pdl_lc` in ggml-cuda/common.cuh). They only let the
 * next kernel on the stream start early; kernels launched on one Ascend stream run in order,
 * so a port drops them (said in its header).
 */
const PDL_CALLS = new Set(['cudaGridDependencySynchronize', 'cudaTriggerProgrammaticLaunchCompletion', 'ggml_cuda_pdl_sync', 'ggml_cuda_pdl_lc']);

const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * Structural identity of per-element values, linear in the number of distinct nodes: each node
 * is numbered by its operation and its operands' numbers (hash-consing), so two values built
 * separately compare equal when they compute the same thing.
 */
/** A helper's body statements, comments left out. */
function helperStatements(h: DeviceHelper): SyntaxNode[] {
  return (h.node.childForFieldName('body')?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
}

function structuralKeys(): (e: Expr) => number {
  const byNode = new Map<Expr, number>();
  const byKey = new Map<string, number>();
  const key = (e: Expr): number => {
    const hit = byNode.get(e);
    if (hit !== undefined) return hit;
    let text: string;
    switch (e.k) {
      case 'load':
        text = `load|${e.param}|${e.t}`;
        break;
      case 'scalar':
        text = `scalar|${e.text}|${e.t}`;
        break;
      case 'iota':
        text = 'iota';
        break;
      case 'un':
        text = `un|${e.op}|${e.t}|${key(e.a)}`;
        break;
      case 'cast':
        text = `cast|${e.t}|${key(e.a)}`;
        break;
      case 'bin':
        text = `bin|${e.op}|${e.t}|${key(e.a)}|${key(e.b)}`;
        break;
      case 'select':
        text = `select|${e.cmp}|${e.t}|${key(e.a)}|${key(e.b)}|${key(e.then)}|${key(e.otherwise)}`;
        break;
    }
    let n = byKey.get(text);
    if (n === undefined) byKey.set(text, (n = byKey.size));
    byNode.set(e, n);
    return n;
  };
  return key;
}

/** `blockIdx.x * blockDim.x + threadIdx.x` in any order, with integer casts. */
export function isGlobalIndex(expr: string): boolean {
  const e = stripCasts(expr).replace(/[()]/g, '');
  return ['blockIdx.x*blockDim.x+threadIdx.x', 'blockDim.x*blockIdx.x+threadIdx.x', 'threadIdx.x+blockIdx.x*blockDim.x', 'threadIdx.x+blockDim.x*blockIdx.x'].includes(e);
}

/** `blockIdx.y * blockDim.y + threadIdx.y` (or the x form) in any order, with integer casts. */
function isAxisIndex(expr: string, dim: 'x' | 'y'): boolean {
  if (dim === 'x') return isGlobalIndex(expr);
  return !/\.[xz]\b/.test(expr) && isGlobalIndex(expr.replace(/\.y\b/g, '.x'));
}

/** `blockDim.y * gridDim.y` (the 2-D grid-stride step of `dim`). */
function isAxisStride(expr: string, dim: 'x' | 'y'): boolean {
  const e = stripCasts(expr).replace(/[()]/g, '');
  return e === `blockDim.${dim}*gridDim.${dim}` || e === `gridDim.${dim}*blockDim.${dim}`;
}

function isGridStride(expr: string): boolean {
  const e = stripCasts(expr).replace(/[()]/g, '');
  return e === 'blockDim.x*gridDim.x' || e === 'gridDim.x*blockDim.x';
}

function stripCasts(expr: string): string {
  return squash(expr)
    .replace(/static_cast<[\w:]+>/g, '')
    .replace(/\((?:size_t|int|unsigned|unsignedint|long|longlong|int64_t|uint64_t|int32_t|uint32_t)\)/g, '')
    // Functional casts: `int64_t(blockDim.x)*blockIdx.x + threadIdx.x` (ggml's 64-bit index).
    .replace(/(?<![\w.])(?:size_t|int|unsigned|long|int64_t|uint64_t|int32_t|uint32_t)\(/g, '(');
}

function isZeroLiteral(s: string): boolean {
  return /^(?:0|0\.0*f?|0\.f|0\.0*F|\.0f?)$/.test(squash(s));
}

export function recognizeElementwise(input: PatternInput): ElementwiseKernel | Rejection {
  try {
    return new Recognizer(input).run();
  } catch (e) {
    if (e instanceof Reject) return e.rejection;
    return { reason: `the recogniser failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

class Recognizer {
  private readonly pointers = new Map<string, PointerParam>();
  private readonly scalars = new Map<string, ScalarParam & { t: ScalarType }>();
  private readonly locals = new Map<string, Expr | { scalarText: string; t: ScalarType }>();
  /** Locals declared without a value (`float a, b;`), by their declared type: set by the first assignment (or a helper's reference parameter). */
  private readonly unset = new Map<string, string>();
  private readonly current = new Map<string, Expr>();
  private readonly stores: string[] = [];
  private readonly notes = new Set<string>();
  private index = '';
  private stride = '';
  /** The helper being inlined, if any (its scope hides the kernel's names). */
  private helper: string | undefined;
  private inlineDepth = 0;
  /** The one iota value (shared: the index is computed once per tile). */
  private iota: Expr | undefined;
  /** Values read from GM at a constant index (`pars[0]`): scalars read once per core on the scalar unit. */
  private readonly gm: NonNullable<ElementwiseKernel['gmScalars']> = [];
  /**
   * A broadcast: the divisor `C` of `i % C` (the column) and `i / C` (the row), the locals that
   * hold them, the tensors read at the column, and the tensors read at the row (each a row value).
   */
  private bc: { cols: string; colVars: Set<string>; rowVars: Set<string>; colTensors: Set<string>; rowValues: Map<string, string>; stridedVars: Map<string, string>; strided: Map<string, string> } | undefined;
  /**
   * A 2-D grid flattened to one index: the row (`blockIdx.y * blockDim.y + threadIdx.y`) and
   * column variables, their bounds from the guard or loops, and the locals that hold
   * `row * cols + col` (with the row stride each was written with, checked against `cols`).
   */
  /**
   * Vector tensors (`float4* x`): their type and lanes, the vector locals, and the lane being
   * evaluated (each component of a `make_float4` is recognised once per lane, and the lanes
   * must compute the same function of their own lane: then the kernel is elementwise over
   * lanes × n elements).
   */
  private vec: { type: string; lanes: number; make: string; locals: Set<string>; lane: number | null } | undefined;
  private grid: { row: string; col: string; rows: string; cols: string; flat: Map<string, string> } | undefined;
  /**
   * 16-byte packs (llm.c's `Packed128<T>`, `x128`/`f128`): each thread handles the `lanes`
   * elements from `index = (global index) * T::size`, read and written whole by load/store
   * helpers (`load128cs(p + idx)`, `store128(p + idx, v)`) and computed in a loop over the
   * lanes. The pack locals hold one lane's value (the same function of every lane), null
   * until the lane loop assigns them; `loopVar` is the lane variable inside that loop.
   */
  private pack: { type: string; t: DType; lanes: number; loopVar: string | null; locals: Map<string, Expr | null> } | undefined;

  /** Replaced (its text) while a helper from another source is inlined. */
  constructor(private input: PatternInput) {}


  private src(n: SyntaxNode): string {
    return this.input.text.slice(n.startIndex, n.endIndex);
  }

  run(): ElementwiseKernel {
    const { fn, node } = this.input;
    if (fn.kind !== 'global') reject('not a `__global__` kernel');
    if (fn.templateParams && !this.input.typeArgs) reject('template kernel without exactly one instantiation launched in this file: instantiate the types first');
    if (this.input.typeArgs) this.notes.add(`instantiated for ${Object.entries(this.input.typeArgs).map(([k, v]) => `${k} = ${v}`).join(', ')}, as this file launches it`);
    if (fn.sharedArrays.length) reject('uses shared memory, which elementwise ports do not need', 'ASC101');
    // A barrier as the kernel's last statement orders nothing after it (dwtHaar1D's `initValue` ends with `cg::sync(cta)`).
    const trailing = this.trailingBarriers(node);
    const inner = fn.barriers.find((b) => !trailing.some((t) => b.span.start >= t.startIndex && b.span.end <= t.endIndex));
    if (inner) reject(`calls \`${inner.name}\`: block-level cooperation is not elementwise`, 'ASC201');
    if (fn.indexUses.some((u) => u.dim === 'z')) reject('indexes a 3-D grid (`.z`): the port flattens 1-D grids, and 2-D grids whose rows are contiguous; flatten it to one index first', 'ASC002');
    if (fn.indexUses.some((u) => u.dim === 'y')) this.grid = { row: '', col: '', rows: '', cols: '', flat: new Map() };
    for (const p of fn.params) {
      if (p.isReference) reject(`parameter \`${p.name}\` is a reference`);
      const base = this.resolve(p.baseType.replace(/\b(const|volatile|__restrict__|__restrict|restrict)\b/g, '').trim());
      if (p.pointerDepth === 1 && VECTOR_TYPES[base]) {
        const v = VECTOR_TYPES[base]!;
        if (this.vec && this.vec.type !== base) reject(`mixes vector tensors of \`${this.vec.type}\` and \`${base}\``);
        this.vec ??= { type: base, lanes: v.lanes, make: v.make, locals: new Set(), lane: null };
        this.pointers.set(p.name, { name: p.name, t: v.t, read: false, written: false });
        continue;
      }
      if (p.pointerDepth === 1) {
        const t = ELEMENT_TYPES[base];
        if (!t && base === 'double') reject(`pointer parameter \`${p.name}\` has element type \`double\`: Ascend's vector units have no fp64 arithmetic (the A2 vector instructions take f16, f32 and integer types; ascend-c.md §7), and computing in float would change CUDA's results`);
        if (!t) reject(`pointer parameter \`${p.name}\` has element type \`${base}\`; elementwise ports handle float, half, bfloat16, int32 and (copied, filled or read) 8-, 16- and unsigned 32-bit integers`);
        this.pointers.set(p.name, { name: p.name, t, read: false, written: false });
      } else if (p.pointerDepth === 0) {
        const t: ScalarType | undefined = FLOAT_TYPES[base] ?? (INT_TYPES.has(base) ? 'int' : base === 'double' ? 'double' : undefined);
        if (!t) reject(`parameter \`${p.name}\` has type \`${base}\`, which is not a scalar the port passes through`);
        // Ascend C spells CUDA's __half as half and __nv_bfloat16 as bfloat16_t.
        this.scalars.set(p.name, { name: p.name, type: FLOAT_TYPES[base] ? CPP_TYPE[FLOAT_TYPES[base]!] : base, usedInCompute: false, t });
      } else reject(`parameter \`${p.name}\` is a pointer to pointer`);
    }
    if (this.vec) {
      const plain = fn.params.find((p) => p.pointerDepth === 1 && !VECTOR_TYPES[this.resolve(p.baseType.replace(/\b(const|volatile|__restrict__|__restrict|restrict)\b/g, '').trim())]);
      if (plain) reject(`mixes \`${this.vec.type}\` tensors with the scalar tensor \`${plain.name}\`: a de-vectorised port streams lanes × n elements of every tensor`);
      if (this.grid) reject(`reads \`${this.vec.type}\` tensors over a 2-D grid; the port de-vectorises 1-D kernels only`);
    }
    const body = node.childForFieldName('body');
    if (!body) reject('has no body');
    const dropped = new Set([...trailing, ...this.blockHandles(body)].map((n) => n.startIndex));
    if (dropped.size) this.notes.add('the thread-block handle and the barrier that ends the kernel are dropped: a barrier after the last store orders nothing');
    const top = this.topLevel(body.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment' && !dropped.has(c.startIndex)));
    const form = top.form;
    let bound = top.bound;
    if (this.vec) {
      if (form === 'unguarded') reject(`reads \`${this.vec.type}\` tensors without a bounds guard`);
      this.notes.add(`the \`${this.vec.type}\` tensors are de-vectorised: each lane computes the same function of its own lane, so the port streams ${this.vec.lanes} × ${bound} ${VECTOR_TYPES[this.vec.type]!.t} elements (exactly the whole vectors CUDA processed)`);
      bound = `static_cast<int64_t>(${bound}) * ${this.vec.lanes}`;
    }
    let pack: number | undefined;
    if (this.pack) {
      if (form === 'grid-stride') reject(`walks \`${this.pack.type}\` packs in a grid-stride loop; the port reads packs from a guard or one pack per thread only`);
      pack = this.pack.lanes;
      this.notes.add(
        form === 'unguarded'
          ? `each CUDA thread reads and writes one 16-byte \`${this.pack.type}\` pack of ${pack} elements (no bounds guard): the port streams gridDim.x × blockDim.x × ${pack} elements, and its wrapper takes the CUDA launch's grid and block`
          : `each CUDA thread reads and writes one 16-byte \`${this.pack.type}\` pack of ${pack} elements from every index below \`${bound}\`, so CUDA needs \`${bound}\` to be a multiple of ${pack} (otherwise its last pack runs past the tensors); the port covers exactly \`${bound}\` elements`,
      );
    }
    if (!this.stores.length) reject('stores nothing through `p[i]`');
    // A lane read in a statement (`p[i].y`) may reach a store only through `make_float2(…)`, which
    // checks it; a branch on a lane value around a whole-vector store (`if (p[i].y > 0) q[i] = p[i];`) does not.
    if (this.vec) {
      const seen = new Set<Expr>();
      const hasTag = (e: Expr): boolean => {
        if (seen.has(e)) return false;
        seen.add(e);
        switch (e.k) {
          case 'load':
            return e.param.includes(LANE_TAG);
          case 'un':
          case 'cast':
            return hasTag(e.a);
          case 'bin':
            return hasTag(e.a) || hasTag(e.b);
          case 'select':
            return hasTag(e.a) || hasTag(e.b) || hasTag(e.then) || hasTag(e.otherwise);
          default:
            return false;
        }
      };
      const tagged = this.stores.find((p) => {
        const v = this.current.get(p);
        return !!v && hasTag(v);
      });
      if (tagged) reject(`stores into \`${tagged}\` a value that depends on one lane of a vector (\`p[i].y\` read outside \`${this.vec.make}(…)\`): each lane would need its own condition`);
    }
    for (const g of this.gm) {
      const ptr = this.pointers.get(g.param)!;
      if (ptr.read || ptr.written) reject(`reads \`${g.param}[${g.index}]\` and also ${ptr.written ? 'writes' : 'reads'} \`${g.param}[${this.index}]\`: a tensor read at a constant index is read once per core on the scalar unit, so it must be neither streamed nor written`);
    }
    for (const param of new Set(this.gm.map((g) => g.param))) {
      const at = this.gm.filter((g) => g.param === param);
      this.notes.add(`${at.map((g) => `\`${param}[${g.index}]\``).join(', ')} ${at.length === 1 ? 'is' : 'are'} read from GM once per core in Init (GlobalTensor::GetValue, on the scalar unit) as ${at.map((g) => `\`${g.name}\``).join(', ')}; the tensor \`${param}\` is not streamed`);
    }
    let broadcast: ElementwiseKernel['broadcast'];
    if (this.bc) {
      const b = this.bc;
      for (const c of b.colTensors) if (this.pointers.get(c)!.read || this.pointers.get(c)!.written || b.rowValues.has(c)) reject(`reads \`${c}\` per column (\`${c}[${this.index} % ${b.cols}]\`) and also at another index or writes it`);
      for (const r of b.rowValues.keys()) if (this.pointers.get(r)!.read || this.pointers.get(r)!.written) reject(`reads \`${r}\` per row (\`${r}[${this.index} / ${b.cols}]\`) and also ${this.pointers.get(r)!.written ? 'writes it' : 'at another index'}`);
      for (const [t, stride] of b.strided) {
        const p = this.pointers.get(t)!;
        if (p.read || p.written || b.colTensors.has(t) || b.rowValues.has(t)) reject(`reads \`${t}\` in rows \`${stride}\` apart and also ${p.written ? 'writes it' : 'at another index'}: a tensor read with a row stride is read only so`);
      }
      // No guard: CUDA covers gridDim.x × blockDim.x elements, rows of the divisor with a last row that may be partial.
      let rows = form === 'unguarded' ? `(cudaGridX * cudaBlockX + (${b.cols}) - 1) / (${b.cols})` : this.rowsOf(bound, b.cols);
      // A guard on a total that is not rows × cols (ggml's `i < k`): ceil(total / cols) rows, the last one partial.
      let total: string | undefined;
      if (rows === null && b.strided.size && form !== 'grid-stride') {
        total = bound;
        rows = `((${bound}) + (${b.cols}) - 1) / (${b.cols})`;
        this.notes.add(`the bound \`${bound}\` need not be a multiple of the row length \`${b.cols}\`: the port runs ceil(${bound} / ${b.cols}) rows, the last one holding what is left, as CUDA's threads below \`${bound}\` do`);
      }
      if (rows === null) reject(`reads values per ${b.colTensors.size ? 'column' : 'row'} (\`${this.index} ${b.colTensors.size ? '%' : '/'} ${b.cols}\`) but its bound \`${bound}\` is not a product with \`${b.cols}\` as a factor: the rows × columns shape of the broadcast is not known (write the bound as rows * ${b.cols})`);
      const notStreamed = [...b.rowValues.keys()];
      if (form === 'unguarded') this.notes.add(`without a bounds guard the broadcast covers the CUDA launch's gridDim.x × blockDim.x elements: rows of ${b.cols}, the last one partial when the launch is not a whole number of rows (as CUDA computes it); the launch wrapper takes the CUDA grid and block`);
      this.notes.add(`a broadcast over ${rows} rows of ${b.cols} columns (the bound \`${bound}\`): it runs on the rows schedule with no reduction; ${b.colTensors.size ? `${[...b.colTensors].map((c) => `\`${c}\``).join(', ')} ${b.colTensors.size === 1 ? 'is' : 'are'} read per column (every row reads the same chunk)` : 'no tensor is read per column'}${notStreamed.length ? `, and ${notStreamed.map((r) => `\`${r}[${this.index} / ${b.cols}]\``).join(', ')} once per row on the scalar unit (GlobalTensor::GetValue)` : ''}`);
      // The rows schedule's final pass lowers arithmetic, selects and the float ↔ half/bf16 Casts only.
      const seen = new Set<Expr>();
      const unsupported = (e: Expr): string | undefined => {
        if (seen.has(e)) return undefined;
        seen.add(e);
        switch (e.k) {
          case 'iota':
            return `the index \`${this.index}\` as a value (an iota)`;
          case 'select':
            // Compare + Select over each chunk of the row (rows/lower.ts).
            return unsupported(e.a) ?? unsupported(e.b) ?? unsupported(e.then) ?? unsupported(e.otherwise);
          case 'cast': {
            const floats = (t: string) => t === 'float' || t === 'half' || t === 'bf16';
            return unsupported(e.a) ?? (!floats(e.t) || !floats(e.a.t) ? `a conversion between \`${e.a.t}\` and \`${e.t}\`` : undefined);
          }
          case 'un':
            return unsupported(e.a);
          case 'bin':
            return unsupported(e.a) ?? unsupported(e.b);
          default:
            return undefined;
        }
      };
      for (const st of this.stores) {
        const why = unsupported(this.current.get(st)!);
        if (why) reject(`is a broadcast that computes ${why}: a broadcast ports on the rows schedule, whose final pass lowers arithmetic, selects and float ↔ half/bfloat16 casts only so far`);
      }
      // The per-column tensors are streamed (a chunk of columns per row): inputs of the final pass.
      for (const c of b.colTensors) this.pointers.get(c)!.read = true;
      // Tensors read with a row stride are streamed too: each row's chunk from `row * stride`.
      for (const t of b.strided.keys()) this.pointers.get(t)!.read = true;
      if (b.strided.size) this.notes.add(`${[...b.strided].map(([t, s]) => `\`${t}\` is read in rows of \`${b.cols}\` elements \`${s}\` apart`).join(', ')} (\`(${this.index} / ${b.cols}) * stride + ${this.index} % ${b.cols}\`): each row's chunk is copied from its own offset`);
      broadcast = {
        rows,
        cols: b.cols,
        colTensors: [...b.colTensors],
        rowValues: [...b.rowValues].map(([param, name]) => ({ param, name })),
        ...(total !== undefined ? { total } : {}),
        ...(b.strided.size ? { rowStrides: [...b.strided].map(([tensor, stride]) => ({ tensor, stride })) } : {}),
      };
    }
    if ([...this.pointers.values()].some((p) => p.t === 'bf16')) {
      this.notes.add('bfloat16 tensors are bfloat16_t in GM and UB and computed in float: Cast bf16 → float after the copy-in (CAST_NONE, exact) and float → bf16 before the copy-out with CAST_RINT (round to nearest even, as CUDA\'s __float2bfloat16); Atlas A2 lists these Casts but no bf16 vector arithmetic (ascend-c.md §2.1, §2.2)');
    }
    return {
      pattern: 'elementwise',
      name: fn.name,
      params: fn.params.map((p) => {
        const ptr = this.pointers.get(p.name);
        if (ptr) return { kind: 'pointer' as const, ...ptr };
        const s = this.scalars.get(p.name)!;
        return { kind: 'scalar' as const, name: s.name, type: s.type, usedInCompute: s.usedInCompute };
      }),
      form,
      bound,
      ...(this.grid ? { grid2d: { rows: this.grid.rows, cols: this.grid.cols } } : {}),
      ...(pack ? { pack } : {}),
      stores: this.stores.map((param) => ({ param, value: this.current.get(param)! })),
      notes: [...this.notes],
      ...(this.gm.length ? { gmScalars: this.gm } : {}),
      ...(broadcast ? { broadcast } : {}),
    };
  }

  /**
   * The row count of a broadcast: the bound as a product of factors (`B * T * OC`, parentheses and
   * integer casts allowed) with the divisor's factors among them; the other factors' product, or
   * null when the divisor is not a factor of the bound.
   */
  private rowsOf(bound: string, cols: string): string | null {
    const factors = (t: string): string[] | null => {
      let e = stripCasts(t);
      while (e.startsWith('(') && e.endsWith(')') && this.balanced(e.slice(1, -1))) e = e.slice(1, -1);
      const out: string[] = [];
      let depth = 0;
      let at = 0;
      for (let k = 0; k <= e.length; k++) {
        const ch = e[k];
        if (ch === '(') depth++;
        else if (ch === ')') depth--;
        else if (depth === 0 && (ch === undefined || ch === '*')) {
          const f = e.slice(at, k);
          if (!f) return null;
          if (/[-+/%<>?:]/.test(f.replace(/^\((.*)\)$/, '$1')) && !(f.startsWith('(') && f.endsWith(')'))) return null;
          out.push(f);
          at = k + 1;
        } else if (depth === 0 && /[-+/%<>?:&|]/.test(ch!)) return null;
      }
      return out;
    };
    const all = factors(bound);
    const want = factors(cols);
    if (!all || !want) return null;
    const rest = [...all];
    for (const f of want) {
      const k = rest.indexOf(f);
      if (k < 0) return null;
      rest.splice(k, 1);
    }
    return rest.length ? rest.join(' * ') : '1';
  }

  private balanced(e: string): boolean {
    let depth = 0;
    for (const ch of e) {
      if (ch === '(') depth++;
      else if (ch === ')' && --depth < 0) return false;
    }
    return depth === 0;
  }

  /** `i % C` or `i / C` (integer casts, parentheses) with C an expression of scalar parameters and constants → C (its text). */
  private divisorOf(n: SyntaxNode, op: '%' | '/'): string | null {
    while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
    if (!this.index || n.type !== 'binary_expression' || n.childForFieldName('operator')?.type !== op) return null;
    const l = n.childForFieldName('left')!;
    const r = n.childForFieldName('right')!;
    if (stripCasts(this.src(l)) !== this.index) return null;
    try {
      this.scalarOnly(r, 'the divisor');
    } catch {
      return null;
    }
    // An integer constant of the file is folded, as in the bound (`i % C` with `#define C 768`, bound `N * C`).
    return this.src(r).trim().replace(/\b[A-Za-z_]\w*\b/g, (name) => (this.scalars.has(name) ? name : this.boundConstant(name)?.text ?? name));
  }

  /**
   * `(i / C) * S + (i % C)` (either operand order; the row and column through their locals too):
   * element `i % C` of row `i / C` in rows `S` apart, with S one scalar parameter → { cols: C, stride: S }.
   * `S1 == S2 ? a : b` with a and b such rows of strides S1 and S2 is rows of S2 (the same when S1 equals S2).
   */
  private stridedRow(n: SyntaxNode): { cols: string; stride: string } | null {
    while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
    if (!this.index || this.helper || this.vec || this.pack || this.grid) return null;
    if (n.type === 'identifier') {
      const s = this.bc?.stridedVars.get(this.src(n).trim());
      return s !== undefined ? { cols: this.bc!.cols, stride: s } : null;
    }
    if (n.type === 'conditional_expression') {
      const cond = n.childForFieldName('condition');
      const a = n.childForFieldName('consequence');
      const b = n.childForFieldName('alternative');
      if (!cond || !a || !b) return null;
      const ra = this.stridedRow(a);
      const rb = this.stridedRow(b);
      if (!ra || !rb || squash(stripCasts(ra.cols)) !== squash(stripCasts(rb.cols))) return null;
      if (ra.stride === rb.stride) return rb;
      let c = cond;
      while (c.type === 'parenthesized_expression' && c.namedChildren[0]) c = c.namedChildren[0];
      if (c.type !== 'binary_expression' || c.childForFieldName('operator')?.type !== '==') return null;
      const sides = new Set([this.src(c.childForFieldName('left')!).trim(), this.src(c.childForFieldName('right')!).trim()]);
      return sides.size === 2 && sides.has(ra.stride) && sides.has(rb.stride) ? rb : null;
    }
    if (n.type !== 'binary_expression' || n.childForFieldName('operator')?.type !== '+') return null;
    const colOf = (x: SyntaxNode): string | null => {
      while (x.type === 'parenthesized_expression' && x.namedChildren[0]) x = x.namedChildren[0];
      if (x.type === 'identifier' && this.bc?.colVars.has(this.src(x).trim())) return this.bc.cols;
      return this.divisorOf(x, '%');
    };
    const rowTimes = (x: SyntaxNode): { cols: string; stride: string } | null => {
      while (x.type === 'parenthesized_expression' && x.namedChildren[0]) x = x.namedChildren[0];
      if (x.type !== 'binary_expression' || x.childForFieldName('operator')?.type !== '*') return null;
      for (const [r, s] of [[x.childForFieldName('left')!, x.childForFieldName('right')!], [x.childForFieldName('right')!, x.childForFieldName('left')!]] as const) {
        let rr = r;
        while (rr.type === 'parenthesized_expression' && rr.namedChildren[0]) rr = rr.namedChildren[0];
        const cols = rr.type === 'identifier' && this.bc?.rowVars.has(this.src(rr).trim()) ? this.bc.cols : this.divisorOf(rr, '/');
        const stride = stripCasts(this.src(s)).replace(/^\((.*)\)$/, '$1');
        if (cols !== null && this.scalars.has(stride)) return { cols, stride };
      }
      return null;
    };
    const l = n.childForFieldName('left')!;
    const r = n.childForFieldName('right')!;
    for (const [rowPart, colPart] of [[l, r], [r, l]] as const) {
      const rt = rowTimes(rowPart);
      const c = rt ? colOf(colPart) : null;
      if (rt && c !== null && squash(stripCasts(c)) === squash(stripCasts(rt.cols))) return rt;
    }
    return null;
  }

  /** Starts (or checks) the broadcast with divisor `cols`: one divisor per kernel. */
  private broadcastBy(cols: string, what: string): NonNullable<Recognizer['bc']> {
    if (this.vec || this.pack || this.grid) reject(`${what}: broadcasts are read over a 1-D index only`);
    if (this.bc && squash(stripCasts(this.bc.cols)) !== squash(stripCasts(cols))) reject(`${what}, and also divides the index by \`${this.bc.cols}\`: a broadcast reads one rows × columns shape`);
    return (this.bc ??= { cols, colVars: new Set(), rowVars: new Set(), colTensors: new Set(), rowValues: new Map(), stridedVars: new Map(), strided: new Map() });
  }

  /**
   * A read that is not `p[i]` but still ports: `p[k]` at a constant index (a scalar from GM),
   * `p[i % C]` or `p[col]` (per column), `p[i / C]` or `p[row]` (a value per row). Undefined when
   * the subscript is none of these (the caller reports it).
   */
  private broadcastRead(n: SyntaxNode): Expr | undefined {
    const arr = n.childForFieldName('argument')!;
    const idx = (n.childForFieldName('indices')?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c);
    const name = this.src(arr).trim();
    const ptr = this.pointers.get(name);
    if (!ptr || idx.length !== 1 || this.helper || this.vec || this.pack || !this.index) return undefined;
    let at = idx[0]!;
    while (at.type === 'parenthesized_expression' && at.namedChildren[0]) at = at.namedChildren[0];
    const text = stripCasts(this.src(at));
    // A constant index: a decimal integer literal, or an integer constant of the file.
    const constant = at.type === 'number_literal' && /^\d+[uUlL]*$/.test(text) ? Number(text.replace(/[uUlL]+$/, '')) : at.type === 'identifier' && !this.locals.has(text) && !this.scalars.has(text) ? this.boundConstant(text) && Number(this.boundConstant(text)!.text) : undefined;
    if (typeof constant === 'number' && Number.isSafeInteger(constant)) {
      if (ptr.t !== 'float' && ptr.t !== 'half' && ptr.t !== 'int32') reject(`reads \`${this.src(n).trim()}\` at a constant index from a \`${CPP_TYPE[ptr.t]}\` tensor; scalars read from GM are float, half or int32`);
      if (constant > 1 << 20) reject(`reads \`${this.src(n).trim()}\` at the constant index ${constant}; scalars read from GM are at small indices`);
      let g = this.gm.find((x) => x.param === name && x.index === constant);
      if (!g) {
        let member = `${name}${constant}_`;
        const taken = new Set([...this.scalars.keys(), ...this.pointers.keys()].map((x) => `${x}_`));
        // Not a scalar's member, not one of the port's own members (`rowv0_`: scalarMember renames those).
        while (taken.has(member) || scalarMember(member.slice(0, -1)) !== member || this.gm.some((x) => x.name === member)) member = `${member.slice(0, -1)}v_`;
        g = { name: member, param: name, index: constant, t: ptr.t };
        this.gm.push(g);
      }
      return { k: 'scalar', text: g.name, t: g.t === 'int32' ? 'int' : g.t };
    }
    const strided = this.stridedRow(at);
    if (strided) {
      const b = this.broadcastBy(strided.cols, `reads \`${this.src(n).trim()}\``);
      const before = b.strided.get(name);
      if (before !== undefined && before !== strided.stride) reject(`reads \`${name}\` in rows \`${before}\` apart and also \`${strided.stride}\` apart: one row stride per tensor`);
      b.strided.set(name, strided.stride);
      this.scalars.get(strided.stride)!.usedInCompute = true;
      return this.promote({ k: 'load', param: name, t: ptr.t });
    }
    const col = this.bc?.colVars.has(text) ? this.bc.cols : this.divisorOf(at, '%');
    if (col !== null) {
      const b = this.broadcastBy(col, `reads \`${this.src(n).trim()}\``);
      b.colTensors.add(name);
      return this.promote({ k: 'load', param: name, t: ptr.t });
    }
    const row = this.bc?.rowVars.has(text) ? this.bc.cols : this.divisorOf(at, '/');
    if (row !== null) {
      const b = this.broadcastBy(row, `reads \`${this.src(n).trim()}\``);
      if (ptr.t !== 'float') reject(`reads the per-row value \`${this.src(n).trim()}\` from a \`${CPP_TYPE[ptr.t]}\` tensor; per-row values are read as float only`);
      let v = b.rowValues.get(name);
      if (!v) b.rowValues.set(name, (v = `rowg${b.rowValues.size}_`));
      return { k: 'scalar', text: v, t: 'float' };
    }
    return undefined;
  }

  private topLevel(all: SyntaxNode[]): { form: ElementwiseKernel['form']; bound: string } {
    // `#pragma unroll` before a loop is a compiler hint with no effect on the values computed.
    const stmts = all.filter((s) => !this.pdl(s) && !(s.type === 'preproc_call' && /^#\s*pragma\s+unroll\b/.test(this.src(s).trim())));
    if (this.grid) return this.topLevel2d(stmts);
    let i = 0;
    for (; i < stmts.length; i++) {
      const s = stmts[i]!;
      if (s.type !== 'declaration') break;
      const decl = this.singleInit(s);
      if (!decl) break;
      if (isGlobalIndex(this.src(decl.value))) this.index = decl.name;
      else if (isGridStride(this.src(decl.value))) this.stride = decl.name;
      else if (!this.index && !this.vec && this.packIndex(decl.value)) this.index = decl.name;
      else break;
    }
    let rest = stmts.slice(i);
    // No index local: every subscript may spell the global index itself (`p[blockDim.x * blockIdx.x + threadIdx.x] = v;`
    // with no guard): that expression is the index.
    if (!this.index && !this.stride && !this.vec && rest[0]?.type === 'expression_statement') {
      const spelled = new Set<string>();
      let other = false;
      const walk = (n: SyntaxNode) => {
        if (n.type === 'subscript_expression') {
          const idx = n.childForFieldName('indices')?.namedChildren ?? [];
          const t = idx.length === 1 ? stripCasts(this.src(idx[0]!)) : '';
          if (isGlobalIndex(t)) spelled.add(t);
          else other = true;
        }
        for (const c of n.namedChildren) if (c) walk(c);
      };
      for (const st of rest) walk(st);
      if (spelled.size === 1 && !other) this.index = [...spelled][0]!;
    }
    // Locals declared before the bounds guard (`float v = 2.0f; if (i < n) …`): part of the per-element body.
    const k = rest.findIndex((st) => st.type !== 'declaration');
    // Locals declared before a grid-stride loop that is the last statement: computed once, used by every element.
    const beforeLoop = k > 0 && k === rest.length - 1 && rest[k]!.type === 'for_statement';
    if (beforeLoop) {
      const indexed = this.index;
      this.body(rest.slice(0, k));
      if (indexed) {
        // After `int tid = …;` a local computed before the loop is computed once per thread, from the thread's first
        // element: only a value shared by all elements (scalars) means the same in every iteration.
        for (const d of rest.slice(0, k)) {
          const name = this.singleInit(d)?.name;
          const local = name ? this.locals.get(name) : undefined;
          if (local && 'k' in local && local.k !== 'scalar') reject(`computes \`${name}\` from per-element values before its grid-stride loop: CUDA computes it once per thread, from the thread's first element, not once per element`);
        }
      }
      rest = rest.slice(k);
    }
    if (!beforeLoop && this.index && k > 0 && rest[k]!.type === 'if_statement') {
      const cond = rest[k]!.childForFieldName('condition')?.namedChildren[0];
      let guard: string | null = null;
      try {
        guard = cond ? (this.boundOf(cond, false) ?? this.boundOf(cond, true)) : null;
      } catch {
        guard = null;
      }
      if (guard !== null) {
        this.body(rest.slice(0, k));
        rest = rest.slice(k);
      }
    }
    const first = rest[0];
    if (!first) reject('has no statement after the index computation');
    if (first.type === 'for_statement') {
      if (rest.length > 1) reject('has statements after its grid-stride loop');
      return { form: 'grid-stride', bound: this.gridStrideLoop(first) };
    }
    if (!this.index) reject('does not compute a 1-D global index `blockIdx.x * blockDim.x + threadIdx.x`', 'ASC002');
    if (first.type === 'if_statement') {
      const cond = first.childForFieldName('condition')?.namedChildren[0];
      const cons = first.childForFieldName('consequence');
      if (!cond || !cons) reject('has an unexpected `if`');
      if (first.childForFieldName('alternative')) reject('its guard has an `else` branch', 'ASC006');
      const early = this.boundOf(cond, true);
      if (early !== null && (cons.type === 'return_statement' || (cons.type === 'compound_statement' && cons.namedChildren.length === 1 && cons.namedChildren[0]!.type === 'return_statement'))) {
        this.body(rest.slice(1));
        return { form: 'early-return', bound: early };
      }
      const bound = this.boundOf(cond, false);
      if (bound === null) reject(`its guard \`${this.src(cond)}\` is not \`${this.index} < n\``, 'ASC006');
      if (rest.length > 1) reject('has statements after its bounds guard');
      this.body([cons]);
      return { form: 'guard', bound };
    }
    if (first.type === 'expression_statement' || first.type === 'declaration' || first.type === 'compound_statement') {
      // No guard: one element per launched thread, gridDim.x × blockDim.x in all.
      this.body(rest);
      if (!this.pack) this.notes.add('the kernel has no bounds guard, so it covers exactly gridDim.x × blockDim.x elements of the CUDA launch; the port takes that count as its length');
      return { form: 'unguarded', bound: 'gridDim.x * blockDim.x' };
    }
    reject(`starts with a \`${first.type.replace(/_/g, ' ')}\` where a bounds guard or a grid-stride loop was expected`);
  }

  /**
   * A 2-D kernel: `row`/`col` from blockIdx.y/x, then a guard `if (row < rows && col < cols)`
   * (or the early return `if (row >= rows || col >= cols) return;`) or two nested grid-stride
   * loops, and every access `p[row * cols + col]` (directly or through a local). Its rows are
   * contiguous exactly when the row stride is the column bound, so it is the 1-D stream over
   * rows × cols elements; anything else is rejected with the reason.
   */
  private topLevel2d(stmts: SyntaxNode[]): { form: ElementwiseKernel['form']; bound: string } {
    const g = this.grid!;
    let i = 0;
    for (; i < stmts.length; i++) {
      const s = stmts[i]!;
      if (s.type !== 'declaration') break;
      const d = this.singleInit(s);
      if (!d) break;
      const v = this.src(d.value);
      if (isAxisIndex(v, 'x') && !g.col) g.col = d.name;
      else if (isAxisIndex(v, 'y') && !g.row) g.row = d.name;
      else break;
    }
    let rest = stmts.slice(i);
    const first = rest[0];
    if (!first) reject('has no statement after the index computation');
    if (first.type === 'for_statement') {
      if (rest.length > 1) reject('has statements after its grid-stride loop');
      this.gridStride2d(first);
      return { form: 'grid-stride', bound: this.bound2d() };
    }
    if (!g.row || !g.col) reject('indexes a 2-D grid but does not begin with a row `blockIdx.y * blockDim.y + threadIdx.y` and a column `blockIdx.x * blockDim.x + threadIdx.x`: only that form flattens to one index', 'ASC002');
    // `int idx = row * cols + col;` before the guard: the flat index (its stride is checked once the guard gives cols).
    const early: { name: string; stride: string }[] = [];
    while (rest[0]?.type === 'declaration') {
      const d = this.singleInit(rest[0]);
      const stride = d ? this.flatStride(d.value) : null;
      if (!d || stride === null) break;
      early.push({ name: d.name, stride });
      rest = rest.slice(1);
    }
    const head = rest[0];
    if (head?.type !== 'if_statement') reject(`indexes a 2-D grid without a bounds guard \`if (${g.row} < rows && ${g.col} < cols)\` right after its indices (or two nested grid-stride loops)`, 'ASC006');
    const cond = head.childForFieldName('condition')?.namedChildren[0];
    const cons = head.childForFieldName('consequence');
    if (!cond || !cons) reject('has an unexpected `if`');
    if (head.childForFieldName('alternative')) reject('its guard has an `else` branch', 'ASC006');
    const isReturn = cons.type === 'return_statement' || (cons.type === 'compound_statement' && cons.namedChildren.length === 1 && cons.namedChildren[0]!.type === 'return_statement');
    const form: ElementwiseKernel['form'] = isReturn ? 'early-return' : 'guard';
    if (!this.bounds2d(cond, isReturn)) reject(`its guard \`${this.src(cond).trim()}\` is not \`${isReturn ? `${g.row} >= rows || ${g.col} >= cols` : `${g.row} < rows && ${g.col} < cols`}\``, 'ASC006');
    for (const e of early) this.addFlat(e.name, e.stride);
    if (isReturn) this.body(rest.slice(1));
    else {
      if (rest.length > 1) reject('has statements after its bounds guard');
      this.body([cons]);
    }
    return { form, bound: this.bound2d() };
  }

  /** Two nested grid-stride loops over rows (`.y`) and columns (`.x`), in either order. */
  private gridStride2d(outer: SyntaxNode): void {
    const g = this.grid!;
    const first = this.loop2d(outer);
    let inner = outer.childForFieldName('body')!;
    while (inner.type === 'compound_statement' && inner.namedChildren.filter((c) => c && c.type !== 'comment').length === 1) inner = inner.namedChildren.find((c) => c && c.type !== 'comment')!;
    if (inner.type !== 'for_statement') reject('has a 2-D grid-stride loop whose body is not the other dimension\'s grid-stride loop');
    const second = this.loop2d(inner);
    if (first === second) reject(`nests two grid-stride loops over \`.${first}\``);
    void g;
    this.body([inner.childForFieldName('body')!]);
  }

  /** One grid-stride loop of a 2-D kernel: `for (int row = blockIdx.y * blockDim.y + threadIdx.y; row < rows; row += blockDim.y * gridDim.y)`. */
  private loop2d(loop: SyntaxNode): 'x' | 'y' {
    const g = this.grid!;
    const init = loop.childForFieldName('initializer');
    const cond = loop.childForFieldName('condition');
    const update = loop.childForFieldName('update');
    if (!init || !cond || !update || !loop.childForFieldName('body')) reject('has a loop that is not a grid-stride loop');
    let name: string;
    let start: string;
    if (init.type === 'declaration') {
      const d = this.singleInit(init);
      if (!d) reject('has a loop that does not start at the global index');
      name = d.name;
      start = this.src(d.value);
    } else {
      const e = init.type === 'assignment_expression' ? init : init.namedChildren[0];
      if (!e || e.type !== 'assignment_expression') reject('has a loop that does not start at the global index');
      name = this.src(e.childForFieldName('left')!).trim();
      start = this.src(e.childForFieldName('right')!);
    }
    const dim: 'x' | 'y' | null = isAxisIndex(start, 'x') || start.trim() === g.col ? 'x' : isAxisIndex(start, 'y') || start.trim() === g.row ? 'y' : null;
    if (!dim) reject(`has a loop from \`${start.trim()}\`, which is neither \`blockIdx.y * blockDim.y + threadIdx.y\` nor \`blockIdx.x * blockDim.x + threadIdx.x\``);
    if (dim === 'x') g.col = name;
    else g.row = name;
    const bound = this.boundOf(cond, false, name, false);
    if (bound === null) reject(`its loop condition \`${this.src(cond)}\` is not \`${name} < n\``);
    this.setBound(dim, bound);
    const up = squash(this.src(update));
    if (!up.startsWith(`${name}+=`) || !isAxisStride(up.slice(name.length + 2), dim)) reject(`its loop over \`${name}\` does not step by \`blockDim.${dim} * gridDim.${dim}\``);
    return dim;
  }

  /** `row < rows && col < cols` (either order), or with `early`, `row >= rows || col >= cols`: records the bounds. */
  private bounds2d(cond: SyntaxNode, early: boolean): boolean {
    const g = this.grid!;
    while (cond.type === 'parenthesized_expression' && cond.namedChildren[0]) cond = cond.namedChildren[0];
    if (cond.type !== 'binary_expression' || cond.childForFieldName('operator')?.type !== (early ? '||' : '&&')) return false;
    const sides = [cond.childForFieldName('left')!, cond.childForFieldName('right')!].map((n) => {
      while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
      return n;
    });
    const got = new Set<string>();
    for (const side of sides) {
      for (const [dim, v] of [['y', g.row], ['x', g.col]] as const) {
        const b = this.boundOf(side, early, v, false);
        if (b !== null) {
          this.setBound(dim, b);
          got.add(dim);
        }
      }
    }
    return got.size === 2;
  }

  /** A bound of a 2-D kernel must be a scalar parameter: the port's length rows × cols is computed from the kernel's own arguments. */
  private setBound(dim: 'x' | 'y', bound: string): void {
    const g = this.grid!;
    const b = stripCasts(bound);
    if (!this.scalars.has(b)) reject(`its 2-D bound \`${bound}\` is not a scalar parameter: the flattened port computes its length, rows × cols, from the kernel's own arguments`);
    if (dim === 'x') g.cols = b;
    else g.rows = b;
  }

  /** The flattened length, in 64 bits (an int rows × cols can overflow), and 0 when a bound is not positive, as CUDA's guard then runs no element. */
  private bound2d(): string {
    const g = this.grid!;
    if (!g.rows || !g.cols) reject('indexes a 2-D grid whose row and column bounds are not both known');
    this.index = this.index || '\u0000flat';
    this.notes.add(`the 2-D grid (\`${g.row}\` over ${g.rows} rows, \`${g.col}\` over ${g.cols} columns) is flattened to one index \`${g.row} * ${g.cols} + ${g.col}\`: every access has row stride ${g.cols}, the column bound, so the rows are contiguous and the port streams ${g.rows} × ${g.cols} elements, counted in 64 bits`);
    return `(${g.rows} > 0 && ${g.cols} > 0 ? static_cast<int64_t>(${g.rows}) * static_cast<int64_t>(${g.cols}) : 0)`;
  }

  /** Records a local holding the flat index; its row stride must be the column bound. */
  private addFlat(name: string, stride: string): void {
    const g = this.grid!;
    this.checkStride(`${name} = ${g.row} * ${stride} + ${g.col}`, stride);
    g.flat.set(name, stride);
    if (!this.index) this.index = name;
  }

  private checkStride(what: string, stride: string): void {
    const g = this.grid!;
    if (squash(stride) !== squash(g.cols)) {
      reject(`indexes \`${what}\` with row stride \`${stride}\`, not the column bound \`${g.cols}\`: its rows are not contiguous, so it does not flatten to one index (strided rows are the rows schedule)`);
    }
  }

  /** `row * S + col` (any order, parentheses and integer casts) → S; null when the expression is not of that form. */
  private flatStride(n: SyntaxNode): string | null {
    const g = this.grid;
    if (!g || !g.row || !g.col) return null;
    const unwrap = (x: SyntaxNode): SyntaxNode => {
      for (;;) {
        if (x.type === 'parenthesized_expression' && x.namedChildren[0]) x = x.namedChildren[0];
        else if (x.type === 'cast_expression' && x.childForFieldName('value') && /^(?:size_t|int|unsigned|unsigned int|long|long long|int64_t|uint64_t|int32_t|uint32_t)$/.test(this.src(x.childForFieldName('type')!).trim())) x = x.childForFieldName('value')!;
        else return x;
      }
    };
    const is = (x: SyntaxNode, name: string) => x.type === 'identifier' && this.src(x) === name;
    const e = unwrap(n);
    if (e.type !== 'binary_expression' || e.childForFieldName('operator')?.type !== '+') return null;
    const l = unwrap(e.childForFieldName('left')!);
    const r = unwrap(e.childForFieldName('right')!);
    const prod = is(r, g.col) ? l : is(l, g.col) ? r : null;
    if (!prod || prod.type !== 'binary_expression' || prod.childForFieldName('operator')?.type !== '*') return null;
    const a = unwrap(prod.childForFieldName('left')!);
    const b = unwrap(prod.childForFieldName('right')!);
    if (is(a, g.row)) return this.src(b).trim();
    if (is(b, g.row)) return this.src(a).trim();
    return null;
  }

  /**
   * A programmatic-dependent-launch call statement (`ggml_cuda_pdl_sync();`, or a wrapper of the
   * file's own whose body makes only the runtime's PDL calls, under any `#if`): dropped, with a note.
   */
  /** The barrier statements (`__syncthreads();`, `cg::sync(cta);`, `cta.sync();`) that end the kernel's body, after its last other statement. */
  private trailingBarriers(node: SyntaxNode): SyntaxNode[] {
    const stmts = (node.childForFieldName('body')?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    const out: SyntaxNode[] = [];
    for (let k = stmts.length - 1; k >= 0; k--) {
      const t = this.src(stmts[k]!).replace(/\s+/g, '');
      if (stmts[k]!.type === 'expression_statement' && /^(?:__syncthreads\(\)|(?:cg|cooperative_groups)::sync\([A-Za-z_]\w*\)|[A-Za-z_]\w*\.sync\(\));$/.test(t)) out.push(stmts[k]!);
      else break;
    }
    return out;
  }

  /** `cg::thread_block cta = cg::this_thread_block();` at the top of the body, when the handle is used by the trailing barriers only. */
  private blockHandles(body: SyntaxNode): SyntaxNode[] {
    const stmts = body.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    const trailing = this.trailingBarriers(body.parent!);
    const out: SyntaxNode[] = [];
    for (const st of stmts) {
      const m = /^(?:cg|cooperative_groups)::thread_block([A-Za-z_]\w*)=(?:cg|cooperative_groups)::this_thread_block\(\);$/.exec(this.src(st).replace(/\s+/g, ''));
      if (st.type !== 'declaration' || !m) continue;
      const name = m[1]!;
      // Nodes are compared by position: the tree hands out a new object at each access.
      const uses = stmts.filter((o) => o.startIndex !== st.startIndex && !trailing.some((t) => t.startIndex === o.startIndex) && new RegExp(`\\b${name}\\b`).test(this.src(o)));
      if (!uses.length) out.push(st);
    }
    return out;
  }

  private pdl(s: SyntaxNode): boolean {
    if (s.type !== 'expression_statement') return false;
    const e = s.namedChildren[0];
    if (e?.type !== 'call_expression' || (e.childForFieldName('arguments')?.namedChildren.length ?? 0) > 0) return false;
    const name = this.src(e.childForFieldName('function')!).trim();
    const own = name.startsWith('cuda') ? undefined : this.input.deviceHelper?.(name);
    if (own === undefined) {
      if (!PDL_CALLS.has(name)) return false;
    } else {
      if (typeof own === 'string' || own.params.length) return false;
      const body = own.node.childForFieldName('body');
      const rest = body ? own.text.slice(body.startIndex, body.endIndex).replace(/\/\/[^\n]*|\/\*[^]*?\*\//g, '').replace(/^\s*#.*$/gm, '').replace(/\s+/g, '') : '?';
      if (!/^\{(?:(?:cudaGridDependencySynchronize|cudaTriggerProgrammaticLaunchCompletion)\(\);)*\}$/.test(rest)) return false;
    }
    this.notes.add(`\`${name}()\` (programmatic dependent launch: lets the next kernel on the stream start early) has no counterpart and is dropped: kernels launched on one Ascend stream run in order`);
    return true;
  }

  /** A whole-vector value: `p[i]`, a vector local, or `make_float4(…)` whose lanes compute the same function of their own lane. */
  private vectorValue(n: SyntaxNode): Expr {
    const v = this.vec!;
    while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
    if (n.type === 'subscript_expression') return this.load(this.subscriptParam(n));
    if (n.type === 'identifier' && v.locals.has(this.src(n))) return this.fromLocal(this.locals.get(this.src(n))!);
    if (n.type === 'call_expression' && this.src(n.childForFieldName('function')!).trim() === v.make) {
      const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
      if (args.length !== v.lanes) reject(`calls \`${v.make}\` with ${args.length} arguments`);
      const outer = v.lane;
      const lanes = args.map((a, k) => {
        v.lane = k;
        try {
          return this.ownLane(this.expr(a), k, a);
        } finally {
          v.lane = outer;
        }
      });
      const key = structuralKeys();
      const first = key(lanes[0]!);
      const other = lanes.findIndex((e) => key(e) !== first);
      if (other >= 0) reject(`computes lane ${other} of \`${v.make}(…)\` as \`${this.src(args[other]!).trim().slice(0, 40)}\`, not as lane 0 does: the port de-vectorises only kernels whose lanes compute the same function of their own lane`);
      return lanes[0]!;
    }
    reject(`computes the \`${v.type}\` value \`${this.src(n).trim().slice(0, 40)}\`: only \`p[i]\`, a \`${v.type}\` local and \`${v.make}(…)\` are read as vectors`);
  }

  /** Lane k of a `make_float2(…)`: its lane-tagged loads (`p[i].y` read in statements) must be of lane k, and become plain loads. */
  private ownLane(e: Expr, k: number, at: SyntaxNode): Expr {
    // Memoised by identity: a value shared by several uses stays one value (and one instruction).
    const memo = new Map<Expr, Expr>();
    const walk = (x: Expr): Expr => {
      const hit = memo.get(x);
      if (hit) return hit;
      const y = step(x);
      memo.set(x, y);
      return y;
    };
    const step = (x: Expr): Expr => {
      switch (x.k) {
        case 'load': {
          const cut = x.param.indexOf(LANE_TAG);
          if (cut < 0) return x;
          const lane = Number(x.param.slice(cut + 1));
          if (lane !== k) reject(`computes lane ${k} of \`${this.vec!.make}(…)\` from lane ${lane} (\`${this.src(at).trim().slice(0, 40)}\`): a lane that reads another lane is not elementwise`);
          return { ...x, param: x.param.slice(0, cut) };
        }
        case 'un':
        case 'cast':
          return { ...x, a: walk(x.a) };
        case 'bin':
          return { ...x, a: walk(x.a), b: walk(x.b) };
        case 'select':
          return { ...x, a: walk(x.a), b: walk(x.b), then: walk(x.then), otherwise: walk(x.otherwise) };
        default:
          return x;
      }
    };
    return walk(e);
  }

  private gridStrideLoop(loop: SyntaxNode): string {
    const init = loop.childForFieldName('initializer');
    const cond = loop.childForFieldName('condition');
    const update = loop.childForFieldName('update');
    const body = loop.childForFieldName('body');
    if (!cond || !update || !body) reject('has a loop that is not a grid-stride loop');
    if (!init) {
      // `for (; i < n; i += blockDim.x * gridDim.x)` over the global index declared before the loop (cuda-samples' IPC kernels).
      if (!this.index) reject('has a loop that is not a grid-stride loop');
    } else if (init.type === 'declaration') {
      const d = this.singleInit(init);
      if (!d || !(isGlobalIndex(this.src(d.value)) || d.value.type === 'identifier' && this.src(d.value) === this.index)) reject('has a loop that does not start at the global index');
      this.index = d.name;
    } else {
      const e = init.type === 'assignment_expression' ? init : init.namedChildren[0];
      if (!e || e.type !== 'assignment_expression' || !isGlobalIndex(this.src(e.childForFieldName('right')!))) reject('has a loop that does not start at the global index');
      this.index = this.src(e.childForFieldName('left')!).trim();
    }
    const bound = this.boundOf(cond, false);
    if (bound === null) reject(`its loop condition \`${this.src(cond)}\` is not \`${this.index} < n\``);
    const up = squash(this.src(update));
    const step = up.startsWith(`${this.index}+=`) ? up.slice(this.index.length + 2) : null;
    if (!step || !(isGridStride(step) || (this.stride && step === this.stride))) reject('its loop does not step by `blockDim.x * gridDim.x`');
    this.body([body]);
    return bound;
  }

  /**
   * `i < n` (or `n > i`) → n; with `early`, `i >= n` (or `n <= i`) → n. A named integer
   * constant in the bound (`#define N 500000`, a file-level `const size_t N = …`) is folded
   * to its value (`fold`, for a 1-D length): the port is then for that length only.
   */
  private boundOf(cond: SyntaxNode, early: boolean, v = this.index, fold = true): string | null {
    if (cond.type !== 'binary_expression') return null;
    const op = cond.childForFieldName('operator')?.type;
    const l = cond.childForFieldName('left')!;
    const r = cond.childForFieldName('right')!;
    const isI = (n: SyntaxNode) => stripCasts(this.src(n)) === v;
    const [lt, gt] = early ? ['>=', '<='] : ['<', '>'];
    const other = op === lt && isI(l) ? r : op === gt && isI(r) ? l : null;
    if (!other) return null;
    this.scalarOnly(other, 'its bound');
    if (!fold) return this.src(other).trim();
    return this.src(other).trim().replace(/\b[A-Za-z_]\w*\b/g, (name) => {
      const c = this.scalars.has(name) ? undefined : this.boundConstant(name);
      if (!c) return name;
      this.notes.add(`the bound \`${name}\` is a constant of the file, folded to \`${c.text}\`: the port's length is fixed at that value, not passed in`);
      return c.text;
    });
  }

  /** A named integer constant (macro, `const`/`constexpr`) that a bound may use in place of a scalar parameter. */
  private boundConstant(name: string): { text: string } | undefined {
    const c = this.input.constant?.(name);
    return c && !c.float && Number.isSafeInteger(c.value) && c.value >= 0 ? { text: String(c.value) } : undefined;
  }

  /** Checks that an expression uses only scalar parameters and literals. */
  private scalarOnly(n: SyntaxNode, what: string): void {
    if (n.type === 'identifier') {
      const name = this.src(n);
      if (!this.scalars.has(name) && !this.boundConstant(name)) reject(`${what} uses \`${name}\`, which is not a scalar parameter or an integer constant of the file`);
      return;
    }
    if (n.type === 'number_literal') return;
    // `sizeof(int)`: a constant of the type, the same on the host that computes the port's length.
    if (n.type === 'sizeof_expression' && n.childForFieldName('type') && /^(?:(?:unsigned |signed )?(?:char|short|int|long|long long)|float|double|half|__half|size_t|u?int(?:8|16|32|64)_t|float[24]|int[24]|uint[24])$/.test(this.src(n.childForFieldName('type')!).replace(/\s+/g, ' ').trim())) return;
    if (!['binary_expression', 'parenthesized_expression', 'cast_expression', 'type_descriptor', 'primitive_type', 'sized_type_specifier', 'type_identifier'].includes(n.type)) reject(`${what} \`${this.src(n)}\` is not an expression of scalar parameters`);
    for (const c of n.namedChildren) if (c) this.scalarOnly(c, what);
  }

  /** Why a declaration is not one initialised variable, in its own terms. */
  private declarationReason(s: SyntaxNode): never {
    const declarators = s.childrenForFieldName('declarator').filter((d): d is SyntaxNode => !!d);
    const text = this.src(s).trim().slice(0, 60);
    if (declarators.length > 1) reject(`declares ${declarators.length} variables in \`${text}\`; declare one per statement`);
    const d = declarators[0];
    if (d?.type === 'init_declarator' && d.childForFieldName('declarator')?.type === 'pointer_declarator') {
      const value = d.childForFieldName('value');
      reject(`declares a pointer \`${text}\`${value ? ` into a tensor at an offset (\`${this.src(value).trim().slice(0, 30)}\`)` : ''}: offset views of a tensor are rows or gathers (the rows schedule), not elementwise`);
    }
    if (d?.type === 'init_declarator' && d.childForFieldName('declarator')?.type === 'reference_declarator') reject(`declares a reference \`${text}\`; elementwise ports take values`);
    if (d?.type === 'array_declarator' || d?.childForFieldName('declarator')?.type === 'array_declarator') reject(`declares a local array \`${text}\`: per-thread arrays are not elementwise`);
    if (d && d.type !== 'init_declarator') reject(`declares \`${text}\` without a value; declare each local with its value`);
    reject(`has a declaration \`${text}\` the elementwise pattern does not read`);
  }

  private singleInit(decl: SyntaxNode): { name: string; type: string; value: SyntaxNode } | null {
    const declarators = decl.childrenForFieldName('declarator').filter((d): d is SyntaxNode => !!d);
    if (declarators.length !== 1 || declarators[0]!.type !== 'init_declarator') return null;
    const d = declarators[0]!;
    const nameNode = d.childForFieldName('declarator');
    const value = d.childForFieldName('value');
    if (!nameNode || nameNode.type !== 'identifier' || !value) return null;
    const type = this.src(decl.childForFieldName('type')!).trim();
    return { name: this.src(nameNode), type, value };
  }

  private body(stmts: SyntaxNode[]): void {
    for (const s of stmts) this.statement(s);
  }

  private statement(s: SyntaxNode): void {
    switch (s.type) {
      case 'compound_statement':
        this.body(s.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment'));
        return;
      case 'comment':
        return;
      case 'expression_statement': {
        const e = s.namedChildren[0];
        if (!e) return;
        if (this.pdl(s)) return;
        if (this.pack && e.type === 'call_expression' && this.packStore(e)) return;
        if (e.type === 'call_expression' && STORE_HINTS.has(this.src(e.childForFieldName('function')!).trim())) {
          this.hintedStore(e);
          return;
        }
        if (e.type === 'update_expression') {
          this.increment(e);
          return;
        }
        if (e.type === 'call_expression' && this.voidHelperCall(e)) return;
        if (e.type !== 'assignment_expression') reject(`has a statement \`${this.src(s).trim()}\` that is not an assignment`);
        this.assignment(e);
        return;
      }
      case 'declaration': {
        if (this.pack && this.packDeclaration(s)) return;
        const parts = this.singleInit(s) ? null : this.declarators(s);
        if (parts) {
          // `float a, b;` / `float a = x, b;`: each declarator on its own; one without a value waits for its first assignment.
          for (const part of parts) {
            if (part.value) this.declare(s, part as { name: string; type: string; value: SyntaxNode });
            else {
              this.locals.delete(part.name);
              this.unset.set(part.name, part.type);
            }
          }
          return;
        }
        const d = this.singleInit(s);
        if (!d) this.declarationReason(s);
        this.declare(s, d);
        return;
      }
      case 'if_statement': {
        const cond = s.childForFieldName('condition')?.namedChildren[0];
        let guard: string | null = null;
        if (cond && this.index) {
          try {
            guard = this.boundOf(cond, false) ?? this.boundOf(cond, true);
          } catch {
            guard = null;
          }
        }
        // A bounds guard is not a data branch: say where it is.
        if (guard !== null) reject(`has its bounds guard \`if (${this.src(cond!).trim()})\` after other statements; the elementwise port takes the guard right after the index (or a grid-stride loop)`, 'ASC006');
        this.branch(s);
        return;
      }
      case 'for_statement':
        if (this.pack && !this.pack.loopVar) {
          this.laneLoop(s);
          return;
        }
        reject('loops inside the per-element body');
      case 'while_statement':
      case 'do_statement':
        reject('loops inside the per-element body');
      case 'return_statement':
        reject('returns from inside the per-element body');
      default:
        reject(`has a \`${s.type.replace(/_/g, ' ')}\` the elementwise pattern does not handle`);
    }
  }


  /** The parts of a declaration: each declarator's name, the declared type, and its value if it has one; null for forms not read (pointers, arrays, references). */
  private declarators(decl: SyntaxNode): { name: string; type: string; value?: SyntaxNode }[] | null {
    const typeNode = decl.childForFieldName('type');
    if (!typeNode) return null;
    const type = this.src(typeNode).trim();
    const out: { name: string; type: string; value?: SyntaxNode }[] = [];
    for (const d of decl.childrenForFieldName('declarator')) {
      if (!d) return null;
      if (d.type === 'identifier') out.push({ name: this.src(d), type });
      else if (d.type === 'init_declarator' && d.childForFieldName('declarator')?.type === 'identifier' && d.childForFieldName('value')) out.push({ name: this.src(d.childForFieldName('declarator')!), type, value: d.childForFieldName('value')! });
      else return null;
    }
    const base = this.resolve(type.replace(/\b(?:const|volatile|static|register)\b/g, '').trim());
    if (!out.length || (!ELEMENT_TYPES[base] && !INT_TYPES.has(base))) return null;
    return out;
  }

  /** One local with its value (the declaration case of `statement`). */
  private declare(s: SyntaxNode, d: { name: string; type: string; value: SyntaxNode }): void {
    this.unset.delete(d.name);
    if (this.grid) {
      const stride = this.flatStride(d.value);
      if (stride !== null) {
        this.addFlat(d.name, stride);
        return;
      }
      const g = this.grid;
      if (INT_TYPES.has(d.type.replace(/\bconst\b/g, '').trim()) && new RegExp(`\\b(?:${g.row}|${g.col})\\b`).test(this.src(d.value))) reject(`derives \`${d.name} = ${this.src(d.value).trim().slice(0, 40)}\` from the 2-D index: only \`${g.row} * ${g.cols} + ${g.col}\` flattens; other index arithmetic is a permutation, gather or row kernel`);
    }
    if (this.index && !this.helper && !this.vec && !this.pack && INT_TYPES.has(d.type.replace(/\bconst\b/g, '').trim())) {
      // `int64_t j = (i / C) * S + i % C;`: element i % C of a row S apart from the previous one.
      const strided = this.stridedRow(d.value);
      if (strided) {
        const b = this.broadcastBy(strided.cols, `derives \`${d.name} = ${this.src(d.value).trim().slice(0, 40)}\``);
        b.stridedVars.set(d.name, strided.stride);
        return;
      }
      // `int col = i % C;` / `int row = i / C;`: the column and row of a broadcast.
      const col = this.divisorOf(d.value, '%');
      const row = col === null ? this.divisorOf(d.value, '/') : null;
      if (col !== null || row !== null) {
        const b = this.broadcastBy((col ?? row)!, `derives \`${d.name} = ${this.src(d.value).trim().slice(0, 40)}\``);
        (col !== null ? b.colVars : b.rowVars).add(d.name);
        return;
      }
    }
    const bcVar = this.bc ? [...this.bc.colVars, ...this.bc.rowVars].find((v) => new RegExp(`\\b${v}\\b`).test(this.src(d.value))) : undefined;
    if (bcVar && INT_TYPES.has(d.type.replace(/\bconst\b/g, '').trim())) {
      reject(`derives the index \`${d.name} = ${this.src(d.value).trim().slice(0, 40)}\` from \`${bcVar}\` (\`${this.index} ${this.bc!.colVars.has(bcVar) ? '%' : '/'} ${this.bc!.cols}\`): index arithmetic beyond one column \`${this.index} % C\` and one row \`${this.index} / C\` makes it a permutation, gather or layout kernel, not a broadcast`);
    }
    if (this.index && INT_TYPES.has(d.type.replace(/\bconst\b/g, '').trim()) && new RegExp(`\\b${this.index}\\b`).test(this.src(d.value))) {
      reject(`derives the index \`${d.name} = ${this.src(d.value).trim().slice(0, 40)}\` from \`${this.index}\`: index arithmetic makes it a permutation, gather or 2-D/row kernel, not elementwise`);
    }
    const qualifiers = s.namedChildren.filter((c) => c?.type === 'type_qualifier').map((c) => this.src(c!));
    const base = this.resolve(d.type.replace(/\bconst\b/g, '').trim());
    if (this.vec && base === this.vec.type) {
      this.locals.set(d.name, this.vectorValue(d.value));
      this.vec.locals.add(d.name);
      return;
    }
    const value = this.expr(d.value);
    if ('k' in value && value.k !== 'scalar') {
      const t = base === 'auto' ? value.t : ELEMENT_TYPES[base];
      if (!t) reject(`declares \`${d.name}\` as \`${d.type}\` from a per-element value; elementwise ports compute in float, half or int32`);
      this.locals.set(d.name, this.convert(value, t));
    } else {
      const sv = value as Extract<Expr, { k: 'scalar' }>;
      if (FLOAT_TYPES[base] === 'bf16' && sv.t !== 'bf16') reject(`declares the bfloat16 scalar \`${d.name}\` from \`${sv.text}\`; the port does not round scalars to bfloat16: pass it in as a parameter`);
      this.locals.set(d.name, { scalarText: `(${sv.text})`, t: base === 'auto' ? sv.t : FLOAT_TYPES[base] ?? (INT_TYPES.has(base) ? 'int' : reject(`declares \`${d.name}\` with type \`${d.type}\``)) });
    }
    void qualifiers;
    return;
  }

  /** `p[i]++`, `--p[i]`, `v++` as a statement: `p[i] += 1` (the value of the expression itself is not used). */
  private increment(e: SyntaxNode): void {
    const arg = e.childForFieldName('argument');
    const op = this.src(e.childForFieldName('operator') ?? e).includes('--') ? '-' : '+';
    if (!arg) reject(`has a statement \`${this.src(e).trim()}\` that is not an assignment`);
    const one: Expr = { k: 'scalar', text: '1', t: 'int' };
    if (arg.type === 'subscript_expression' && !this.vec && !(this.pack && this.packLane(arg) !== undefined)) {
      const param = this.subscriptParam(arg);
      const ptr = this.pointers.get(param)!;
      const value = this.binary(op, this.load(param), one);
      ptr.written = true;
      if (!this.stores.includes(param)) this.stores.push(param);
      this.current.set(param, this.convert(value, ptr.t));
      return;
    }
    if (arg.type === 'identifier' && this.locals.has(this.src(arg))) {
      const name = this.src(arg);
      const prev = this.locals.get(name)!;
      const value = this.binary(op, this.fromLocal(prev), one);
      if ('k' in prev && prev.k !== 'scalar') this.locals.set(name, this.convert(value, ELEMENT_TYPES[prev.t] ?? (prev.t as DType)));
      else if ('k' in value && value.k === 'scalar') this.locals.set(name, { scalarText: `(${value.text})`, t: prev.t });
      else reject(`increments \`${name}\` in a way the elementwise pattern does not read`);
      return;
    }
    reject(`increments \`${this.src(arg).trim()}\`, which is neither \`p[${this.index}]\` nor a local variable`);
  }

  private assignment(e: SyntaxNode): void {
    const left = e.childForFieldName('left')!;
    const op = e.childForFieldName('operator')?.type ?? '=';
    const right = e.childForFieldName('right')!;
    const lane = this.pack ? this.packLane(left) : undefined;
    if (lane !== undefined) {
      // `out[k] = v` in the lane loop: the pack local's value (rounded to the pack's type, as CUDA stores it).
      if (op !== '=') reject(`uses \`${op}\` on the pack lane \`${this.src(left).trim()}\``);
      if (this.pack!.locals.get(lane) !== null) reject(`assigns the lanes of the pack \`${lane}\` more than once`);
      const value = this.expr(right);
      if (value.k === 'scalar') reject(`fills the pack \`${lane}\` with the scalar \`${value.text}\`; the port packs per-element values only`);
      this.pack!.locals.set(lane, this.convert(value, this.pack!.t));
      return;
    }
    if (left.type === 'subscript_expression' && op === '=' && right.type === 'assignment_expression') {
      // `x[i] = y[i] = v`: the inner store first, then the outer one stores the same value.
      this.assignment(right);
      const inner = right.childForFieldName('left')!;
      if (inner.type !== 'subscript_expression') reject(`assigns \`${this.src(e).trim().slice(0, 40)}\` through a local`);
      const param = this.subscriptParam(left);
      const ptr = this.pointers.get(param)!;
      const value = this.current.get(this.subscriptParam(inner))!;
      if (value.k === 'scalar' && ptr.t === 'bf16') reject(`stores the scalar \`${value.text}\` into the bfloat16 tensor \`${param}\`; the port broadcasts only tensors into bf16`);
      ptr.written = true;
      if (!this.stores.includes(param)) this.stores.push(param);
      this.current.set(param, this.convert(value, ptr.t));
      return;
    }
    if (left.type === 'subscript_expression') {
      const param = this.subscriptParam(left);
      const ptr = this.pointers.get(param)!;
      if (this.vec && op !== '=') reject(`uses \`${op}\` on the \`${this.vec.type}\` element \`${this.src(left).trim()}\``);
      let value = this.vec ? this.vectorValue(right) : this.expr(right);
      if (op !== '=') {
        const bop = op.slice(0, -1);
        if (!['+', '-', '*', '/'].includes(bop)) reject(`uses \`${op}\` on \`${param}[${this.index}]\``);
        value = this.binary(bop as '+', this.load(param), value);
      }
      ptr.written = true;
      if (!this.stores.includes(param)) this.stores.push(param);
      if (value.k === 'scalar' && ptr.t === 'bf16') reject(`stores the scalar \`${value.text}\` into the bfloat16 tensor \`${param}\`; the port broadcasts only tensors into bf16`);
      this.current.set(param, this.convert(value, ptr.t));
      return;
    }
    if (left.type === 'identifier' && this.unset.has(this.src(left))) {
      // The first value of a local declared without one (`float r; … r = x * 2;`): as if declared with it.
      const name = this.src(left);
      if (op !== '=') reject(`uses \`${op}\` on \`${name}\` before any value is assigned to it`);
      const type = this.unset.get(name)!;
      const base = this.resolve(type.replace(/\b(?:const|volatile|static|register)\b/g, '').trim());
      const value = this.expr(right);
      this.unset.delete(name);
      if (value.k !== 'scalar') {
        const t = ELEMENT_TYPES[base];
        if (!t) reject(`assigns a per-element value to \`${name}\` of type \`${type}\`; elementwise ports compute in float, half or int32`);
        this.locals.set(name, this.convert(value, t));
      } else {
        const st: ScalarType | undefined = FLOAT_TYPES[base] ?? (INT_TYPES.has(base) ? 'int' : undefined);
        if (!st || st === 'bf16') reject(`assigns the scalar \`${value.text}\` to \`${name}\` of type \`${type}\``);
        this.locals.set(name, { scalarText: st === value.t ? `(${value.text})` : `static_cast<${CPP_TYPE[st as DType] ?? base}>(${value.text})`, t: st });
      }
      return;
    }
    if (left.type === 'identifier' && this.locals.has(this.src(left))) {
      const name = this.src(left);
      const prev = this.locals.get(name)!;
      let value = this.expr(right);
      if (op !== '=') value = this.binary(op.slice(0, -1) as '+', this.fromLocal(prev), value);
      const t = 'k' in prev ? prev.t : prev.t;
      if ('k' in value && value.k !== 'scalar') this.locals.set(name, this.convert(value, ELEMENT_TYPES[t] ?? (t as DType)));
      else if ('k' in prev && prev.k !== 'scalar') reject(`assigns a scalar to per-element variable \`${name}\``);
      else this.locals.set(name, { scalarText: `(${(value as Extract<Expr, { k: 'scalar' }>).text})`, t });
      return;
    }
    if (this.bc && (this.bc.colVars.has(this.src(left).trim()) || this.bc.rowVars.has(this.src(left).trim()))) reject(`assigns to the index \`${this.src(left).trim()}\` derived from \`${this.index}\`: index arithmetic beyond one column \`${this.index} % C\` and one row \`${this.index} / C\` makes it a permutation, gather or layout kernel, not a broadcast`);
    reject(`assigns to \`${this.src(left)}\`, which is neither \`p[${this.index}]\` nor a local variable`);
  }

  /** `&p[i]` (or `p + i`) as the argument of a cache-hinted load or store → the subscript `p[i]`. */
  private addressed(n: SyntaxNode, what: string): SyntaxNode {
    let a = n;
    while (a.type === 'parenthesized_expression' && a.namedChildren[0]) a = a.namedChildren[0];
    if (a.type === 'pointer_expression' && a.childForFieldName('operator')?.type === '&') {
      const arg = a.childForFieldName('argument');
      if (arg?.type === 'subscript_expression') return arg;
    }
    reject(`calls \`${what}\` on \`${this.src(n).trim().slice(0, 40)}\`: only \`&p[${this.index}]\` is an elementwise access`);
  }

  /** `__stcs(&p[i], v)`: a store with a cache hint, ported as `p[i] = v`. */
  private hintedStore(call: SyntaxNode): void {
    const name = this.src(call.childForFieldName('function')!).trim();
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
    if (args.length !== 2) reject(`calls \`${name}\` with ${args.length} arguments`);
    const param = this.subscriptParam(this.addressed(args[0]!, name));
    const ptr = this.pointers.get(param)!;
    const value = this.expr(args[1]!);
    this.notes.add(`\`${name}\` (a cache-hinted store) is a plain store: the port writes each element once from UB, so the hint has no counterpart`);
    ptr.written = true;
    if (!this.stores.includes(param)) this.stores.push(param);
    if (value.k === 'scalar' && ptr.t === 'bf16') reject(`stores the scalar \`${value.text}\` into the bfloat16 tensor \`${param}\`; the port broadcasts only tensors into bf16`);
    this.current.set(param, this.convert(value, ptr.t));
  }

  /** A 16-byte pack type (llm.c's `Packed128<T>` through `x128`/`f128`): its element type and lanes. */
  private packType(type: string): { type: string; t: DType; lanes: number } | undefined {
    const written = type.replace(/\b(?:const|volatile)\b/g, '').trim();
    const m = /^([A-Za-z_]\w*)\s*<\s*(.+?)\s*>$/.exec(this.resolve(written));
    if (!m || !this.input.constant?.(packFactName('struct', m[1]!))) return undefined;
    const t = FLOAT_TYPES[this.resolve(m[2]!)];
    const bytes = t === 'float' ? 4 : t === 'half' || t === 'bf16' ? 2 : 0;
    return bytes ? { type: written, t: t!, lanes: 16 / bytes } : undefined;
  }

  /** `(blockIdx.x * blockDim.x + threadIdx.x) * x128::size` (either order): starts pack mode. */
  private packIndex(value: SyntaxNode): boolean {
    let v = value;
    while (v.type === 'parenthesized_expression' && v.namedChildren[0]) v = v.namedChildren[0];
    if (v.type !== 'binary_expression' || v.childForFieldName('operator')?.type !== '*') return false;
    const l = v.childForFieldName('left')!;
    const r = v.childForFieldName('right')!;
    for (const [a, b] of [[l, r], [r, l]] as const) {
      const m = /^([A-Za-z_][\w<>:, ]*?)::size$/.exec(this.src(b).replace(/\s+/g, ''));
      const p = m && isGlobalIndex(this.src(a)) ? this.packType(m[1]!) : undefined;
      if (p) {
        this.pack = { ...p, loopVar: null, locals: new Map() };
        return true;
      }
    }
    return false;
  }

  /** A helper that moves one 16-byte pack through an `int4` (`load128cs(p)`, `store128(p, v)`), as the preprocessor model read it from the headers. */
  private packHelper(name: string, kind: 'load' | 'store'): void {
    if (!this.input.constant?.(packFactName(kind, name))) reject(`calls \`${name}\`, which is not a helper the port knows to ${kind} one 16-byte pack through an \`int4\` (${kind === 'load' ? '`return Pack<T>{*reinterpret_cast<const int4*>(p)};`' : '`*reinterpret_cast<int4*>(p) = v.get_bits();`'}, in the file's headers)`);
    if (/(?:cs|cg|ca|lu|wt|wb)$/.test(name)) this.notes.add(`\`${name}\` moves a pack with a cache hint: the port copies each tile once through UB, so the hint has no counterpart`);
  }

  /** `p + idx` (either order) with p a tensor of the pack's element type → p. */
  private packAddress(n: SyntaxNode, call: string): string {
    let a = n;
    while (a.type === 'parenthesized_expression' && a.namedChildren[0]) a = a.namedChildren[0];
    const l = a.type === 'binary_expression' && a.childForFieldName('operator')?.type === '+' ? [a.childForFieldName('left')!, a.childForFieldName('right')!] : [];
    const ptr = l.find((x) => x.type === 'identifier' && this.pointers.has(this.src(x)));
    const idx = l.find((x) => x !== ptr);
    if (!ptr || !idx || idx.type !== 'identifier' || this.src(idx) !== this.index) reject(`calls \`${call}\` on \`${this.src(n).trim().slice(0, 40)}\`: only \`p + ${this.index}\` is a pack access`);
    const name = this.src(ptr);
    if (this.pointers.get(name)!.t !== this.pack!.t) reject(`reads \`${name}\` (\`${this.pointers.get(name)!.t}\`) as packs of \`${this.pack!.t}\``);
    return name;
  }

  /** `x128 v;` or `x128 v = load128cs(p + idx);` in pack mode; false when the declaration is not of the pack type. */
  private packDeclaration(s: SyntaxNode): boolean {
    const type = s.childForFieldName('type');
    const p = this.pack!;
    if (!type || this.packType(this.src(type))?.type !== this.packType(p.type)?.type) return false;
    if (p.loopVar) reject(`declares the pack \`${this.src(s).trim().slice(0, 40)}\` inside the lane loop`);
    const ds = s.childrenForFieldName('declarator').filter((d): d is SyntaxNode => !!d);
    if (ds.length !== 1) reject(`declares ${ds.length} packs in one statement`);
    const d = ds[0]!;
    if (d.type === 'identifier') {
      p.locals.set(this.src(d), null);
      return true;
    }
    const name = d.childForFieldName('declarator');
    const value = d.childForFieldName('value');
    if (d.type !== 'init_declarator' || name?.type !== 'identifier' || value?.type !== 'call_expression') reject(`declares the pack \`${this.src(s).trim().slice(0, 50)}\`; only \`${p.type} v;\` and \`${p.type} v = load(p + ${this.index});\` are read`);
    const fnName = this.src(value.childForFieldName('function')!).trim();
    const args = (value.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
    this.packHelper(fnName, 'load');
    p.locals.set(this.src(name), this.load(this.packAddress(args[0]!, fnName)));
    return true;
  }

  /** `store128(p + idx, v)` in pack mode; false when the call is not a store of a pack local. */
  private packStore(call: SyntaxNode): boolean {
    const fnName = this.src(call.childForFieldName('function')!).trim();
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
    const p = this.pack!;
    if (args.length !== 2 || args[1]!.type !== 'identifier' || !p.locals.has(this.src(args[1]!))) return false;
    if (p.loopVar) reject(`stores the pack \`${this.src(args[1]!)}\` inside the lane loop`);
    this.packHelper(fnName, 'store');
    const param = this.packAddress(args[0]!, fnName);
    const value = p.locals.get(this.src(args[1]!));
    if (!value) reject(`stores the pack \`${this.src(args[1]!)}\` before its lanes are assigned`);
    const ptr = this.pointers.get(param)!;
    ptr.written = true;
    if (!this.stores.includes(param)) this.stores.push(param);
    this.current.set(param, this.convert(value, ptr.t));
    return true;
  }

  /** `v[k]` with v a pack local and k the lane variable → v; undefined when n is not a pack lane. */
  private packLane(n: SyntaxNode): string | undefined {
    if (n.type !== 'subscript_expression') return undefined;
    const arr = n.childForFieldName('argument')!;
    if (arr.type !== 'identifier' || !this.pack!.locals.has(this.src(arr))) return undefined;
    const idx = (n.childForFieldName('indices')?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c);
    if (!this.pack!.loopVar || idx.length !== 1 || this.src(idx[0]!).trim() !== this.pack!.loopVar) reject(`indexes the pack \`${this.src(n).trim()}\`; only \`${this.src(arr)}[k]\` inside a loop over all its lanes is read`);
    return this.src(arr);
  }

  /** `for (int k = 0; k < v.size; ++k) { … }` over every lane of a pack: the body once, for a lane. */
  private laneLoop(loop: SyntaxNode): void {
    const p = this.pack!;
    const init = loop.childForFieldName('initializer');
    const cond = loop.childForFieldName('condition');
    const update = loop.childForFieldName('update');
    const body = loop.childForFieldName('body');
    const d = init?.type === 'declaration' ? this.singleInit(init) : null;
    const k = d && this.src(d.value).trim() === '0' ? d.name : null;
    const limit = cond ? cond.type === 'binary_expression' && cond.childForFieldName('operator')?.type === '<' && this.src(cond.childForFieldName('left')!).trim() === k ? this.src(cond.childForFieldName('right')!).replace(/\s+/g, '') : null : null;
    const lanes = limit === null ? null : /^(\w+)\.size$/.exec(limit) && p.locals.has(/^(\w+)\.size$/.exec(limit)![1]!) ? p.lanes : /^(.+)::size$/.exec(limit) && this.packType(/^(.+)::size$/.exec(limit)![1]!)?.type === this.packType(p.type)?.type ? p.lanes : null;
    const up = update ? this.src(update).replace(/\s+/g, '') : '';
    if (!k || !lanes || !body || ![`++${k}`, `${k}++`, `${k}+=1`].includes(up)) reject(`has a loop \`${this.src(loop).slice(0, 60).replace(/\s+/g, ' ')}\` that is not \`for (int k = 0; k < v.size; ++k)\` over every lane of a pack`);
    p.loopVar = k;
    try {
      this.body([body]);
    } finally {
      p.loopVar = null;
    }
  }

  private subscriptParam(n: SyntaxNode): string {
    const arr = n.childForFieldName('argument')!;
    const idx = n.childForFieldName('indices')?.namedChildren ?? [];
    const name = this.src(arr).trim();
    if (this.helper) reject(`calls \`${this.helper}\`, which indexes memory; only helpers that compute from their arguments are inlined`);
    if (!this.pointers.has(name)) reject(`indexes \`${name}\`, which is not a float or half pointer parameter`);
    if (this.grid && idx.length === 1) {
      const g = this.grid;
      const stride = this.flatStride(idx[0]!);
      if (stride !== null) {
        this.checkStride(this.src(n).trim(), stride);
        return name;
      }
      if (g.flat.has(stripCasts(this.src(idx[0]!)))) return name;
      reject(`reads \`${this.src(n)}\`: only \`${name}[${g.row} * ${g.cols} + ${g.col}]\` is elementwise in a 2-D grid (other indices are gathers)`);
    }
    if (idx.length !== 1 || stripCasts(this.src(idx[0]!)) !== this.index) reject(`reads \`${this.src(n)}\`: only \`${name}[${this.index}]\` is elementwise (other indices are gathers)`);
    return name;
  }

  private load(param: string): Expr {
    const cur = this.current.get(param);
    if (cur) return this.promote(cur);
    const ptr = this.pointers.get(param)!;
    ptr.read = true;
    return this.promote({ k: 'load', param, t: ptr.t });
  }

  /**
   * C++'s integer promotion: an 8- or 16-bit element read in an expression is an int (int32);
   * a store of it into a tensor of its own type is unwrapped again (`convert`), so copies stay
   * copies. Unsigned 32-bit values stay as they are; arithmetic on them is refused in `plan`.
   */
  private promote(e: Expr): Expr {
    if (e.k === 'scalar' || !isStorageInt(e.t) || e.t === 'uint32') return e;
    return { k: 'cast', a: e, t: 'int32' };
  }

  private fromLocal(l: Expr | { scalarText: string; t: ScalarType }): Expr {
    return 'k' in l ? l : { k: 'scalar', text: l.scalarText, t: l.t };
  }

  private expr(n: SyntaxNode): Expr {
    switch (n.type) {
      case 'parenthesized_expression':
        return this.paren(this.expr(n.namedChildren[0]!));
      case 'number_literal': {
        const t = this.src(n).trim();
        if (/[fF]$/.test(t) && !/^0[xX]/.test(t)) return { k: 'scalar', text: t, t: 'float' };
        if (/[.eE]/.test(t) && !/^0[xX]/.test(t)) {
          this.notes.add(`the double literal \`${t}\` is computed in float: Ascend vector units have no double`);
          return { k: 'scalar', text: `${t}f`.replace(/ff$/, 'f'), t: 'float' };
        }
        return { k: 'scalar', text: t, t: 'int' };
      }
      case 'identifier': {
        const name = this.src(n);
        if (this.grid && (name === this.grid.row || name === this.grid.col)) reject(`uses the 2-D index \`${name}\` as a value: the flattened port has no per-element row or column (only the flat index \`${this.grid.row} * ${this.grid.cols} + ${this.grid.col}\` is an iota)`);
        if (this.grid && this.grid.flat.has(name) && name !== this.index) reject(`uses \`${name}\` as a value; only one flat index local is an iota`);
        if (this.pack && name === this.pack.loopVar) reject(`uses the lane variable \`${name}\` as a value; a pack's lanes must compute the same function of their own element`);
        if (this.pack && this.pack.locals.has(name)) reject(`uses the whole pack \`${name}\` where one lane (\`${name}[${this.pack.loopVar ?? 'k'}]\`) is expected`);
        if (this.pack && name === this.index) reject(`uses the pack index \`${name}\` as a value`);
        if (this.bc && (this.bc.colVars.has(name) || this.bc.rowVars.has(name))) reject(`uses the ${this.bc.colVars.has(name) ? 'column' : 'row'} index \`${name}\` as a value; a broadcast reads it only as the index of a per-${this.bc.colVars.has(name) ? 'column' : 'row'} tensor`);
        if (name === this.index && this.vec) reject(`uses the vector index \`${name}\` as a value; a de-vectorised port has no per-vector index`);
        if (name === this.index) {
          // The element's own index as a value: an iota (CreateVecIndex), in int32.
          this.notes.add(`the index \`${name}\` used as a value is an iota: CreateVecIndex from 0 plus the tile's first index (Adds), in int32, so element counts stay below 2^31`);
          return (this.iota ??= { k: 'iota', t: 'int32' });
        }
        const local = this.locals.get(name);
        if (local) return this.fromLocal(local);
        if (this.unset.has(name)) reject(`reads \`${name}\` before any value is assigned to it`);
        if (this.helper) {
          // Inside an inlined helper only its parameters and locals are in scope.
          reject(`calls \`${this.helper}\`, whose body uses \`${name}\`, which is not one of its parameters or locals`);
        }
        const bound = this.input.typeArgs?.[name];
        if (bound !== undefined && /^(?:-?\d+[uUlL]*|true|false)$/.test(bound)) {
          // A non-type template parameter, bound at the launch: a constant of this instantiation.
          return { k: 'scalar', text: bound.replace(/[uUlL]+$/, ''), t: 'int' };
        }
        if (bound !== undefined) reject(`uses the template constant \`${name}\`, bound to \`${bound}\`, which is not an integer literal`);
        const s = this.scalars.get(name);
        if (s) {
          s.usedInCompute = true;
          return { k: 'scalar', text: name, t: s.t };
        }
        if (this.pointers.has(name)) reject(`uses pointer \`${name}\` other than as \`${name}[${this.index}]\``);
        const c = this.input.constant?.(name);
        if (c) {
          this.notes.add(c.float ? `the constant \`${name}\` is folded to the float literal \`${c.text}\` (computed in double, rounded to float's 9 significant digits)` : `the constant \`${name}\` is folded to \`${c.text}\``);
          return { k: 'scalar', text: c.text, t: c.float ? 'float' : 'int' };
        }
        reject(`uses \`${name}\`, which is not a parameter or a local (a macro or global constant is not carried into the port)`);
      }
      case 'subscript_expression': {
        const lane = this.pack ? this.packLane(n) : undefined;
        if (lane !== undefined) {
          const v = this.pack!.locals.get(lane);
          if (!v) reject(`reads the lane \`${this.src(n).trim()}\` of the pack \`${lane}\` before the lane loop assigns it`);
          return this.promote(v);
        }
        if (this.vec) reject(`reads the whole \`${this.vec.type}\` \`${this.src(n).trim()}\` where one lane is expected (\`${this.src(n).trim()}.x\`)`);
        return this.broadcastRead(n) ?? this.load(this.subscriptParam(n));
      }
      case 'field_expression': {
        const v = this.vec;
        const field = this.src(n.childForFieldName('field')!).trim();
        const k = LANE_FIELDS[field];
        if (!v || k === undefined || k >= v.lanes) reject(`reads the member \`${this.src(n).trim()}\``);
        if (v.lane === null) {
          // `p[i].y` in a statement (`float s2 = p[i].y;`): a load of lane k, tagged; the `make_float2(…)`
          // that stores it checks that every lane computed the same function of its own lane.
          const base = this.vectorValue(n.childForFieldName('argument')!);
          if (base.k !== 'load') reject(`reads the lane \`${this.src(n).trim()}\` of a computed vector outside \`${v.make}(…)\``);
          return { ...base, param: `${base.param}${LANE_TAG}${k}` };
        }
        if (k !== v.lane) reject(`reads \`${this.src(n).trim()}\` (lane ${k}) for lane ${v.lane}: a lane that reads another lane is not elementwise`);
        return this.vectorValue(n.childForFieldName('argument')!);
      }
      case 'unary_expression': {
        const op = n.childForFieldName('operator')?.type;
        const a = this.expr(n.childForFieldName('argument')!);
        if (op === '+') return a;
        if (op !== '-') reject(`uses the operator \`${op}\``);
        if (a.k === 'scalar') return { k: 'scalar', text: `-${a.text}`, t: a.t };
        // -x on a bf16 flips its sign: exact, so the float negation rounds back to the same value.
        if (a.t === 'bf16') return this.convert({ k: 'un', op: 'neg', a: this.convert(a, 'float'), t: 'float' }, 'bf16');
        return { k: 'un', op: 'neg', a, t: a.t };
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.type ?? '';
        const cmp = CMP[op];
        if (cmp) {
          // A comparison used as a value (`return x > 0.0f;` in a float function): C++'s bool, 1 or 0.
          const l = this.expr(n.childForFieldName('left')!);
          const r = this.expr(n.childForFieldName('right')!);
          if (l.k === 'scalar' && r.k === 'scalar') return { k: 'scalar', text: `(${l.text} ${op} ${r.text})`, t: 'int' };
          this.notes.add(`a comparison used as a value (\`${squash(this.src(n)).slice(0, 40)}\`, 1 or 0) becomes Compare and Select of 1 and 0`);
          return this.selectOf(cmp, l, r, { k: 'scalar', text: '1', t: 'int' }, { k: 'scalar', text: '0', t: 'int' });
        }
        if (!['+', '-', '*', '/'].includes(op)) reject(`uses \`${op}\` per element`);
        return this.binary(op as '+', this.expr(n.childForFieldName('left')!), this.expr(n.childForFieldName('right')!));
      }
      case 'cast_expression': {
        const type = squash(this.src(n.childForFieldName('type')!)).replace(/\bconst/g, '');
        return this.cast(type, this.expr(n.childForFieldName('value')!));
      }
      case 'conditional_expression':
        return this.ternary(n);
      case 'call_expression':
        return this.call(n);
      default:
        reject(`uses \`${this.src(n).trim().slice(0, 40)}\` (${n.type.replace(/_/g, ' ')}), which the elementwise pattern does not handle`);
    }
  }

  private paren(e: Expr): Expr {
    return e.k === 'scalar' ? { k: 'scalar', text: `(${e.text})`, t: e.t } : e;
  }

  /** A template type parameter as the instantiation binds it. */
  private resolve(type: string): string {
    const t = this.input.typeArgs?.[type] ?? type;
    return this.input.resolveType ? this.input.resolveType(t) : t;
  }

  private cast(written: string, a: Expr): Expr {
    const type = this.resolve(written);
    if (a.k === 'scalar') {
      const ft = FLOAT_TYPES[type];
      if (ft === 'bf16') reject(`converts the scalar \`${a.text}\` to bfloat16; the port does not round scalars to bfloat16: pass it in as a parameter`);
      if (ft) return { k: 'scalar', text: `static_cast<${ft}>(${a.text})`, t: ft };
      if (INT_TYPES.has(type)) return { k: 'scalar', text: `static_cast<${type}>(${a.text})`, t: 'int' };
      reject(`casts to \`${type}\``);
    }
    const t = ELEMENT_TYPES[type];
    if (!t) reject(`casts a per-element value to \`${type}\`; elementwise ports compute in float, half or int32`, 'ASC402');
    if ((t === 'int32' && a.t === 'half') || (t === 'half' && a.t === 'int32')) this.notes.add('half ↔ int32 conversions use Cast: int32 to half through float (CAST_RINT twice, exact for |x| ≤ 65504, and independent of the DEQSCALE register a direct int32 → half Cast would use), half to int32 with CAST_TRUNC');
    return this.convert(a, t);
  }

  /**
   * A per-element value converted to `t`. bfloat16 converts only from and to float (the A2
   * Cast list, ascend-c.md §2.2): half ↔ bf16 goes through float (exact one way, one rounding
   * the other); int32 → bf16 would round twice where CUDA rounds once, so it is rejected.
   */
  private convert(e: Expr, t: DType): Expr {
    if (isStorageInt(t)) return this.toStorageInt(e, t);
    if (e.k === 'scalar' || e.t === t) return e;
    if (t === 'bf16' && e.t === 'int32') reject('converts an int32 value to bfloat16: through float it would round twice where CUDA rounds once', 'ASC406');
    if (t === 'bf16' && e.t !== 'float') return { k: 'cast', a: this.convert(e, 'float'), t };
    if (e.t === 'bf16' && t !== 'float') return { k: 'cast', a: { k: 'cast', a: e, t: 'float' }, t };
    return { k: 'cast', a: e, t };
  }

  /**
   * A value stored into (or converted to) a storage-only integer type: a scalar becomes that
   * type on the scalar unit (`static_cast`, C++'s conversion: the low bits), an element of a
   * tensor of the same type is copied; anything computed is refused, because CUDA keeps its low
   * bits and no documented Cast does (ir.ts `StorageInt`).
   */
  private toStorageInt(e: Expr, t: DType): Expr {
    const cpp = CPP_TYPE[t];
    if (e.k === 'scalar') return { k: 'scalar', text: `static_cast<${cpp}>(${e.text})`, t: 'int' };
    if (e.t === t) return e;
    if (e.k === 'cast' && e.t === 'int32' && e.a.k !== 'scalar' && e.a.t === t) return e.a;
    const bits = t === 'uint32' ? 32 : t === 'int16' || t === 'uint16' ? 16 : 8;
    reject(`stores a computed ${e.t === 'bf16' ? 'bfloat16' : e.t} value as \`${cpp}\`: CUDA keeps its low ${bits} bits (modulo 2^${bits}), and no Cast in the asc-devkit Cast table does that; the port copies, fills and reads ${cpp} tensors but stores no arithmetic into them`, 'ASC402');
  }

  private ternary(n: SyntaxNode): Expr {
    const cond = n.childForFieldName('condition')!;
    const cons = n.childForFieldName('consequence')!;
    const alt = n.childForFieldName('alternative')!;
    if (cond.type === 'binary_expression' || cond.type === 'parenthesized_expression') {
      const c = cond.type === 'parenthesized_expression' ? cond.namedChildren[0]! : cond;
      const op = c.childForFieldName('operator')?.type;
      const l = c.childForFieldName('left');
      const r = c.childForFieldName('right');
      if (l && r) {
        const same = (a: SyntaxNode, b: SyntaxNode) => squash(this.src(a)) === squash(this.src(b));
        // x > 0 ? x : 0, x >= 0 ? x : 0, 0 < x ? x : 0, x < 0 ? 0 : x, x <= 0 ? 0 : x
        let x: SyntaxNode | null = null;
        if ((op === '>' || op === '>=') && isZeroLiteral(this.src(r)) && same(l, cons) && isZeroLiteral(this.src(alt))) x = l;
        else if ((op === '<' || op === '<=') && isZeroLiteral(this.src(l)) && same(r, cons) && isZeroLiteral(this.src(alt))) x = r;
        else if ((op === '<' || op === '<=') && isZeroLiteral(this.src(r)) && same(l, alt) && isZeroLiteral(this.src(cons))) x = l;
        if (x) {
          const a = this.expr(x);
          if (a.k === 'scalar') reject('has a ReLU of a scalar');
          if (a.t === 'bf16') return this.convert({ k: 'un', op: 'relu', a: this.convert(a, 'float'), t: 'float' }, 'bf16');
          return { k: 'un', op: 'relu', a, t: a.t };
        }
      }
    }
    return this.select(n, cond, cons, alt);
  }

  /**
   * `if (a CMP b) { … } else { … }` per element: both sides run on every element (they only
   * assign outputs and locals, so they have no side effects), and each output or local they
   * change becomes Compare + Select of the two sides' values. A side that does not assign a
   * value leaves it as it was (for an output never written before: its current contents).
   */
  private branch(s: SyntaxNode): void {
    const condNode = s.childForFieldName('condition')?.namedChildren[0];
    const cons = s.childForFieldName('consequence');
    let alt = s.childForFieldName('alternative');
    if (alt?.type === 'else_clause') alt = alt.namedChildren.find((c) => !!c && c.type !== 'comment') ?? null;
    if (!condNode || !cons) reject('has an `if` the elementwise pattern does not read');
    const c = condNode.type === 'parenthesized_expression' ? condNode.namedChildren[0]! : condNode;
    const op = c.type === 'binary_expression' ? c.childForFieldName('operator')?.type : undefined;
    const mode = op && CMP[op];
    if (!mode) reject(`branches per element on \`${this.src(condNode).trim().slice(0, 40)}\`, which is not one comparison (Compare + Select takes one)`, 'ASC006');
    const a = this.expr(c.childForFieldName('left')!);
    const b = this.expr(c.childForFieldName('right')!);
    if (a.k === 'scalar' && b.k === 'scalar') reject(`branches on the scalar condition \`${this.src(condNode).trim().slice(0, 40)}\`: uniform branches are not generated yet`, 'ASC006');
    type State = { current: Map<string, Expr>; locals: Map<string, Expr | { scalarText: string; t: ScalarType }> };
    const save = (): State => ({ current: new Map(this.current), locals: new Map(this.locals) });
    const restore = (st: State) => {
      this.current.clear();
      for (const [k, v] of st.current) this.current.set(k, v);
      this.locals.clear();
      for (const [k, v] of st.locals) this.locals.set(k, v);
    };
    const base = save();
    this.statement(cons);
    const thenState = save();
    restore(base);
    if (alt) this.statement(alt);
    const elseState = save();
    restore(base);
    const merge = (x: Expr, y: Expr) => this.selectOf(mode, a, b, x, y);
    for (const p of new Set([...thenState.current.keys(), ...elseState.current.keys()])) {
      const tv = thenState.current.get(p) ?? base.current.get(p) ?? this.load(p);
      const ev = elseState.current.get(p) ?? base.current.get(p) ?? this.load(p);
      if (tv === ev) continue;
      const m = merge(tv, ev);
      const t = this.pointers.get(p)!.t;
      if (m.k === 'scalar' && t === 'bf16') reject(`stores a scalar into the bfloat16 tensor \`${p}\` in one branch; the port broadcasts only tensors into bf16`);
      this.current.set(p, this.convert(m, t));
    }
    for (const [name, prev] of base.locals) {
      const tv = thenState.locals.get(name)!;
      const ev = elseState.locals.get(name)!;
      if (tv === ev) continue;
      if (!('k' in tv) || !('k' in ev) || tv.k === 'scalar' || ev.k === 'scalar') {
        if ('k' in prev && prev.k !== 'scalar') this.locals.set(name, merge(this.fromLocal(tv), this.fromLocal(ev)));
        else reject(`assigns the scalar local \`${name}\` in a per-element branch`);
      } else this.locals.set(name, merge(tv, ev));
    }
    this.notes.add('a per-element `if`/`else` computes both sides for every element (they only assign values) and keeps one per element with Compare + Select');
  }

  /** `a CMP b ? then : otherwise` per element, from values already read. */
  private selectOf(mode: 'LT' | 'GT' | 'EQ' | 'LE' | 'GE' | 'NE', a: Expr, b: Expr, then: Expr, otherwise: Expr): Expr {
    return this.selectExpr(mode, a, b, then, otherwise);
  }

  /** `a < b ? x : y` per element → Compare (bitmask) + Select, in float or half. */
  private select(n: SyntaxNode, condNode: SyntaxNode, cons: SyntaxNode, alt: SyntaxNode): Expr {
    const c = condNode.type === 'parenthesized_expression' ? condNode.namedChildren[0]! : condNode;
    const op = c.type === 'binary_expression' ? c.childForFieldName('operator')?.type : undefined;
    const mode = op && CMP[op];
    if (!mode) reject(`has a per-element ternary \`${this.src(n).trim().slice(0, 40)}\` whose condition is not one comparison`, 'ASC006');
    const a = this.expr(c.childForFieldName('left')!);
    const b = this.expr(c.childForFieldName('right')!);
    const then = this.expr(cons);
    const otherwise = this.expr(alt);
    return this.selectExpr(mode, a, b, then, otherwise);
  }

  /** `note`: false for a select the port makes itself (tanh's sign), which is not a ternary of the kernel. */
  private selectExpr(mode: 'LT' | 'GT' | 'EQ' | 'LE' | 'GE' | 'NE', a: Expr, b: Expr, then: Expr, otherwise: Expr, note = true): Expr {
    if (a.k === 'scalar' && b.k === 'scalar') reject('has a ternary on a scalar condition; compute it on the host');
    const typeOf = (...es: Expr[]): DType => {
      // bfloat16 is compared and selected in float (exact both ways).
      const ts = es.filter((e) => e.k !== 'scalar').map((e) => (e.t === 'bf16' ? 'float' : (e.t as DType)));
      if (ts.includes('int32')) reject('has a per-element ternary on int32 values: Compare and Select take half and float');
      const scalarFloat = es.some((e) => e.k === 'scalar' && (e.t === 'float' || e.t === 'double' || e.t === 'bf16'));
      return ts.includes('float') || (scalarFloat && ts.length > 0) ? 'float' : ts.length ? 'half' : 'float';
    };
    const cmpT = typeOf(a, b);
    const t = then.k === 'scalar' && otherwise.k === 'scalar' ? (cmpT === 'half' && then.t !== 'float' && otherwise.t !== 'float' ? 'half' : 'float') : typeOf(then, otherwise);
    const conv = (e: Expr, to: DType): Expr => this.convert(e, to);
    if (note) this.notes.add('a per-element ternary becomes Compare (into a bitmask, over whole 256-byte repeats) and Select');
    const sel: Expr = { k: 'select', cmp: mode, a: conv(a, cmpT), b: conv(b, cmpT), then: conv(then, t), otherwise: conv(otherwise, t), t };
    // Both branches bf16: CUDA's result is a bf16 (the selected value, exact), and later operations round as bf16.
    return then.t === 'bf16' && otherwise.t === 'bf16' ? this.convert(sel, 'bf16') : sel;
  }

  private call(n: SyntaxNode): Expr {
    const fnNode = n.childForFieldName('function')!;
    const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
    if (fnNode.type === 'template_function') {
      const name = this.src(fnNode.childForFieldName('name')!);
      if (!CONVERSION_TEMPLATES.has(name) || args.length !== 1) reject(`calls the function template \`${this.src(fnNode)}\`: only conversions (\`static_cast\`, ggml's \`ggml_cuda_cast\`) are read; template helpers are not inlined yet`);
      const type = squash(this.src(fnNode.childForFieldName('arguments')!)).replace(/^<|>$/g, '').replace(/\bconst/g, '');
      if (name !== 'static_cast') {
        // ggml's conversion helper: one element type (its pair types, float2/half2, are not elements).
        const r = this.resolve(type);
        if (!ELEMENT_TYPES[r] && !INT_TYPES.has(r)) reject(`calls \`${this.src(fnNode)}\`, a conversion to \`${r}\`, which is not an element type of the port`);
        this.notes.add(`\`${name}<T>(x)\` (ggml-cuda/convert.cuh), ggml's conversion helper, is read as a cast to T (to half or bfloat16 rounded to nearest even, as CUDA converts)`);
      }
      return this.cast(type, this.expr(args[0]!));
    }
    if (fnNode.type === 'parenthesized_expression' && args.length === 1) {
      // `(half)(x)` parses as a call of `(half)`: it is a C-style cast when the name is a type.
      const type = squash(this.src(fnNode)).slice(1, -1).replace(/\bconst/g, '');
      const r = this.resolve(type);
      if (ELEMENT_TYPES[r] || INT_TYPES.has(r)) return this.cast(type, this.expr(args[0]!));
      reject(`calls \`${this.src(fnNode)}\`: a cast to \`${r}\` or a call through a parenthesised expression, which the port does not handle`);
    }
    let name = this.src(fnNode).replace(/^(?:::|std::)/, '').trim();
    const boundFn = fnNode.type === 'identifier' ? this.input.typeArgs?.[name] : undefined;
    if (boundFn !== undefined && /^[A-Za-z_]\w*$/.test(boundFn) && !ELEMENT_TYPES[this.resolve(boundFn)] && !INT_TYPES.has(this.resolve(boundFn))) {
      // A function-pointer template parameter (`template <float (*op)(float)>`): this instantiation binds it to a function, called here.
      this.notes.add(`the template parameter \`${name}\` is the function \`${boundFn}\` in this instantiation`);
      name = boundFn;
    }
    if (fnNode.type === 'primitive_type' || FLOAT_TYPES[name]) {
      if (args.length !== 1) reject(`constructs \`${name}\` from ${args.length} arguments`);
      return this.cast(name, this.expr(args[0]!));
    }
    if (CASTS[name]) {
      if (args.length !== 1) reject(`calls \`${name}\` with ${args.length} arguments`);
      const a = this.expr(args[0]!);
      if (a.k !== 'scalar') this.notes.add(/^__float2(?:half|bfloat16)/.test(name) ? `\`${name}\` → Cast with RoundMode::CAST_RINT (round half to even, as CUDA's round-to-nearest)` : `\`${name}\` → Cast with RoundMode::CAST_NONE (exact)`);
      return this.cast(CASTS[name]!, a);
    }
    if (LOAD_HINTS.has(name)) {
      if (args.length !== 1) reject(`calls \`${name}\` with ${args.length} arguments`);
      this.notes.add(`\`${name}\` (a cache-hinted load) is a plain load: the port reads each element once through UB, so the hint has no counterpart`);
      return this.load(this.subscriptParam(this.addressed(args[0]!, name)));
    }
    if (name === 'powf' || name === 'pow' || name === '__powf') {
      if (args.length !== 2) reject(`calls \`${name}\` with ${args.length} arguments`);
      const x = this.expr(args[0]!);
      const e = squash(this.src(args[1]!)).replace(/^\((.*)\)$/, '$1').replace(/[fF]$/, '');
      if (x.k === 'scalar') reject(`calls \`${name}\` on a scalar; compute it on the host and pass it in`);
      const v = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(e) ? Number(e) : NaN;
      // int32 and bfloat16 compute in float (powf of a bf16 value is a float function in CUDA too).
      const base = (x.t === 'int32' || x.t === 'bf16' ? this.convert(x, 'float') : x) as Exclude<Expr, { k: 'scalar' }>;
      if (v === 1) return base;
      if (v === 2) {
        this.notes.add(`\`${name}(x, 2)\` → x * x (one rounding, as the correctly rounded power)`);
        return this.binary('*', base, base);
      }
      if (v === 0.5) {
        this.notes.add(`\`${name}(x, 0.5)\` → Sqrt: equal for every x except −0 (pow gives +0, Sqrt −0) and −∞ (pow gives +∞, Sqrt NaN)`);
        return { k: 'un', op: 'sqrt', a: base, t: base.t };
      }
      if (v === -1) {
        this.notes.add(`\`${name}(x, -1)\` → 1 / x (Div, correctly rounded)`);
        return this.binary('/', { k: 'scalar', text: '1.0f', t: 'float' }, base);
      }
      // Any other exponent: the high-level Power (asc-devkit include/adv_api/math/power.h), in float as powf computes.
      const y = this.expr(args[1]!);
      const fx = this.convert(x, 'float');
      const fy = y.k === 'scalar' ? (y.t === 'float' ? y : { k: 'scalar' as const, text: `static_cast<float>(${y.text})`, t: 'float' as const }) : this.convert(y, 'float');
      this.notes.add(`\`${name}(x, y)\` → the high-level Power (float), whose temporary space comes from the UB the toolchain reserves: its series may differ from CUDA's powf in the last bits (the verify tolerance allows 2 rounded operations); the reference does not say what Power gives for a negative base (powf gives NaN unless y is an integer, and the CPU model follows powf)${name === '__powf' ? '; CUDA\'s __powf is a fast approximation, Power is not' : ''}`);
      return { k: 'bin', op: 'pow', a: fx, b: fy, t: 'float' };
    }
    const rnd = ROUND[name];
    if (rnd) {
      if (args.length !== 1) reject(`calls \`${name}\` with ${args.length} arguments`);
      const a = this.expr(args[0]!);
      if (a.k === 'scalar') reject(`calls \`${name}\` on a scalar; compute it on the host and pass it in`);
      const x = this.convert(a, 'float');
      this.notes.add(`\`${name}\` → Cast to int32 with RoundMode::${ROUND_MODE_TEXT[rnd]} and back to float, selected where |x| < 2^23 (Abs, Compare, Select): every float of larger magnitude is already an integer, and ±∞ and NaN pass through unchanged; a result of zero from a negative x is +0 where CUDA gives −0`);
      const r: Expr = { k: 'un', op: rnd, a: x, t: 'float' };
      return this.selectOf('LT', { k: 'un', op: 'abs', a: x, t: 'float' }, { k: 'scalar', text: '8388608.0f', t: 'float' }, r, x);
    }
    const hcmp = HALF_CMP[name];
    if (hcmp) {
      if (args.length !== 2) reject(`calls \`${name}\` with ${args.length} arguments`);
      const a = this.convert(this.expr(args[0]!), 'half');
      const b = this.convert(this.expr(args[1]!), 'half');
      if (name === '__hne') this.notes.add('`__hne` → Compare NE: CUDA\'s __hne is false when an operand is NaN; the reference does not say what Compare NE gives for NaN');
      return this.selectOf(hcmp, a, b, { k: 'scalar', text: '1', t: 'int' }, { k: 'scalar', text: '0', t: 'int' });
    }
    if (name === '__hfma') {
      if (args.length !== 3) reject(`calls \`${name}\` with ${args.length} arguments`);
      const [a, b, c] = args.map((x) => this.convert(this.convert(this.expr(x), 'half'), 'float'));
      if (a!.k === 'scalar' && b!.k === 'scalar' && c!.k === 'scalar') reject(`calls \`${name}\` on scalars; compute it on the host and pass it in`);
      this.notes.add('`__hfma(a, b, c)` → Cast to float, Mul (exact: a half product fits a float), Add, Cast back to half with CAST_RINT: CUDA rounds a·b + c once, the port rounds twice (in float, then to half), so a result can differ by one half ulp');
      return this.convert(this.binary('+', this.binary('*', a!, b!), c!), 'half');
    }
    if (name === 'fmaf' || name === 'fma' || name === '__fmaf_rn') {
      // Measured with verify on llm.c's adamw (lerp = fma(w, end, fma(-w, start, start))): a multiply then an add
      // differs from CUDA's single rounding by far more than an ulp where the terms cancel, and near overflow.
      reject(`calls \`${name}\`, which rounds a·b + c once: a multiply then an add rounds twice and differs where the terms cancel (the reference lists FusedMulAdd by name only, without its signature or rounding)`);
    }
    if (name === 'coshf' || name === 'cosh') {
      // cosh(x) = (e^x + 1/e^x) / 2: both terms positive, so no cancellation; one Exp and one Div.
      if (args.length !== 1) reject(`calls \`${name}\` with ${args.length} arguments`);
      let a = this.expr(args[0]!);
      if (a.k === 'scalar') reject(`calls \`${name}\` on a scalar; compute it on the host and pass it in`);
      if (a.t === 'bf16' || a.t === 'int32') a = { k: 'cast', a, t: 'float' };
      this.notes.add(`${name}(x) is computed as (e^x + 1 / e^x) / 2 from Exp, Div, Add and Muls (the basic API has no Cosh): a few ulp from CUDA's; e^x overflows float above |x| ≈ 88.7, where CUDA's coshf stays finite up to |x| ≈ 89.4`);
      const ex: Expr = { k: 'un', op: 'exp', a, t: a.t };
      return this.binary('*', { k: 'scalar', text: '0.5f', t: 'float' }, this.binary('+', ex, this.binary('/', { k: 'scalar', text: '1.0f', t: 'float' }, ex)));
    }
    if (name === 'expm1f' || name === 'expm1' || name === 'log1pf' || name === 'log1p') {
      // No Expm1/Log1p in the reference: Exp then Adds −1, Adds 1 then Ln, whose absolute error stays near float's ulp(1) but whose relative error grows near 0.
      if (args.length !== 1) reject(`calls \`${name}\` with ${args.length} arguments`);
      const a = this.expr(args[0]!);
      if (a.k === 'scalar') reject(`calls \`${name}\` on a scalar; compute it on the host and pass it in`);
      const x = this.convert(a, 'float') as Exclude<Expr, { k: 'scalar' }>;
      const one: Expr = { k: 'scalar', text: '1.0f', t: 'float' };
      if (name.startsWith('expm1')) {
        this.notes.add(`\`${name}(x)\` is computed as Exp(x) − 1 (Exp, Adds; the reference has no Expm1): its absolute error stays within a few 1e-8 for |x| < 1, which the verify tolerance's 1e-6 absolute part accepts, but near 0 the relative error grows as about 6e-8 / |x| (1e-3 at |x| = 6e-5; the result is 0 below |x| ≈ 3e-8, where CUDA's expm1f returns x)`);
        return this.binary('-', { k: 'un', op: 'exp', a: x, t: 'float' }, one);
      }
      this.notes.add(`\`${name}(x)\` is computed as Ln(1 + x) (Adds, Ln; the reference has no Log1p): 1 + x rounds first, so its absolute error stays within a few 1e-8 near 0, which the verify tolerance's 1e-6 absolute part accepts, but the relative error grows as about 6e-8 / |x| (the result is 0 below |x| ≈ 6e-8, where CUDA's log1pf returns x)`);
      return { k: 'un', op: 'ln', a: this.binary('+', x, one), t: 'float' };
    }
    if (TRIG.has(name)) reject(`calls \`${name}\`: the basic vector API has no trigonometric instruction, and the reference names the high-level trigonometric and hyperbolic functions only as members of the maths family (ascend-c.md §2.4, "Acos…Tanh"), without signatures, so the port does not call it`);
    const u = UNARY[name];
    if (u) {
      if (args.length !== 1) reject(`calls \`${name}\` with ${args.length} arguments`);
      let a = this.expr(args[0]!);
      if (a.k === 'scalar') reject(`calls \`${name}\` on a scalar; compute it on the host and pass it in`);
      // The float functions take a bf16 argument through its conversion to float (exact).
      if (a.t === 'bf16') a = { k: 'cast', a, t: 'float' };
      if (a.t === 'int32') {
        // abs(int) stays an int, which Abs does not take; the float functions convert their int argument.
        if (name === 'abs') reject('takes `abs` of an int32 value: Abs takes half and float only');
        a = { k: 'cast', a, t: 'float' };
      }
      if (HALF_FNS.has(name)) a = this.convert(a, 'half') as Exclude<Expr, { k: 'scalar' }>;
      if (u === 'recip') this.notes.add(`\`${name}\` → Reciprocal: the reference does not say whether it is correctly rounded, as CUDA's ${name === 'hrcp' ? 'hrcp' : '__frcp_rn'} is (the verify tolerance allows one rounded operation)`);
      if (u === 'sin' || u === 'cos') this.notes.add(`\`${name}\` → the high-level ${u === 'sin' ? 'Sin' : 'Cos'} (asc-devkit include/adv_api/math/${u}.h): reduction by the nearest multiple of π (π in several parts), then a degree-9 odd polynomial, documented for inputs in [−65504, 65504] (CUDA's ${name} takes any float; larger inputs are outside what the port reproduces)`);
      if (u === 'erf') this.notes.add(`\`${name}\` → the high-level Erf (asc-devkit include/adv_api/math/erf.h): a rational approximation with x clipped to ±3.92, within a few ulp of CUDA's erff (the verify tolerance allows 2 rounded operations)`);
      if (u === 'tanh') {
        this.notes.add('tanh(x) is computed as sign(x) · (1 − 2 / (exp(2|x|) + 1)) from Abs, Exp, Adds, Div and a Compare + Select on the sign (the basic API has no Tanh; the high-level Tanh needs a tiling): near ±1 its error is the last bit of the result, as tanhf\'s, but near 0 the relative error grows (about 1e-3 at |x| = 1e-4, over 5% below |x| = 1e-6)');
        // On |x|, so that 2 / (exp(2|x|) + 1) is small where tanh nears ±1 (1 − 2 / (exp(2x) + 1) loses two bits near −1).
        const mag: Expr = { k: 'un', op: 'abs', a, t: a.t };
        const e2x: Expr = { k: 'un', op: 'exp', a: this.binary('*', mag, { k: 'scalar', text: '2', t: 'int' }), t: a.t };
        const frac = this.binary('/', { k: 'scalar', text: '2', t: 'int' }, this.binary('+', e2x, { k: 'scalar', text: '1', t: 'int' }));
        const t = this.binary('-', { k: 'scalar', text: '1', t: 'int' }, frac) as Exclude<Expr, { k: 'scalar' }>;
        return this.selectExpr('LT', a, { k: 'scalar', text: '0', t: 'int' }, { k: 'un', op: 'neg', a: t, t: t.t }, t, false);
      }
      if (u === 'rsqrt') this.notes.add(name === 'rsqrtf' || name === 'rsqrt' ? 'rsqrtf → Rsqrt; its rounding may differ from CUDA\'s approximate rsqrtf in the last bits' : `${name} → Rsqrt; its rounding may differ from CUDA's correctly rounded ${name} in the last bits`);
      return { k: 'un', op: u, a, t: a.t };
    }
    const b = BINARY[name];
    if (b) {
      if (args.length !== 2) reject(`calls \`${name}\` with ${args.length} arguments`);
      const half = HALF_FNS.has(name);
      const x = half ? this.convert(this.expr(args[0]!), 'half') : this.expr(args[0]!);
      const y = half ? this.convert(this.expr(args[1]!), 'half') : this.expr(args[1]!);
      // fmaxf(x, 0) is ReLU.
      if (b === 'max' && x.k !== 'scalar' && y.k === 'scalar' && isZeroLiteral(y.text)) return { k: 'un', op: 'relu', a: this.convert(x, x.t === 'bf16' ? 'float' : x.t), t: x.t === 'bf16' ? 'float' : x.t };
      if (b === 'max' && y.k !== 'scalar' && x.k === 'scalar' && isZeroLiteral(x.text)) return { k: 'un', op: 'relu', a: this.convert(y, y.t === 'bf16' ? 'float' : y.t), t: y.t === 'bf16' ? 'float' : y.t };
      if (name.startsWith('__fdividef')) this.notes.add('__fdividef → Div (exact division, not CUDA\'s fast approximation)');
      return this.binary(b, x, y, !SAME_TYPE_BINARY.has(name));
    }
    const helper = this.input.deviceHelper?.(name);
    if (typeof helper === 'string') reject(`calls \`${name}\`, ${helper}`);
    if (helper) return this.inline(helper, args);
    reject(`calls \`${name}\`, which is neither a function the port maps to vector instructions nor a \`__device__\` function defined in this file or in a workspace header it includes`);
  }

  /**
   * A `__device__` helper's body inlined at the call: its parameters bound to the argument
   * values (converted to the parameter types), local declarations, then one `return expr;`
   * converted to the return type. Its own scope: the kernel's names are not visible.
   */
  private inline(h: DeviceHelper, argNodes: SyntaxNode[]): Expr {
    if (argNodes.length !== h.params.length) reject(`calls \`${h.name}\` with ${argNodes.length} arguments for ${h.params.length} parameters`);
    const args = argNodes.map((a) => this.expr(a));
    const stmts = helperStatements(h);
    const last = stmts[stmts.length - 1];
    if (!last || last.type !== 'return_statement' || !last.namedChildren[0]) reject(`calls \`${h.name}\`, whose body does not end in \`return expr;\` (only expression helpers are inlined)`);
    return this.inHelperScope(
      h,
      () =>
        h.params.forEach((p, k) => {
          if (p.pointerDepth > 0 || p.isReference) reject(`calls \`${h.name}\`, whose parameter \`${p.name}\` is a pointer or reference (only value parameters are inlined)`);
          this.locals.set(p.name, this.convertDeclared(args[k]!, p.baseType, `${h.name}'s parameter \`${p.name}\``));
        }),
      () => {
        this.helperBody(h, stmts.slice(0, -1));
        const value = this.expr(last.namedChildren[0]!);
        const result = this.convertDeclared(value, h.returnType, `the return value of \`${h.name}\``);
        this.notes.add(`the __device__ function \`${h.name}\` is inlined`);
        return this.fromLocal(result);
      },
    );
  }

  /**
   * Runs `body` in an inlined helper's own scope: the caller's locals hidden, the helper's
   * parameters bound by `bind`, no kernel index, stride or parameters, the helper's own source
   * text; the caller's scope comes back afterwards, whatever happens. Nested up to MAX_INLINE_DEPTH.
   */
  private inHelperScope<T>(h: DeviceHelper, bind: () => void, body: () => T): T {
    if (this.inlineDepth >= MAX_INLINE_DEPTH) reject(`calls \`${h.name}\` through more than ${MAX_INLINE_DEPTH} nested helpers`);
    const saved = { locals: new Map(this.locals), unset: new Map(this.unset), index: this.index, stride: this.stride, helper: this.helper, input: this.input };
    this.inlineDepth++;
    try {
      this.locals.clear();
      this.unset.clear();
      bind();
      this.index = '\u0000';
      this.stride = '\u0000';
      this.helper = h.name;
      this.input = { ...this.input, text: h.text };
      return body();
    } finally {
      this.inlineDepth--;
      this.locals.clear();
      for (const [k, v] of saved.locals) this.locals.set(k, v);
      this.unset.clear();
      for (const [k, v] of saved.unset) this.unset.set(k, v);
      this.index = saved.index;
      this.stride = saved.stride;
      this.helper = saved.helper;
      this.input = saved.input;
    }
  }

  /** A helper's statements before its `return`: declarations, assignments, blocks and `if`s that assign (no loops, no early returns). */
  private helperBody(h: DeviceHelper, stmts: readonly SyntaxNode[]): void {
    for (const st of stmts) {
      if (!['declaration', 'expression_statement', 'if_statement', 'compound_statement'].includes(st.type)) reject(`calls \`${h.name}\`, whose body has a \`${st.type.replace(/_/g, ' ')}\` (only declarations, assignments, ifs and one return are inlined)`);
      if (st.descendantsOfType('return_statement').length) reject(`calls \`${h.name}\`, whose body returns from inside an \`if\` (only one \`return expr;\` at the end is inlined; assign a local in the branches instead)`);
      this.statement(st);
    }
  }

  /**
   * A call of a `void` `__device__` helper as a statement, its results through reference
   * parameters (`body(callResult, putResult, s, x)` with `float &CallResult`): inlined like an
   * expression helper (its own scope), with each reference parameter bound to the caller's local
   * (its value, or unset), and the parameter's final value written back to that local. False when
   * the call is not of such a helper.
   */
  private voidHelperCall(call: SyntaxNode): boolean {
    const name = this.src(call.childForFieldName('function')!).trim();
    if (!/^[A-Za-z_]\w*$/.test(name)) return false;
    const h = this.input.deviceHelper?.(name);
    if (!h || typeof h === 'string') return false;
    if (this.resolve(h.returnType.replace(/\b(?:static|inline|__forceinline__|__inline__|__device__|__host__)\b/g, '').replace(/\s+/g, ' ').trim()) !== 'void') return false;
    const argNodes = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
    if (argNodes.length !== h.params.length) reject(`calls \`${h.name}\` with ${argNodes.length} arguments for ${h.params.length} parameters`);
    type Slot = Expr | { scalarText: string; t: ScalarType };
    const bound: { param: string; local: string; value?: Slot; type?: string }[] = [];
    const values: (Slot | undefined)[] = [];
    h.params.forEach((p, k) => {
      const a = argNodes[k]!;
      if (p.pointerDepth > 0) reject(`calls \`${h.name}\`, whose parameter \`${p.name}\` is a pointer (only values and references to locals are inlined)`);
      if (p.isReference) {
        const local = a.type === 'identifier' ? this.src(a) : '';
        if (!local || (!this.locals.has(local) && !this.unset.has(local))) reject(`calls \`${h.name}\` with \`${this.src(a).trim().slice(0, 30)}\` for its reference parameter \`${p.name}\`: only a local variable is bound by reference`);
        bound.push({ param: p.name, local, value: this.locals.get(local), type: this.unset.get(local) });
        values.push(undefined);
        return;
      }
      values.push(this.convertDeclared(this.expr(a), p.baseType, `${h.name}'s parameter \`${p.name}\``));
    });
    if (new Set(bound.map((b) => b.local)).size !== bound.length) reject(`calls \`${h.name}\` with the same local for two reference parameters`);
    let stmts = helperStatements(h);
    const last = stmts[stmts.length - 1];
    if (last?.type === 'return_statement' && !last.namedChildren.length) stmts = stmts.slice(0, -1);
    const results = this.inHelperScope(
      h,
      () =>
        h.params.forEach((p, k) => {
          const b = bound.find((x) => x.param === p.name);
          if (!b) this.locals.set(p.name, values[k]!);
          else if (b.value) this.locals.set(p.name, b.value);
          else this.unset.set(p.name, p.baseType);
        }),
      () => {
        this.helperBody(h, stmts);
        const out = new Map<string, Slot>();
        for (const b of bound) {
          const v = this.locals.get(b.param);
          if (!v) reject(`calls \`${h.name}\`, which leaves its reference parameter \`${b.param}\` unassigned`);
          out.set(b.local, v);
        }
        this.notes.add(`the __device__ function \`${h.name}\` is inlined (its reference parameters write the caller's locals)`);
        return out;
      },
    );
    // Written back in the caller's types (a local declared without a value takes the helper's value in its declared type).
    for (const b of bound) {
      const v = results.get(b.local)!;
      const t = b.value?.t;
      const declared = b.type ?? (t === undefined || t === 'int' || t === 'double' ? (t ?? 'float') : CPP_TYPE[t as DType]);
      this.unset.delete(b.local);
      const result = 'k' in v ? v : ({ k: 'scalar', text: v.scalarText, t: v.t } as Expr);
      this.locals.set(b.local, this.convertDeclared(result, declared, `the local \`${b.local}\``));
    }
    return true;
  }

  /** A value converted to a declared C++ type, as a parameter or return value: per-element values cast, scalars keep their text. */
  private convertDeclared(v: Expr, written: string, what: string): Expr | { scalarText: string; t: ScalarType } {
    const type = this.resolve(written.replace(/\b(?:const|volatile|static|inline|__forceinline__|__inline__|__device__|__host__)\b/g, '').replace(/\s+/g, ' ').trim());
    if (v.k !== 'scalar') {
      const t = ELEMENT_TYPES[type];
      if (!t) reject(`passes a per-element value as ${what}, of type \`${type}\`; elementwise ports compute in float, half, bfloat16 or int32`);
      return this.convert(v, t);
    }
    const ft = FLOAT_TYPES[type];
    const t: ScalarType | undefined = ft ?? (INT_TYPES.has(type) ? 'int' : type === 'double' ? 'double' : undefined);
    if (!t) reject(`passes a scalar as ${what}, of type \`${type}\``);
    return { scalarText: t === v.t ? `(${v.text})` : `static_cast<${ft ?? type}>(${v.text})`, t };
  }

  /** C++ arithmetic: scalar∘scalar stays scalar; mixed float/half tensors compute in float. */
  private binary(op: '+' | '-' | '*' | '/' | 'max' | 'min' | 'pow', a: Expr, b: Expr, floatFn = false): Expr {
    if (a.t === 'bf16' || b.t === 'bf16') return this.binaryBf16(op, a, b, floatFn);
    if (a.k === 'scalar' && b.k === 'scalar') {
      if (op === 'max' || op === 'min') reject(`takes the ${op} of two scalars; compute it on the host`);
      const t: ScalarType = a.t === 'double' || b.t === 'double' ? 'double' : a.t === 'float' || b.t === 'float' ? 'float' : a.t === 'half' || b.t === 'half' ? 'half' : 'int';
      return { k: 'scalar', text: `${a.text} ${op} ${b.text}`, t };
    }
    let t: DType;
    if (a.k !== 'scalar' && b.k !== 'scalar') {
      if ((a.t === 'half' && b.t === 'int32') || (a.t === 'int32' && b.t === 'half')) reject('mixes half and int32 values in one operation');
      t = a.t === 'float' || b.t === 'float' ? 'float' : a.t;
    } else {
      const tensor = (a.k === 'scalar' ? b : a) as Exclude<Expr, { k: 'scalar' }>;
      const scalar = (a.k === 'scalar' ? a : b) as Extract<Expr, { k: 'scalar' }>;
      const floating = scalar.t === 'float' || scalar.t === 'double' || (tensor.t === 'int32' && scalar.t === 'half');
      t = tensor.t !== 'float' && floating ? 'float' : tensor.t;
    }
    if (t === 'int32' && op === '/') reject('divides int32 values: integer division has no vector counterpart (Div takes half and float)');
    const conv = (e: Expr): Expr => (e.k === 'scalar' || e.t === t ? e : { k: 'cast', a: e, t });
    return { k: 'bin', op, a: conv(a), b: conv(b), t };
  }

  /**
   * An operation with a bfloat16 operand. CUDA's `__nv_bfloat16` operators (and `__hadd` …)
   * compute in float and round the result to bf16, once per operation, so `a + b + c` rounds
   * twice; a float function (`fmaxf`, `__fdividef`) or a float operand gives a float result.
   * The port computes in float and Casts back to bf16 with CAST_RINT exactly where CUDA rounds.
   * Rounding float's correctly rounded result to bf16 equals the correctly rounded bf16 result
   * for + − × ÷ (float's 24 bits ≥ 2·8 + 2).
   */
  private binaryBf16(op: '+' | '-' | '*' | '/' | 'max' | 'min' | 'pow', a: Expr, b: Expr, floatFn: boolean): Expr {
    if (a.k === 'scalar' && b.k === 'scalar') reject('computes with two bfloat16 scalars; compute it on the host and pass it in');
    const other = a.t === 'bf16' ? b : a;
    if (other.t === 'int32' || other.t === 'int' || other.t === 'half') reject(`mixes bfloat16 and ${other.t === 'int' ? 'an integer' : other.t} in one operation; convert one side explicitly`, 'ASC406');
    const f = (e: Expr): Expr => (e.k === 'scalar' ? e : this.convert(e, 'float'));
    const r: Expr = { k: 'bin', op, a: f(a), b: f(b), t: 'float' };
    if (floatFn || a.t !== 'bf16' || b.t !== 'bf16') return r;
    this.notes.add('bfloat16 arithmetic rounds to bf16 after every operation, as CUDA\'s __nv_bfloat16 operators do: each is computed in float and Cast back with CAST_RINT (then to float again for the next operation)');
    return this.convert(r, 'bf16');
  }
}
