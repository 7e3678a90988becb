/**
 * The intermediate form between a recognised CUDA kernel and emitted Ascend C: what a
 * pattern recogniser produces and an emitter consumes. Plain data.
 */

/**
 * Element types of the ports (ascend-c.md §2.1: Add/Sub/Mul/Max/Min/Relu take half, float and int32).
 * `bf16` is a storage type only: GM tensors and queues hold `bfloat16_t`, every computation on
 * it is in float between a Cast from bf16 (exact) and a Cast back with CAST_RINT (ascend-c.md
 * §2.2: the A2 conversion list has f32→bf16 and bf16→f32; the vector arithmetic lists no bf16).
 */
export type DType = 'float' | 'half' | 'int32' | 'bf16' | StorageInt;

/**
 * Integer element types that are storage only (CUDA's `char`/`signed char`/`int8_t`,
 * `unsigned char`/`uint8_t`/`bool`, `short`/`int16_t`, `unsigned short`/`uint16_t`,
 * `unsigned int`/`uint32_t`). A port copies them, fills them with a scalar (converted on the
 * scalar unit, as C++ converts), and reads them into int32 (C++'s integer promotion) through a
 * documented exact Cast: int8/uint8 → half (CAST_NONE, every value exact) → int32, and int16 →
 * float → int32 on Atlas A2. It never stores a computed value into one: CUDA keeps the low bits
 * (modulo 2^8, 2^16, 2^32), and the Cast table of the asc-devkit docs lists no wrapping
 * narrowing Cast (int32 → int8 is not in it; the vector arithmetic takes half, float, int32
 * and int16 only, ascend-c.md §2.1).
 */
export type StorageInt = 'int8' | 'uint8' | 'int16' | 'uint16' | 'uint32';

export const STORAGE_INTS: ReadonlySet<DType> = new Set<DType>(['int8', 'uint8', 'int16', 'uint16', 'uint32']);

export function isStorageInt(t: string): t is StorageInt {
  return STORAGE_INTS.has(t as DType);
}

export const DTYPE_BYTES: Readonly<Record<DType, number>> = { float: 4, half: 2, int32: 4, bf16: 2, int8: 1, uint8: 1, int16: 2, uint16: 2, uint32: 4 };

/** The C++ spelling of each element type in Ascend C. */
export const CPP_TYPE: Readonly<Record<DType, string>> = { float: 'float', half: 'half', int32: 'int32_t', bf16: 'bfloat16_t', int8: 'int8_t', uint8: 'uint8_t', int16: 'int16_t', uint16: 'uint16_t', uint32: 'uint32_t' };

/** Scalar C++ types a scalar expression may have before it meets a tensor. */
export type ScalarType = DType | 'int' | 'double';

export type UnaryOp = 'exp' | 'ln' | 'sqrt' | 'rsqrt' | 'abs' | 'relu' | 'neg' | 'recip' | 'erf' | 'sin' | 'cos' | RoundFn;
/** Rounding to an integral value (floorf, ceilf, roundf, truncf, rintf): a Cast to int32 with the RoundMode and back. */
export type RoundFn = 'floor' | 'ceil' | 'round' | 'trunc' | 'rint';
/** Comparisons of a per-element ternary, as Compare's CMPMODE names them. */
export type CmpMode = 'LT' | 'GT' | 'EQ' | 'LE' | 'GE' | 'NE';
export type BinaryOp = '+' | '-' | '*' | '/' | 'max' | 'min' | 'pow';

/** A per-element value: a tensor expression over the tile, or a scalar shared by all elements. */
export type Expr =
  | { k: 'load'; param: string; t: DType }
  | { k: 'scalar'; text: string; t: ScalarType }
  | { k: 'un'; op: UnaryOp; a: Expr; t: DType }
  | { k: 'bin'; op: BinaryOp; a: Expr; b: Expr; t: DType }
  | { k: 'cast'; a: Expr; t: DType }
  /** The global element index as a value (an iota), int32. */
  | { k: 'iota'; t: 'int32' }
  /** `a CMP b ? then : otherwise`, per element: Compare into a bitmask, then Select. */
  | { k: 'select'; cmp: CmpMode; a: Expr; b: Expr; then: Expr; otherwise: Expr; t: DType };

export interface PointerParam {
  name: string;
  t: DType;
  /** Read through `p[i]` (an input queue), written (an output queue), or both (in place). */
  read: boolean;
  written: boolean;
}

export interface ScalarParam {
  name: string;
  /** The C++ type as written (`float`, `int`, `const float`). */
  type: string;
  /** Used in a stored expression (passed to the kernel) or only in the bound. */
  usedInCompute: boolean;
}

export interface ElementwiseKernel {
  pattern: 'elementwise';
  name: string;
  /** Parameters in their original order. */
  params: ({ kind: 'pointer' } & PointerParam | { kind: 'scalar' } & ScalarParam)[];
  /** `if (i < n)`, `if (i >= n) return;`, a grid-stride loop, or no guard (one element per launched thread). */
  form: 'guard' | 'early-return' | 'grid-stride' | 'unguarded';
  /** The element count as a C++ expression over scalar parameters (`n`, `rows * cols`); `gridDim.x * blockDim.x` when unguarded. */
  bound: string;
  /** A 2-D grid flattened to one index: the scalar parameters bounding its rows and columns (`bound` is their product). */
  grid2d?: { rows: string; cols: string };
  /** Elements per CUDA thread when it reads and writes 16-byte packs (`x128`): the CUDA index steps by it. */
  pack?: number;
  /** Final value of every written pointer parameter, in order of first store. */
  stores: { param: string; value: Expr }[];
  /**
   * Values read from GM at a constant index (`pars[0]`, ggml's optimiser parameters): each is the
   * scalar `name` in the stores' expressions, read once per core on the scalar unit
   * (`GlobalTensor::GetValue`) in Init; its tensor is never streamed.
   */
  gmScalars?: { name: string; param: string; index: number; t: 'float' | 'half' | 'int32' }[];
  /**
   * A broadcast over rows × cols elements (the bound is a product with `cols` as a factor):
   * `b[i % cols]` reads the per-column tensors, `b[i / cols]` a value per row (`rowValues`, read
   * on the scalar unit once per row). Its program is the rows schedule's final pass, no reduce.
   */
  /**
   * `total`: the bound is not rows × cols (ggml's GLU kernels guard `i < k` and divide by the row
   * length): rows = ceil(total / cols), the last one partial. `rowStrides`: tensors read at
   * `(i / cols) * stride + i % cols`, rows of cols elements `stride` apart (a scalar parameter).
   */
  broadcast?: { rows: string; cols: string; colTensors: string[]; rowValues: { name: string; param: string }[]; total?: string; rowStrides?: { tensor: string; stride: string }[] };
  /** What the port does differently from CUDA, said in the generated header. */
  notes: string[];
}

/** Why a recogniser said no, in words a user can act on; `code` names the rule when one applies. */
export interface Rejection {
  reason: string;
  code?: string;
}

/** The row count in a row value's text (`gridDim.x` of one block per row, launched without a guard): the rows port's tiling holds it. */
export const GRID_ROWS = '__ap_grid_rows';
