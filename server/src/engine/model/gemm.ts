/**
 * The GEMM description: what one loop-nest detector says about a kernel that computes a
 * matrix product, and what the GEMM rule (ASC709), the Cube estimates and the Matmul port
 * all read. One shape of data for the three, so that they agree by construction.
 *
 * Conventions (row-major view): C[m][n] = alpha · Σ_k A[m][k] · B[k][n] + beta · C[m][n],
 * then the epilogue. `A` is M × K, `B` is K × N, `C` is M × N. A kernel that reads
 * `b[j * K + k]` reads B transposed: B's layout is `col` (B stored N × K).
 *
 * Plain data: extents and strides are C++ expressions over the kernel's scalar parameters
 * (or literals), never AST nodes.
 */

/** Where an extent (M, N, K), a leading dimension or a stride comes from. */
export type GemmExtent =
  /** A scalar parameter of the kernel, or an expression over several (`ld * 2`). */
  | { kind: 'param'; expr: string }
  /** A compile-time constant (literal, `constexpr`, `#define`, template argument). */
  | { kind: 'constant'; value: number; expr: string }
  /**
   * Only the launch knows it (`gridDim.x * blockDim.x`). With `grid`, the detector read exactly
   * how many outputs a block covers along that grid axis (`perBlock`: `block`, one per thread,
   * so blockDim; or a constant tile), so the extent is the grid's size times that: the port's
   * wrapper takes the CUDA launch's grid (and block) dimensions and computes it. Without
   * `grid` the port cannot bound it.
   */
  | { kind: 'launch'; expr: string; grid?: { axis: 'x' | 'y'; perBlock: 'block' | number } };

/** One matrix operand read by the product. */
export interface GemmOperand {
  /** The kernel parameter (a pointer) the operand is read from. */
  param: string;
  /**
   * `row`: the operand is stored row-major in the orientation the product uses
   * (A as M × K, B as K × N); `col`: stored transposed (A as K × M, B as N × K).
   */
  layout: 'row' | 'col';
  /** Elements between consecutive rows of the stored matrix. */
  ld: GemmExtent;
  /** The element type as the CUDA writes it, resolved through typedefs (`float`, `half`, `__nv_bfloat16`, `int8_t`). */
  elementType: string;
}

export interface GemmOutput {
  param: string;
  /** `row`: C stored M × N; `col`: stored N × M (column-major, as cuBLAS). */
  layout: 'row' | 'col';
  ld: GemmExtent;
  elementType: string;
}

/** What is applied to the accumulated product before the store, in this order. */
export interface GemmEpilogue {
  /** `alpha * acc`: a scalar parameter or a literal. */
  alpha?: string;
  /** `+ beta * C_old`: a scalar parameter or a literal; C is then read as well as written (unless `cIn`). */
  beta?: string;
  /** Beta scales this tensor (of C's shape, read at C's index) instead of C: `D = alpha · A·B + beta · C` with D the output (`wmma`'s c and d). */
  cIn?: { param: string; elementType: string };
  /**
   * `+ bias[n]` (`col`: one value per output column) or `+ bias[m]` (`row`: per output row);
   * `nullable`: the CUDA tests the pointer against null and adds nothing then.
   */
  bias?: { param: string; by: 'row' | 'col'; elementType: string; nullable?: true };
  /** `+ residual[m][n]`, a tensor of C's shape. */
  residual?: { param: string; elementType: string };
  /** Activation applied last. */
  activation?: 'relu' | 'gelu-tanh' | 'gelu-erf' | 'sigmoid' | 'tanh';
}

/** How the CUDA computes the product: the forms of the catalogue. Only informational for the port. */
export type GemmForm =
  | 'naive'
  | 'coalesced'
  | 'shared-tiled'
  | 'block-tiled-1d'
  | 'block-tiled-2d'
  | 'vectorized'
  | 'warp-tiled'
  | 'double-buffered'
  | 'wmma'
  | 'mma'
  | 'gemv';

export interface GemmBatch {
  /** The batch count (a parameter, or the launch's `gridDim.z`). */
  count: GemmExtent;
  /** Elements between consecutive batches of each operand (0 for an operand shared by all batches). */
  strideA: GemmExtent;
  strideB: GemmExtent;
  strideC: GemmExtent;
  /** How CUDA walks batches: `blockIdx.z`, or a loop in the kernel. */
  via: 'blockIdx.z' | 'loop';
}

export interface GemmDescription {
  /** The kernel (or device function) name. */
  kernel: string;
  form: GemmForm;
  m: GemmExtent;
  n: GemmExtent;
  k: GemmExtent;
  a: GemmOperand;
  b: GemmOperand;
  c: GemmOutput;
  /** The type the products are accumulated in (`float` for a `float acc`, `half` for `__half acc`). */
  accumulator: string;
  batch?: GemmBatch;
  epilogue: GemmEpilogue;
  /**
   * How the CUDA kernel is launched over C (optional; read by `verify`, which runs the CUDA side):
   * `block` threads per block (x, y); each block covers `tile` outputs along (the x axis, the y
   * axis) (default: one output per thread, `tile` = `block`); `mAxis` is the grid axis that walks
   * M (`y`: `row = blockIdx.y * …`, the default; `x`: `row = blockIdx.x * …`). Tiled kernels need
   * the block their tile constants were written for.
   */
  cudaLaunch?: {
    block: [number, number];
    tile?: [number, number];
    mAxis?: 'x' | 'y';
    /**
     * A template kernel the file launches with several tile sizes (`K<16>`, `K<32>`): the block
     * and tile of each instantiation (the port is one, verify runs each; `block`/`tile` are the first's).
     */
    instances?: Array<{ typeArgs: Record<string, string>; block: [number, number]; tile: [number, number] }>;
    /**
     * The launch covers the parameter `param` (N) in whole tiles only (`N / tile` blocks, no bound
     * check on the column): the CUDA computes the first ⌊N / tile⌋ · tile columns and leaves the
     * rest of C untouched, so `n` is that expression while B's and C's rows stay N long.
     */
    nWhole?: { param: string; tile: number };
    /**
     * The K loop walks whole tiles only (`for (t = 0; t < K / T; ++t)`): the CUDA sums the first
     * ⌊K / T⌋ · T products, so `k` is that expression while A's rows stay K long; verify runs
     * shapes that are multiples of the tile.
     */
    kWhole?: { param: string; tile: number };
  };
  /**
   * What the detector could not pin down (an extent only the launch knows, a stride it could
   * not read). A port is complete only when this is empty.
   */
  unknowns: string[];
  /** Where the accumulator lives: registers (scalars or a register tile), shared memory, or tensor-core fragments. */
  accumulatorIn?: 'register' | 'shared' | 'fragment';
  /** `wmma`: the fragment shape as written (`16×16×16`), which is not the Cube's fractal or base tile. */
  fragmentTile?: string;
  /** `wmma`: the fragment's M × N × K as numbers (its constants resolved); CUDA loads whole fragments, so it is correct for multiples of them. */
  fragmentShape?: [number, number, number];
  /** Offsets in the document of the reduction loop (`for (k …)`), or of the `mma` site: where ASC709 points. */
  site?: { start: number; end: number };
}
