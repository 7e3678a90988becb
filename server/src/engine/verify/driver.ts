/**
 * The verification driver, generated from a complete port's host ABI and program: C++ text
 * that runs the original CUDA kernel (through the CUDA-on-CPU shim) and the Ascend C port
 * (through the CPU model of Ascend C, launched by its own host wrapper) on the same inputs,
 * for several sizes, and prints one JSON line per size with the comparison and every model
 * violation. Pure: plain data in, text out; `node/verify.ts` compiles and runs it.
 */
import type { FunctionModel } from '../model/kernels';
import { skeletonAbi, type HostAbi } from '../port/lower';
import type { Target } from '../target';
import type { Plan } from '../port/plan';
import { tensors, valueOps, type DType, type TileProgram, type ValueOp } from '../port/program';
import { isStorageInt } from '../port/ir';
import type { GemmDescription, GemmExtent } from '../model/gemm';

export interface VerifyCase {
  /** The requested element count (rows schedule: rows × cols). */
  size: number;
  /** rows schedule: the shape. */
  rows?: number;
  cols?: number;
  /** matmul schedule: M × N × K. */
  m?: number;
  n?: number;
  k?: number;
  /** Why this size is in the list. */
  why: string;
}

export interface Tolerance {
  rtol: number;
  atol: number;
  /** Inputs may hold NaN and ±Inf (no op whose NaN behaviour differs between implementations). */
  nanInf: boolean;
  why: string;
}

/** The sizes every port is verified on: 1, below one aligned block, ragged, several cores, and more tiles than cores. */
/**
 * Sides of the square shapes a rows kernel whose row count and row length are one parameter is
 * verified on: one element, rows shorter than a 32-byte block, ragged rows over the cores, and
 * a million elements (rows longer than a UB chunk would need more than 2^28 elements).
 */
const SQUARE_SIDES = [1, 7, 33, 1003];

export function defaultCases(plan: Plan, cores: number): VerifyCase[] {
  if (plan.schedule === 'matmul') {
    return [
      { size: 1, m: 1, n: 1, k: 1, why: 'one element, one product' },
      { size: 17 * 33, m: 17, n: 33, k: 65, why: 'ragged M, N and K (not multiples of 16 or of a 32-byte block)' },
      { size: 256 * 128, m: 256, n: 128, k: 512, why: `several blocks of C over the cores (${cores} vector cores; the Matmul uses the Cube cores)` },
    ];
  }
  if (plan.schedule === 'single') return [{ size: 1, why: 'three draws of the values the one thread reads' }];
  if (plan.schedule === 'rows' && plan.layout === 'cols') {
    // Column layout: rows are the outputs (columns of the row-major tensor), cols what each reduces over.
    const wide = cores * plan.maxTile + 77;
    return [
      { size: 1, rows: 1, cols: 1, why: 'one output of one element' },
      { size: 28, rows: 7, cols: 4, why: 'outputs fewer than one 32-byte block' },
      { size: 1003 * 33, rows: 1003, cols: 33, why: `a ragged range of outputs on each of ${cores} cores` },
      { size: wide * 2, rows: wide, cols: 2, why: `more outputs per core than one UB chunk (${plan.maxTile}): every core walks its range in chunks` },
    ];
  }
  if (plan.schedule === 'rows') {
    const long = Math.max(50_000, plan.maxTile * 3 + 5);
    return [
      { size: 1, rows: 1, cols: 1, why: 'one row of one element' },
      { size: 28, rows: 4, cols: 7, why: 'rows shorter than one 32-byte block' },
      { size: 33_000, rows: 33, cols: 1000, why: `ragged rows over ${cores} cores` },
      { size: 8 * long, rows: 8, cols: long, why: `rows longer than one UB chunk (${plan.maxTile} columns): every pass walks the row in chunks` },
      // 7 rows on each core but the last, which has fewer: a core's loop over its rows (and the SoftMax path's calls of several rows, then single ones).
      { size: (cores * 6 + 3) * 33, rows: cores * 6 + 3, cols: 33, why: `several ragged rows per core (${cores} cores), the last core with fewer` },
    ];
  }
  if (plan.schedule === 'reduceAll') {
    return [
      { size: 1, why: 'one element' },
      { size: 31, why: 'below one 256-byte repeat, not a whole 32-byte block' },
      { size: 4096, why: 'whole blocks on two cores' },
      { size: Math.max(1_000_003, Math.ceil(cores * plan.maxTile * 1.5) + 7), why: `more tiles than cores (${cores} cores, tiles of ${plan.maxTile}), ragged` },
    ];
  }
  const cases: VerifyCase[] = [{ size: 1, why: 'one element' }];
  if (plan.align > 2) cases.push({ size: plan.align - 1, why: `below one aligned block (${plan.align} elements)` });
  cases.push({ size: 1003, why: 'ragged: not a multiple of a 32-byte block' });
  cases.push({ size: plan.minPerCore * 3 + 5, why: 'a ragged share on each of several cores' });
  cases.push({ size: Math.ceil(cores * plan.maxTile * 1.5) + 7, why: `more tiles than cores (${cores} cores, tiles of ${plan.maxTile})` });
  return cases;
}

/** Rounded ops, each weighted by the roundings it may differ by: Power's series and Erf's rational approximation are not correctly rounded. */
const INEXACT: ReadonlyMap<string, number> = new Map([['div', 1], ['exp', 1], ['ln', 1], ['sqrt', 1], ['rsqrt', 1], ['recip', 1], ['erf', 2], ['pow', 2], ['sin', 2], ['cos', 2]]);
const NAN_SENSITIVE = new Set(['max', 'min', 'relu', 'abs', 'pow', 'erf', 'sin', 'cos']);

/** Tolerances from the program's op classes: exact for add/max/select/cast, ulp-bounded for exp/log/sqrt/div. */
export function toleranceFor(program: TileProgram, dtype: DType): Tolerance {
  const ops = valueOps(program);
  // A note that says the port rounds twice where CUDA rounds once (__hfma) counts as one rounded op.
  const inexact = ops.reduce((n, o) => n + (o.op === 'map' ? INEXACT.get(o.fn) ?? 0 : 0), 0) + program.notes.filter((n) => /rounds twice/.test(n)).length;
  const nanInf = !ops.some((o) => o.op === 'select' || o.op === 'cast' || (o.op === 'map' && NAN_SENSITIVE.has(o.fn)));
  const doubleLiterals = program.notes.some((n) => /double/.test(n));
  if (dtype === 'int32' || isStorageInt(dtype)) return { rtol: 0, atol: 0, nanInf: false, why: 'integer: exact' };
  if (dtype === 'half') {
    if (!inexact) return { rtol: doubleLiterals ? 1e-3 : 0, atol: 0, nanInf, why: doubleLiterals ? 'half, exact ops with literals CUDA computes in double: 1 half ulp' : 'half, exact ops: exact' };
    return { rtol: 2e-3 * inexact, atol: 1e-3, nanInf, why: `half with ${inexact} rounded op(s): ${2 * inexact} half ulp relative, 1e-3 absolute` };
  }
  if (dtype === 'bf16') {
    // The port mirrors CUDA's rounding to bf16 after every bf16 operation (Cast … CAST_RINT), so
    // exact ops match bit for bit; an op rounded differently in float can move a result by one
    // bf16 ulp (2^-8 relative, 2^-7 just above a power of two), and that error carries on.
    if (!inexact) return { rtol: doubleLiterals ? 8e-3 : 0, atol: 0, nanInf, why: doubleLiterals ? 'bfloat16, exact ops with literals CUDA computes in double: 1 bf16 ulp' : 'bfloat16, exact ops (rounded to bf16 where CUDA rounds): exact' };
    return { rtol: 8e-3 * inexact, atol: 1e-5, nanInf, why: `bfloat16 with ${inexact} rounded op(s): ${inexact} bf16 ulp relative, 1e-5 absolute` };
  }
  if (!inexact) return { rtol: doubleLiterals ? 2.4e-7 : 0, atol: 0, nanInf, why: doubleLiterals ? 'float, exact ops with literals CUDA computes in double: 2 ulp' : 'float, exact ops: exact' };
  return { rtol: 4e-6 * inexact, atol: 1e-6, nanInf, why: `float with ${inexact} rounded op(s): ${Math.round(4e-6 * inexact / 1.19e-7)} ulp relative, 1e-6 absolute` };
}

/**
 * The bound of a value over the driver's inputs (in [-4, 4]): 4 for a load, |c| for a literal, 9
 * for a kernel scalar, through add, sub, mul, max, min, abs, neg and relu; Infinity otherwise.
 */
function termBound(ops: ReadonlyMap<number, ValueOp>, id: number): number {
  return boundWith(ops, id, (t) => (/^[\d.]/.test(t) ? Math.abs(parseFloat(t)) : 9));
}

/**
 * The tolerance of a reduction, as C++ over the element count `n` (the driver's `ap_n`).
 * max and min: exact, as for the element map (the same values, compared in any order, give
 * the same extreme when there is no NaN), or the map's ulp tolerance when it rounds.
 * A sum of n terms in two different orders (CUDA's threads, tree and atomics; the port's
 * repeats, tiles and cores): each addition rounds by at most u·|partial sum| (u = 2^-24 for
 * float). The driver's inputs lie in [-4, 4], so one term is at most B (the bound of f over
 * that range: 4 for x[i], 16 for x[i] * x[i] or a[i] * b[i]). Terms of either sign (zero-mean
 * inputs) keep partial sums near B·√k, and errors of independent sign add like a random walk:
 * u·B·sqrt(Σk) ≈ u·B·n/√2 per side, so atol = 2·u·B·n bounds the difference. Non-negative terms
 * (squares, absolute values) grow partial sums like B·k: u·B·sqrt(Σk²) ≈ u·B·n^1.5/√3 per side,
 * so atol = 2·u·B·n^1.5. rtol = 2u covers the last rounding of each side. The bound is
 * statistical (the worst case, (n-1)·u·Σ|f|, would accept almost anything at 10^6 terms).
 */
export function reduceToleranceFor(program: TileProgram): { rtol: number; atolExpr: string; why: string } {
  const s = program.schedule;
  if (s.kind !== 'reduceAll') throw new Error('not a reduction');
  const elementwise = toleranceFor({ ...program, schedule: { kind: 'stream', length: s.length, cudaForm: 'guard' } }, 'float');
  if (s.op !== 'sum') return { rtol: elementwise.rtol, atolExpr: String(elementwise.atol), why: `${s.op} of the mapped values: ${elementwise.why}` };
  const ops = new Map(valueOps(program).map((o) => [o.id, o]));
  const value = program.body.find((o) => o.op === 'store')!.value;
  const bound = (id: number) => termBound(ops, id);
  const nonNegative = (id: number): boolean => {
    const o = ops.get(id)!;
    if (o.op !== 'map') return false;
    // x[i] * x[i]: the same value, or two loads of the same tensor.
    const widened = (id: number): number => {
      const o = ops.get(id)!;
      return o.op === 'cast' && o.t === 'float' ? o.arg : id;
    };
    const same = (a0: number, b0: number) => {
      const [a, b] = [widened(a0), widened(b0)];
      const [x, y] = [ops.get(a)!, ops.get(b)!];
      return a === b || (x.op === 'load' && y.op === 'load' && x.tensor === y.tensor);
    };
    return o.fn === 'abs' || o.fn === 'relu' || (o.fn === 'mul' && same(o.args[0]!, o.args[1]!));
  };
  const B = bound(value);
  const u = 2 ** -24;
  const rtol = 2 * u + elementwise.rtol;
  if (!Number.isFinite(B)) return { rtol: 1e-3, atolExpr: '1e-3 * static_cast<double>(ap_n)', why: 'a sum of terms without a known bound: 1e-3 per term' };
  const growth = nonNegative(value) ? 'std::pow(static_cast<double>(ap_n), 1.5)' : 'static_cast<double>(ap_n)';
  return { rtol, atolExpr: `${2 * u * B} * ${growth}`, why: `a sum of ${nonNegative(value) ? 'non-negative ' : ''}terms bounded by ${B}: 2·u·${B}·n${nonNegative(value) ? '^1.5' : ''} absolute, 2u relative` };
}

/**
 * The bound of a value over the driver's data with the bound of each scalar named by `scalar`
 * (row values, kernel scalars, literals); a half or bfloat16 element widened to float keeps its value.
 */
function boundWith(ops: ReadonlyMap<number, ValueOp>, id: number, scalar: (text: string) => number): number {
  const o = ops.get(id)!;
  if (o.op === 'load') return 4;
  if (o.op === 'scalar') return scalar(o.text.trim());
  if (o.op === 'cast') return boundWith(ops, o.arg, scalar);
  if (o.op !== 'map') return Infinity;
  const [a, b] = o.args.map((x) => boundWith(ops, x, scalar)) as [number, number];
  switch (o.fn) {
    case 'add':
    case 'sub':
      return a + b;
    case 'mul':
      return a * b;
    case 'max':
    case 'min':
      return Math.max(a, b);
    case 'abs':
    case 'neg':
    case 'relu':
      return a;
    default:
      return Infinity;
  }
}

/**
 * How much a value moves per unit change of the row value `name` (a bound of |∂value/∂name| over
 * the driver's data): sums and products by the bounds of the other factors; Infinity where the
 * value divides by it or passes it through a function the bound does not follow.
 */
function sensitivity(ops: ReadonlyMap<number, ValueOp>, id: number, name: string, scalar: (text: string) => number): number {
  const o = ops.get(id)!;
  if (o.op === 'load') return 0;
  if (o.op === 'scalar') return o.text.trim() === name ? 1 : 0;
  if (o.op === 'cast') return sensitivity(ops, o.arg, name, scalar);
  if (o.op !== 'map') return Infinity;
  const d = o.args.map((x) => sensitivity(ops, x, name, scalar));
  const v = () => o.args.map((x) => boundWith(ops, x, scalar));
  if (d.every((x) => x === 0)) return 0;
  switch (o.fn) {
    case 'add':
    case 'sub':
      return d[0]! + (d[1] ?? 0);
    case 'mul': {
      const [a, b] = v() as [number, number];
      return d[0]! * b + a * d[1]!;
    }
    case 'max':
    case 'min':
      return Math.max(d[0]!, d[1]!);
    case 'abs':
    case 'neg':
    case 'relu':
      return d[0]!;
    default:
      return Infinity;
  }
}

/**
 * The rows schedule's values and their bounds over the driver's data: row values read from GM
 * per row lie in the inputs' range (4), kernel scalars up to 9, literals their value, and a mean
 * of a sum step (`Σ / cols`) within its term bound (`means`, by the mean's name).
 */
function rowsBounds(program: TileProgram): { scalar: (text: string) => number; means: Map<string, { term: number }> } {
  const s = program.schedule;
  if (s.kind !== 'rows') throw new Error('not a rows program');
  const gm = new Set(s.steps.flatMap((x) => (x.k === 'gm' ? [x.name] : [])));
  const kernelScalars = new Set(program.args.filter((a) => a.kind === 'scalar').map((a) => a.name));
  const means = new Map<string, { term: number }>();
  const scalar = (t: string): number => (/^[\d.]/.test(t) ? Math.abs(parseFloat(t)) : gm.has(t) ? 4 : kernelScalars.has(t) ? 9 : means.get(t)?.term ?? Infinity);
  const sums = new Map(s.steps.flatMap((x) => (x.k === 'reduce' && x.op === 'sum' ? [[x.name, x] as const] : [])));
  for (const x of s.steps) {
    if (x.k !== 'scalar') continue;
    const m = /^(\w+)\/(\w+)$/.exec(x.text.replace(/static_cast<float>/g, '').replace(/[()\s]/g, ''));
    const sum = m && sums.get(m[1]!);
    if (!sum || m![2] !== s.cols.trim()) continue;
    const ops = new Map(sum.body.filter((o): o is ValueOp => o.op !== 'store').map((o) => [o.id, o]));
    const term = boundWith(ops, (sum.body.find((o) => o.op === 'store') as { value: number }).value, scalar);
    if (Number.isFinite(term)) means.set(x.name, { term });
  }
  return { scalar, means };
}

/**
 * A column sum across rows (`atomicAdd(&dbias[j], v)`): rows terms bounded by B added in another
 * order (CUDA's rows and blocks; the port's cores and chunks), as a reduction's: 2·u·B·rows
 * absolute (terms of either sign) and 2u + 4u·√rows relative; B from the value's bound.
 */
export function colAddTolerance(program: TileProgram, tensor: string): { rtolExpr: string; atolExpr: string } {
  const u = 2 ** -24;
  const ops = new Map(valueOps(program).map((o) => [o.id, o]));
  const store = program.body.find((o) => o.op === 'store' && o.tensor === tensor) as { value: number } | undefined;
  // A value the bound does not follow (a function of a row value) is taken as 1e6 per term.
  const b = store ? boundWith(ops, store.value, rowsBounds(program).scalar) : Infinity;
  return { rtolExpr: `${2 * u} + ${4 * u} * std::sqrt(static_cast<double>(ap_rows))`, atolExpr: `1e-6 + ${2 * u * (Number.isFinite(b) ? b : 1e6)} * static_cast<double>(ap_rows)` };
}

/**
 * The tolerance of a row-wise port, as C++ over the row length `ap_cols`: the op-class
 * tolerance of every map (final pass, reduce passes, row functions) plus the error of a row
 * sum taken in a different order (the port's chunks and repeats against CUDA's loop). With
 * inputs in [-4, 4] and terms of either sign, each addition rounds by u·|partial sum| and the
 * errors add like a random walk: a relative error near u·√cols in the sum and in everything
 * computed from it (a mean, a variance, a softmax denominator). rtol adds 4·u·√cols; atol adds
 * 8·u·√cols for outputs near zero (a centred layernorm output, an exponential far below the peak).
 */
export function rowsToleranceFor(program: TileProgram): { rtolExpr: string; atolExpr: string; why: string } {
  const s = program.schedule;
  if (s.kind !== 'rows') throw new Error('not a rows program');
  const body = [...program.body, ...s.steps.flatMap((x) => (x.k === 'reduce' ? x.body : []))];
  const unary = s.steps.filter((x) => x.k === 'unary').length;
  const base = toleranceFor({ ...program, body, schedule: { kind: 'stream', length: '0', cudaForm: 'guard' } }, 'float');
  const inexact = body.filter((o) => o.op === 'map' && INEXACT.has(o.fn)).length + unary;
  const rtol = Math.max(base.rtol, 4e-6 * inexact);
  const u = 2 ** -24;
  // A row sum stored as it is (not normalised: `sums[row] = Σ_j x[row][j]`) carries the absolute
  // error of a sum of cols terms in another order, as the reduceAll schedule's: 2·u·B·cols with
  // terms bounded by B = 4 (the inputs' range), where the √cols terms above are for values
  // divided by the row length or normalised by a row value.
  const sums = new Set(s.steps.filter((x) => x.k === 'reduce' && x.op === 'sum').map((x) => x.name));
  /** The bound of one term of the named sum step (its map over the driver's inputs). */
  const sumTermBound = (name: string): number => {
    const st = s.steps.find((x) => x.k === 'reduce' && x.name === name) as Extract<(typeof s.steps)[number], { k: 'reduce' }>;
    const ops = new Map(st.body.filter((o): o is ValueOp => o.op !== 'store').map((o) => [o.id, o]));
    return termBound(ops, (st.body.find((o) => o.op === 'store') as { value: number }).value);
  };
  const scalarSteps = new Map(s.steps.flatMap((x) => (x.k === 'scalar' ? [[x.name, x.text] as const] : [])));
  const scalarNames = new Set(program.args.filter((a) => a.kind === 'scalar').map((a) => a.name));
  /**
   * A row store of a sum as it is, or of a sum scaled by a kernel scalar or a literal (`-Σ / rows`):
   * the sum's absolute error is not normalised by anything. Its bound B per term and how much the
   * scale may amplify it (a product by a scalar: up to 9, the driver's largest; a quotient: 1).
   */
  const rawStore = (value: string): { B: number; amp: number } | null => {
    let v = value.trim();
    for (let k = 0; k < 4 && scalarSteps.has(v); k++) v = scalarSteps.get(v)!.trim();
    const t = v.replace(/static_cast<float>/g, '').replace(/[()\s]/g, '').replace(/^-/, '');
    if (sums.has(t)) return { B: sumTermBound(t), amp: 1 };
    const m = /^-?(\w+)([*/])-?([\w.]+f?)$/.exec(t) ?? /^-?([\w.]+f?)(\*)-?(\w+)$/.exec(t);
    if (!m) return null;
    const [sum, other] = sums.has(m[1]!) ? [m[1]!, m[3]!] : sums.has(m[3]!) && m[2] === '*' ? [m[3]!, m[1]!] : [null, null];
    if (!sum || !other || !(scalarNames.has(other) || /^[\d.]+(?:e-?\d+)?f?$/.test(other))) return null;
    const amp = m[2] === '/' ? (scalarNames.has(other) ? 1 : 1 / Math.max(1e-30, parseFloat(other))) : scalarNames.has(other) ? 9 : parseFloat(other);
    return { B: sumTermBound(sum), amp: Math.max(1, amp) };
  };
  const raws = s.rowStores.map((r) => rawStore(r.value)).filter((x): x is { B: number; amp: number } => x !== null && Number.isFinite(x.B));
  const rawSumAtol = Math.max(0, ...raws.map((x) => 2 * u * x.B * x.amp));
  const rawSum = rawSumAtol > 0;
  // A row sum added to or subtracted from an element in the final pass (softmax backward's
  // y · (dy − Σ dy·y)): its absolute error, 2·u·B·cols for terms bounded by B, is not divided by
  // anything; the element it meets may be multiplied by an input (bounded by 4). The largest such.
  const finalOps = new Map(valueOps(program).map((o) => [o.id, o]));
  const rawNames = new Set(
    program.body.flatMap((o) => (o.op === 'map' && (o.fn === 'add' || o.fn === 'sub') ? o.args : [])).flatMap((id) => {
      const o = finalOps.get(id);
      return o?.op === 'scalar' && sums.has(o.text.trim()) ? [o.text.trim()] : [];
    }),
  );
  const rawTerm = Math.max(0, ...[...rawNames].map(sumTermBound));
  const addedSumAtol = rawTerm > 0 && Number.isFinite(rawTerm) ? 2 * u * rawTerm * 4 : 0;
  // A mean (Σ / cols, absolute error 2·u·B for terms bounded by B) that the final pass multiplies
  // by other values (layernorm backward's dx = γ·dy − mean(γ·dy) − n · mean(γ·dy·n)): its error
  // times how much the stored value moves with it, the largest over the stored values.
  const { scalar, means } = rowsBounds(program);
  const colAdds = new Set(s.colAdds ?? []);
  let meanAtol = 0;
  for (const st of program.body) {
    if (st.op !== 'store' || colAdds.has(st.tensor)) continue;
    for (const [name, m] of means) {
      const d = sensitivity(finalOps, st.value, name, scalar);
      // Not when the mean is the value itself or a term of a sum (sensitivity 1: the √cols terms above cover it).
      if (Number.isFinite(d) && d > 1) meanAtol = Math.max(meanAtol, 2 * u * m.term * d);
    }
  }
  return {
    rtolExpr: `${rtol} + ${4 * u} * std::sqrt(static_cast<double>(ap_cols))`,
    atolExpr: `${Math.max(base.atol, 1e-6)} + ${8 * u} * std::sqrt(static_cast<double>(ap_cols))${rawSum ? ` + ${rawSumAtol} * static_cast<double>(ap_cols)` : ''}${addedSumAtol ? ` + ${addedSumAtol} * static_cast<double>(ap_cols)` : ''}${meanAtol ? ` + ${meanAtol}` : ''}`,
    why: `float with ${inexact} rounded op(s) and row sums in another order: ${rtol} + 4u·√cols relative, 1e-6 + 8u·√cols absolute${rawSum ? `, plus 2u·B·cols absolute for a row sum stored as it is or scaled (B·scale up to ${rawSumAtol / (2 * u)})` : ''}${addedSumAtol ? `, plus 2u·${rawTerm}·4·cols absolute for a row sum of terms bounded by ${rawTerm} added to an element` : ''}${meanAtol ? `, plus ${meanAtol} absolute for a mean's error (2u·B) times the stored value's sensitivity to it` : ''}`,
  };
}

export interface DriverInput {
  /** The CUDA kernel (parameters as written). */
  fn: FunctionModel;
  /** `k<float>` for a template kernel's instantiation; the name otherwise. */
  kernelRef: string;
  program: TileProgram;
  plan?: Plan;
  abi: HostAbi;
  cases: VerifyCase[];
  seed: number;
  /** Overrides the op-class tolerance (hand-finished ports, whose ops are not known). */
  tolerance?: Tolerance;
}

/** A C++ identifier derived from the kernel name (the runners' symbols). */
function sym(kernel: string): string {
  return kernel.replace(/\W/g, '_');
}

/** Appended to the CUDA file's CPU view: runs the kernel through the shim. */
export function cudaRunner(d: DriverInput): string {
  const args = d.fn.params.map((p, i) => (p.pointerDepth > 0 ? `::ap_verify::ptr(p[${i}])` : `::ap_verify::num(s[${i}])`));
  if (d.program.schedule.kind === 'matmul') {
    // A matrix product: a 3-D grid and a 2-D block, packed by the driver (matmulKernelBlock) into grid and block.
    return [
      '',
      '// ---- ascend-port verify: CUDA side runner (generated) ----',
      '#include "ap_verify_support.h"',
      `extern "C" void ap_verify_cuda_${sym(d.program.kernel)}(void* const* p, const double* s, unsigned long long grid, unsigned long long block) {`,
      '  const dim3 ap_grid(static_cast<unsigned>(grid & 0xFFFFF), static_cast<unsigned>((grid >> 20) & 0xFFFFF), static_cast<unsigned>(grid >> 40));',
      '  const dim3 ap_block(static_cast<unsigned>(block & 0xFFFF), static_cast<unsigned>(block >> 16));',
      `  ::ap_cuda::launch(${d.kernelRef}, ap_grid, ap_block, 0${args.map((a) => `, ${a}`).join('')});`,
      '}',
      '',
    ].join('\n');
  }
  const g2 = d.program.schedule.kind === 'stream' ? d.program.schedule.grid2d : undefined;
  if (g2) {
    // A flattened 2-D kernel runs on a 2-D grid of 16 × 8 blocks over its own rows and columns
    // (at most 2 × 2 blocks for grid-stride loops, so that they loop).
    const at = (name: string) => d.fn.params.findIndex((p) => p.name === name);
    const cap = d.program.schedule.cudaForm === 'grid-stride' ? ' > 2 ? 2 : ' : null;
    const dimOf = (v: string, b: number) => `(${v} + ${b - 1}) / ${b} == 0 ? 1 : ${cap ? `((${v} + ${b - 1}) / ${b}${cap}(${v} + ${b - 1}) / ${b})` : `(${v} + ${b - 1}) / ${b}`}`;
    return [
      '',
      '// ---- ascend-port verify: CUDA side runner (generated) ----',
      '#include "ap_verify_support.h"',
      `extern "C" void ap_verify_cuda_${sym(d.program.kernel)}(void* const* p, const double* s, unsigned long long grid, unsigned long long block) {`,
      '  (void)grid;',
      '  (void)block;',
      `  const unsigned long long ap_rows = s[${at(g2.rows)}] > 0 ? static_cast<unsigned long long>(s[${at(g2.rows)}]) : 0;`,
      `  const unsigned long long ap_cols = s[${at(g2.cols)}] > 0 ? static_cast<unsigned long long>(s[${at(g2.cols)}]) : 0;`,
      `  const dim3 ap_grid(static_cast<unsigned>(${dimOf('ap_cols', 16)}), static_cast<unsigned>(${dimOf('ap_rows', 8)}));`,
      `  ::ap_cuda::launch(${d.kernelRef}, ap_grid, dim3(16, 8), 0${args.map((a) => `, ${a}`).join('')});`,
      '}',
      '',
    ].join('\n');
  }
  // One block per row over a 3-D grid: the driver packs its x, y and z sizes as for a matrix product.
  const grid3 = d.program.schedule.kind === 'rows' && d.program.schedule.grid3;
  // Column sums staged per block in dynamic shared memory: as many regions of a row's length as the kernel uses (the launch's size in the CUDA file).
  const regions = d.program.schedule.kind === 'rows' ? d.program.schedule.cudaSharedRegions : undefined;
  const colsText = regions && d.program.schedule.kind === 'rows' ? d.program.schedule.cols.replace(/\b[A-Za-z_]\w*\b/g, (n) => {
    const i = d.fn.params.findIndex((q) => q.name === n && q.pointerDepth === 0);
    return i >= 0 ? `static_cast<size_t>(s[${i}])` : n;
  }) : undefined;
  const smem = regions ? `${regions} * (${colsText}) * sizeof(float)` : d.program.schedule.kind === 'rows' && d.program.schedule.cudaForm === 'block-per-row' ? '48 * 1024' : '0';
  return [
    '',
    '// ---- ascend-port verify: CUDA side runner (generated) ----',
    '#include "ap_verify_support.h"',
    `extern "C" void ap_verify_cuda_${sym(d.program.kernel)}(void* const* p, const double* s, unsigned long long grid, unsigned long long block) {`,
    // One block per row: the kernel's dynamic shared array holds a value per thread (48 KiB, CUDA's default limit, covers any such use).
    `  ::ap_cuda::launch(${d.kernelRef}, ${grid3 ? 'dim3(static_cast<unsigned>(grid & 0xFFFFF), static_cast<unsigned>((grid >> 20) & 0xFFFFF), static_cast<unsigned>(grid >> 40))' : 'dim3(static_cast<unsigned>(grid))'}, dim3(static_cast<unsigned>(block)), ${smem}${args.map((a) => `, ${a}`).join('')});`,
    '}',
    '',
  ].join('\n');
}

/** Appended after the port: calls its launch wrapper with the CUDA arguments in order. */
export function ascendRunner(d: DriverInput): string {
  const args = d.abi.launch.params.map((q) => {
    if (q.from === 'arg') return q.tensor ? `::ap_verify::ptr(p[${q.argIndex}])` : `::ap_verify::num(s[${q.argIndex}])`;
    // A matrix product's grid and block are packed (matmulKernelBlock): x, y (and z) fields.
    const packed = d.program.schedule.kind === 'matmul' || (d.program.schedule.kind === 'rows' && d.program.schedule.grid3);
    if (q.from === 'cudaGridX') return packed ? '(grid & 0xFFFFFull)' : 'grid';
    if (q.from === 'cudaBlockX') return packed ? '(block & 0xFFFFull)' : 'block';
    if (q.from === 'cudaGridY') return '((grid >> 20) & 0xFFFFFull)';
    if (q.from === 'cudaGridZ') return '(grid >> 40)';
    if (q.from === 'cudaBlockY') return '(block >> 16)';
    return 'nullptr';
  });
  return [
    '',
    '// ---- ascend-port verify: Ascend C side runner (generated) ----',
    `extern "C" int ap_verify_ascend_${sym(d.program.kernel)}(void* const* p, const double* s, unsigned long long grid, unsigned long long block) {`,
    '  (void)grid;',
    '  (void)block;',
    `  return static_cast<int>(${d.abi.launch.fn}(${args.join(', ')}));`,
    '}',
    '',
  ].join('\n');
}

/** The two runs of one case, CUDA then the port, through the runners of kernel symbol `s` (every case block ends with them, then the comparison). */
function runBoth(s: string): string[] {
  return [`      c.run_cuda([&] { ap_verify_cuda_${s}(ap_pc, ap_s, ap_grid, ap_block); });`, `      c.run_ascend([&] { return ap_verify_ascend_${s}(ap_pa, ap_s, ap_grid, ap_block); });`];
}

const DT: Readonly<Record<DType, string>> = { float: 'AP_F32', half: 'AP_F16', int32: 'AP_I32', bf16: 'AP_BF16', int8: 'AP_I8', uint8: 'AP_U8', int16: 'AP_I16', uint16: 'AP_U16', uint32: 'AP_U32' };

/** The driver's `main`: inputs, both runs, comparisons, JSON lines. */
export function driverMain(ds: DriverInput[]): string {
  const out: string[] = ['// ascend-port verify: driver (generated)', '#include "ap_verify_driver.h"', ''];
  for (const d of ds) {
    const s = sym(d.program.kernel);
    out.push(`extern "C" void ap_verify_cuda_${s}(void* const*, const double*, unsigned long long, unsigned long long);`);
    out.push(`extern "C" int ap_verify_ascend_${s}(void* const*, const double*, unsigned long long, unsigned long long);`);
  }
  out.push('', 'int main(int argc, char** argv) {', '  ap_verify::Options opt = ap_verify::parse(argc, argv);');
  for (const d of ds) out.push(...kernelBlock(d));
  out.push('  return ap_verify::finish();', '}', '');
  return out.join('\n');
}

function kernelBlock(d: DriverInput): string[] {
  if (d.program.schedule.kind === 'copy') return copyKernelBlock(d);
  if (d.program.schedule.kind === 'single') return singleKernelBlock(d);
  if (d.program.schedule.kind === 'rows') return rowsKernelBlock(d);
  if (d.program.schedule.kind === 'matmul') return matmulKernelBlock(d);
  // The runners' symbols follow the port (one per instantiation of a template kernel); cases report under the CUDA kernel's name.
  const s = sym(d.program.kernel);
  const ts = tensors(d.program);
  const lengthNames = [...new Set((d.program.schedule.cudaForm === 'unguarded' ? '' : d.program.schedule.length).match(/\b[A-Za-z_]\w*\b/g) ?? [])].filter((n) => d.fn.params.some((p) => p.name === n && p.pointerDepth === 0));
  // Elements per CUDA thread (16-byte packs): the CUDA launch covers the length in packs.
  const pack = d.program.schedule.kind === 'stream' ? (d.program.schedule.pack ?? 1) : 1;
  // A length that is a constant of the file (`#define N 500000`) is the same in every case: one case is enough.
  const fixed = d.program.schedule.cudaForm !== 'unguarded' && !/[A-Za-z_]/.test(d.program.schedule.length);
  const cases = fixed ? d.cases.slice(0, 1) : d.cases;
  const lines: string[] = [`  if (opt.wants("${d.fn.name}")) {`, `    const uint64_t sizes[] = {${cases.map((c) => c.size).join(', ')}};`, '    for (uint64_t ap_size : opt.sizes.empty() ? std::vector<uint64_t>(std::begin(sizes), std::end(sizes)) : opt.sizes) {'];
  lines.push(`      ap_verify::Case c("${d.fn.name}", ap_size, ${d.seed}u);`);
  // Scalars: those in the element count make it `size` (the first one; the others 1; a 2-D kernel's rows × cols); the rest are random.
  const g2 = d.program.schedule.kind === 'stream' ? d.program.schedule.grid2d : undefined;
  lines.push(`      double ap_s[${Math.max(1, d.fn.params.length)}] = {0};`);
  d.fn.params.forEach((p, i) => {
    if (p.pointerDepth > 0) return;
    const k = lengthNames.indexOf(p.name);
    const arg = d.program.args.find((a) => a.index === i);
    const integral = !/float|double|half|bfloat16/.test(arg && arg.kind === 'scalar' ? arg.cppType : p.baseType);
    if (g2 && (p.name === g2.rows || p.name === g2.cols)) {
      // A flattened 2-D kernel: size = rows × cols, with cols the smallest divisor of size at least √size.
      if (p.name === g2.cols) lines.push(`      ap_s[${i}] = static_cast<double>([&] { uint64_t c = ap_size; for (uint64_t f = 1; f * f <= ap_size; ++f) if (ap_size % f == 0) c = ap_size / f; return c; }());`);
      else lines.push(`      ap_s[${i}] = static_cast<double>(ap_size / [&] { uint64_t c = ap_size; for (uint64_t f = 1; f * f <= ap_size; ++f) if (ap_size % f == 0) c = ap_size / f; return c; }());`);
    } else if (k === 0) lines.push(pack > 1 ? `      ap_s[${i}] = static_cast<double>(ap_size * ${pack});  // whole ${pack}-element packs, as the CUDA kernel needs` : `      ap_s[${i}] = static_cast<double>(ap_size);`);
    else if (k > 0) lines.push(`      ap_s[${i}] = 1;`);
    // A bf16 parameter gets a bf16 value: both sides then hold the same scalar, however each converts a double.
    else if (arg && arg.kind === 'scalar' && arg.cppType === 'bfloat16_t') lines.push(`      ap_s[${i}] = static_cast<double>(ap::bf16_bits_to_f32(ap::f32_to_bf16_bits(static_cast<float>(c.scalar(false)))));`);
    else lines.push(`      ap_s[${i}] = c.scalar(${integral ? 'true' : 'false'});`);
  });
  // The element count as CUDA computes it from those scalars (in its own scope: parameter names cannot clash).
  const locals = d.fn.params.map((p, i) => (p.pointerDepth > 0 || !lengthNames.includes(p.name) ? '' : `const ${cppScalar(p.baseType)} ${p.name} = static_cast<${cppScalar(p.baseType)}>(ap_s[${i}]); (void)${p.name}; `)).join('');
  const unguarded = d.program.schedule.cudaForm === 'unguarded';
  lines.push(unguarded ? `      const int64_t ap_len = static_cast<int64_t>(ap_size${pack > 1 ? ` * ${pack}` : ''});` : `      const int64_t ap_len = [&]() { ${locals}return static_cast<int64_t>(${d.program.schedule.length}); }();`);
  lines.push('      const uint64_t ap_n = ap_len > 0 ? static_cast<uint64_t>(ap_len) : 0;');
  // Launch configuration of the CUDA original.
  const reduce = d.program.schedule.kind === 'reduceAll' ? d.program.schedule : null;
  if (reduce?.cudaForm === 'block-stride') lines.push('      unsigned long long ap_block = 256;', '      unsigned long long ap_grid = 1;');
  else if (unguarded && pack > 1) lines.push(`      unsigned long long ap_block = 256; while (ap_block > 1 && (ap_n / ${pack}) % ap_block != 0) ap_block /= 2;`, `      unsigned long long ap_grid = ap_n / ${pack} / ap_block;`);
  else if (unguarded) lines.push('      unsigned long long ap_block = 256; while (ap_block > 1 && ap_n % ap_block != 0) ap_block /= 2;', '      unsigned long long ap_grid = ap_n / ap_block;');
  else if (pack > 1) lines.push('      unsigned long long ap_block = 256;', `      unsigned long long ap_grid = ap_n == 0 ? 1 : (ap_n + 256ull * ${pack} - 1) / (256ull * ${pack});`);
  else if (d.program.schedule.cudaForm === 'grid-stride') lines.push('      unsigned long long ap_block = 256;', '      unsigned long long ap_grid = ap_n == 0 ? 1 : std::min<unsigned long long>((ap_n + 255) / 256, 3);');
  else lines.push('      unsigned long long ap_block = 256;', '      unsigned long long ap_grid = ap_n == 0 ? 1 : (ap_n + 255) / 256;');
  lines.push(`      void* ap_pc[${Math.max(1, d.fn.params.length)}] = {nullptr};`, `      void* ap_pa[${Math.max(1, d.fn.params.length)}] = {nullptr};`);
  for (const t of ts) {
    if (reduce && !d.tolerance) {
      // The result holds one element; the inputs stay within [-4, 4] (reduceToleranceFor).
      const rt = reduceToleranceFor(d.program);
      const isResult = t.name === reduce.result;
      lines.push(`      c.tensor("${t.name}", ${DT[t.dtype]}, ${isResult ? (reduce.mode === 'partials' ? 'ap_grid' : '1') : 'ap_n'}, ${t.read ? 'true' : 'false'}, ${t.written ? 'true' : 'false'}, false, ${rt.rtol}, ${rt.atolExpr}, &ap_pc[${t.index}], &ap_pa[${t.index}], true);`);
      continue;
    }
    const tol = d.tolerance ? handTolerance(d.tolerance, t.dtype) : toleranceFor(d.program, t.dtype);
    if (typeof t.scalarOnly === 'number') {
      // Read at constant indices only (`pars[0]`): exactly the elements CUDA reads, each a scalar-like value.
      lines.push(`      c.tensor("${t.name}", ${DT[t.dtype]}, ${t.scalarOnly}, true, false, false, 0, 0, &ap_pc[${t.index}], &ap_pa[${t.index}], 3);`);
      continue;
    }
    lines.push(`      c.tensor("${t.name}", ${DT[t.dtype]}, ap_n, ${t.read ? 'true' : 'false'}, ${t.written ? 'true' : 'false'}, ${tol.nanInf ? 'true' : 'false'}, ${tol.rtol}, ${tol.atol}, &ap_pc[${t.index}], &ap_pa[${t.index}]);`);
  }
  lines.push(
    ...runBoth(s),
    ...(reduce?.mode === 'partials' && reduce.op === 'sum' ? [`      c.fold_sum("${reduce.result}", ap_grid);  // block partials: compare their sum (the second pass's value), not each partial`] : []),
    ...(reduce?.mode === 'partials' && reduce.op !== 'sum' ? [`      c.fold_extreme("${reduce.result}", ap_grid, ${reduce.op === 'max'});  // block partials: compare their ${reduce.op} (the second pass's value), not each partial`] : []),
    '      c.compare_and_report();',
    '    }',
    '  }',
  );
  return lines;
}

/**
 * Shapes of a layout copy: each integer parameter takes a value from one row per case (the
 * rows rotate the values over the parameters, so each parameter is once the odd one: 33 is
 * not a multiple of a 32-byte block of any type). `--sizes` is not used: a layout kernel's
 * size is the product of its parameters.
 */
const COPY_SHAPES: readonly (readonly number[])[] = [
  [1, 1, 1, 1, 1, 1],
  [2, 3, 4, 5, 3, 2],
  [3, 2, 5, 33, 2, 3],
  [33, 5, 2, 3, 1, 2],
  [2, 33, 3, 2, 2, 1],
  [4, 2, 33, 7, 1, 3],
];

/**
 * A layout copy's cases: COPY_SHAPES for its integer parameters; each tensor holds exactly the
 * elements the kernel touches (its largest index + 1), so a port that moves an element the
 * CUDA does not move writes outside the tensor and the guard bytes catch it. Compared exactly.
 */
function copyKernelBlock(d: DriverInput): string[] {
  const s = d.program.schedule;
  if (s.kind !== 'copy') throw new Error('not a copy program');
  const sname = sym(d.program.kernel);
  const n = Math.max(1, d.fn.params.length);
  const ints = d.fn.params.map((p, i) => ({ p, i })).filter(({ p }) => p.pointerDepth === 0);
  const locals = ints.map(({ p, i }) => `const int64_t ${p.name} = static_cast<int64_t>(ap_s[${i}]); (void)${p.name}; `).join('');
  const lines: string[] = [
    `  if (opt.wants("${d.fn.name}")) {`,
    `    const int64_t shapes[][${COPY_SHAPES[0]!.length}] = {${COPY_SHAPES.map((r) => `{${r.join(', ')}}`).join(', ')}};`,
    '    for (const auto& ap_shape : shapes) {',
    `      double ap_s[${n}] = {0};`,
    ...ints.map(({ i }, j) => `      ap_s[${i}] = static_cast<double>(ap_shape[${j % COPY_SHAPES[0]!.length}]);`),
    `      const int64_t ap_len = [&]() { ${locals}return static_cast<int64_t>(${s.length}); }();`,
    `      ap_verify::Case c("${d.fn.name}", static_cast<uint64_t>(ap_len), ${d.seed}u);`,
    '      unsigned long long ap_block = 256;',
    '      unsigned long long ap_grid = ap_len <= 0 ? 1 : (static_cast<unsigned long long>(ap_len) + 255) / 256;',
    `      void* ap_pc[${n}] = {nullptr};`,
    `      void* ap_pa[${n}] = {nullptr};`,
  ];
  for (const t of tensors(d.program)) {
    lines.push(`      const int64_t ap_ext_${t.index} = [&]() { ${locals}return static_cast<int64_t>(${s.extents[t.name] ?? '0'}); }();`);
    lines.push(`      c.tensor("${t.name}", ${DT[t.dtype]}, static_cast<uint64_t>(ap_ext_${t.index}), ${t.read ? 'true' : 'false'}, ${t.written ? 'true' : 'false'}, true, 0, 0, &ap_pc[${t.index}], &ap_pa[${t.index}]);`);
  }
  lines.push(
    ...runBoth(sname),
    '      c.compare_and_report();',
    '    }',
    '  }',
  );
  return lines;
}

/**
 * A single-thread kernel's cases: three draws of its inputs (each tensor holds exactly the
 * elements the work touches, read values and scalars drawn like scalar arguments: either sign,
 * magnitude in [0.5, 2), integers 1 … 9, so no division by zero). A kernel guarded to its first
 * thread runs on CUDA over 3 blocks of 64 threads, so a guard that let another thread act would
 * show; the others on one thread, as their launches do. Compared exactly, except one float
 * ulp per division (the scalar unit's float division is not documented as correctly rounded).
 */
function singleKernelBlock(d: DriverInput): string[] {
  const s = d.program.schedule;
  if (s.kind !== 'single') throw new Error('not a single program');
  const sname = sym(d.program.kernel);
  const n = Math.max(1, d.fn.params.length);
  const wide = s.cudaForm === 'first-thread';
  const divisions = s.steps.reduce((k, x) => k + (x.value.match(/ \/ /g) ?? []).length, 0);
  const lines: string[] = [
    `  if (opt.wants("${d.fn.name}")) {`,
    '    for (uint64_t ap_case = 1; ap_case <= 3; ++ap_case) {',
    `      ap_verify::Case c("${d.fn.name}", ap_case, ${d.seed}u);`,
    `      double ap_s[${n}] = {0};`,
  ];
  d.fn.params.forEach((p, i) => {
    if (p.pointerDepth > 0) return;
    const arg = d.program.args.find((a) => a.index === i);
    const integral = !(arg && arg.kind === 'scalar' && /float|double/.test(arg.cppType));
    lines.push(`      ap_s[${i}] = c.scalar(${integral ? 'true' : 'false'});`);
  });
  lines.push(
    `      unsigned long long ap_block = ${wide ? 64 : 1};`,
    `      unsigned long long ap_grid = ${wide ? 3 : 1};`,
    `      void* ap_pc[${n}] = {nullptr};`,
    `      void* ap_pa[${n}] = {nullptr};`,
  );
  for (const t of tensors(d.program)) {
    const rtol = t.dtype === 'float' && divisions ? 1.2e-7 * divisions : 0;
    lines.push(`      c.tensor("${t.name}", ${DT[t.dtype]}, ${Math.max(1, s.extents[t.name] ?? 0)}, ${t.read ? 'true' : 'false'}, ${t.written ? 'true' : 'false'}, false, ${rtol}, 0, &ap_pc[${t.index}], &ap_pa[${t.index}], 3);`);
  }
  lines.push(
    ...runBoth(sname),
    '      c.compare_and_report();',
    '    }',
    '  }',
  );
  return lines;
}

/** Rows per CUDA block of 256 threads as the rows driver launches each form (whole blocks of rows, `cudaWholeBlocks`). */
const ROWS_PER_BLOCK: Partial<Record<string, number>> = { 'thread-per-row': 256, 'warp-per-row': 8, 'block-per-row': 1 };

/**
 * A row-wise kernel's cases: rows × cols shapes (`--sizes` gives row lengths of 3 rows); the
 * row count and length scalars get the shape, other scalars are positive (an eps); row tensors
 * hold rows × cols elements, per-column tensors cols, per-row outputs rows. The CUDA side is
 * launched with one thread per row (blocks of 256).
 */
function rowsKernelBlock(d: DriverInput): string[] {
  const s = d.program.schedule;
  if (s.kind !== 'rows') throw new Error('not a rows program');
  const sname = sym(d.program.kernel);
  const names = (e: string) => [...new Set(e.match(/\b[A-Za-z_]\w*\b/g) ?? [])].filter((n) => d.fn.params.some((p) => p.name === n && p.pointerDepth === 0));
  // A broadcast without a guard: its row count comes from the launch (grid × block elements, the last row partial).
  const unguarded = s.cudaForm === 'per-element' && s.elementForm === 'unguarded';
  // A guard on a total that is not rows × cols (s.total): the total gets the element count, the last row partial as without a guard.
  const totalNames = s.total !== undefined ? names(s.total) : [];
  const ragged = unguarded || s.total !== undefined;
  const rowNames = ragged ? [] : names(s.rows);
  const colNames = names(s.cols);
  // Tensors read in rows `stride` apart: each stride parameter is a little more than a row (and in every other shape the strides differ).
  // Over a 3-D grid the strides along x, y and z are set from the grid's shape (below), not here.
  const strides = s.grid3 ? [] : [...new Set((s.rowStrides ?? []).map((r) => r.stride))];
  const gridStride = new Map<string, 'x' | 'y' | 'z'>();
  if (s.grid3) for (const r of s.rowStrides ?? []) for (const [axis, v] of [['x', r.stride], ['y', r.y], ['z', r.z]] as const) if (v && v !== '0') gridStride.set(v, axis);
  const square = rowNames.length === 1 && colNames.length === 1 && rowNames[0] === colNames[0] && s.rows.trim() === s.cols.trim();
  // An extent that is a constant of the file (a broadcast's `i % 64`) is the same in every shape.
  const fixedRows = /^\d+$/.test(s.rows.trim()) ? s.rows.trim() : null;
  const fixedCols = /^\d+$/.test(s.cols.trim()) ? s.cols.trim() : null;
  const n = Math.max(1, d.fn.params.length);
  const tol = d.tolerance ? null : rowsToleranceFor(d.program);
  const perBlock = ROWS_PER_BLOCK[s.cudaForm] ?? 1;
  const lines: string[] = [
    `  if (opt.wants("${d.fn.name}")) {`,
    // One parameter for both extents (a square matrix, `A[i * n + j]` with i, j < n): square shapes.
    square
      ? `    std::vector<std::pair<uint64_t, uint64_t>> shapes = {${SQUARE_SIDES.map((n) => `{${n}, ${n}}`).join(', ')}};`
      : `    std::vector<std::pair<uint64_t, uint64_t>> shapes = {${d.cases.map((c) => `{${c.rows ?? 1}, ${c.cols ?? c.size}}`).join(', ')}};`,
    `    if (!opt.sizes.empty()) { shapes.clear(); for (uint64_t c : opt.sizes) shapes.push_back({${square ? 'c' : '3'}, c}); }`,
    '    for (const auto& ap_shape : shapes) {',
    ...(strides.length || s.grid3 ? ['      const uint64_t ap_k = static_cast<uint64_t>(&ap_shape - shapes.data());'] : []),
    // Column sums staged in CUDA's shared memory: a row no longer than that memory holds (227 KiB, the largest a CUDA block may opt into).
    s.cudaSharedRegions
      ? `      const uint64_t ap_rows = ${fixedRows ?? (s.cudaWholeBlocks ? `(ap_shape.first + ${perBlock} - 1) / ${perBlock} * ${perBlock}` : 'ap_shape.first')}, ap_cols = std::min<uint64_t>(${fixedCols ?? 'ap_shape.second'}, ${Math.floor((227 * 1024) / (4 * s.cudaSharedRegions))});`
      : `      const uint64_t ap_rows = ${fixedRows ?? 'ap_shape.first'}, ap_cols = ${fixedCols ?? 'ap_shape.second'};`,
    // A 3-D grid of rows: z of 2 when the rows split evenly (and there are 4 or more), y the smallest factor of the rest, x what is left;
    // the strides leave gaps after each row, each y step and each z step (wider in odd shapes).
    ...(s.grid3
      ? [
          '      const uint64_t ap_gz = ap_rows >= 4 && ap_rows % 2 == 0 ? 2 : 1;',
          '      uint64_t ap_gy = 1;',
          '      for (uint64_t f = 2; f * f <= ap_rows / ap_gz; ++f) if ((ap_rows / ap_gz) % f == 0) { ap_gy = f; break; }',
          '      const uint64_t ap_gx = ap_rows / ap_gz / ap_gy;',
          '      const uint64_t ap_sx = ap_cols + 3 + (ap_k % 2) * 2, ap_sy = ap_gx * ap_sx + 5, ap_sz = ap_gy * ap_sy + 7;',
        ]
      : []),
    // Without a guard the launch covers ap_elems threads: the last row is cut to ceil(cols / 2) elements, so a port that assumes whole rows fails.
    ragged ? '      const uint64_t ap_elems = ap_rows * ap_cols - ap_cols / 2;' : '      const uint64_t ap_elems = ap_rows * ap_cols;',
    `      ap_verify::Case c("${d.fn.name}", ap_elems, ${d.seed}u);`,
    `      double ap_s[${n}] = {0};`,
  ];
  d.fn.params.forEach((p, i) => {
    if (p.pointerDepth > 0) return;
    if (s.blockSizeParams?.includes(p.name)) lines.push(`      ap_s[${i}] = ${s.blockThreads ?? 256};  // the block size, as every launch of the CUDA file passes it`);
    else if (gridStride.has(p.name)) lines.push(`      ap_s[${i}] = static_cast<double>(ap_s${gridStride.get(p.name)});  // a stride along the grid's ${gridStride.get(p.name)}`);
    else if (totalNames[0] === p.name && !colNames.includes(p.name)) lines.push(`      ap_s[${i}] = static_cast<double>(ap_elems);  // the bound: rows × cols less half a row, so the last row is partial`);
    else if (rowNames[0] === p.name) lines.push(`      ap_s[${i}] = static_cast<double>(ap_rows);`);
    // The column layout: a column's elements are `stride` apart, the tensor holds cols rows of `rows` outputs.
    else if (s.layout === 'cols' && s.stride === p.name && !colNames.includes(p.name)) lines.push(`      ap_s[${i}] = static_cast<double>(ap_rows);  // the stride of a column: one row of the row-major tensor`);
    else if (colNames[0] === p.name) lines.push(`      ap_s[${i}] = static_cast<double>(ap_cols);`);
    else if (strides.includes(p.name)) lines.push(`      ap_s[${i}] = static_cast<double>(ap_cols + 3 + (ap_k % 2) * ${strides.indexOf(p.name) * 2});  // a row stride: a gap after each row${strides.length > 1 ? ', equal strides in even shapes' : ''}`);
    else if (totalNames.includes(p.name) && !colNames.includes(p.name)) lines.push(`      ap_s[${i}] = 1;`);
    else if (rowNames.includes(p.name) || colNames.includes(p.name)) lines.push(`      ap_s[${i}] = 1;`);
    else lines.push(`      ap_s[${i}] = std::fabs(c.scalar(${/float|double/.test(p.baseType) ? 'false' : 'true'}));`);
  });
  // One thread per row: blocks of 256 threads over the rows; one block per row: a grid of rows blocks of 256 threads (32 when every launch's block is one warp);
  // one warp per row: blocks of 256 threads (8 warps) over the rows.
  // A broadcast: one thread per element of rows × cols (at most 3 blocks for a grid-stride loop, so that it loops).
  const elements = '(ap_elems + 255) / 256';
  const grid =
    s.cudaForm === 'per-element'
      ? unguarded
        ? 'ap_elems / ap_block'
        : s.elementForm === 'grid-stride'
        ? `(${elements} == 0 ? 1 : std::min<unsigned long long>(${elements}, 3))`
        : `(${elements} == 0 ? 1 : ${elements})`
      : s.grid3
        ? 'ap_gx | (ap_gy << 20) | (ap_gz << 40)'
      : s.cudaForm === 'block-per-row'
        ? 'ap_rows'
        : s.cudaForm === 'warp-per-row'
          ? '(ap_rows + 7) / 8'
          : '(ap_rows + 255) / 256';
  lines.push(
    // Without a guard: blocks of the largest power of two up to 256 that divides the element count, so grid × block is exactly it.
    unguarded
      ? '      unsigned long long ap_block = 256; while (ap_block > 1 && ap_elems % ap_block != 0) ap_block /= 2;'
      : s.blockThreads
        ? `      unsigned long long ap_block = ${s.blockThreads};  // the block every launch of the CUDA file gives the kernel`
        : '      unsigned long long ap_block = 256;',
    `      unsigned long long ap_grid = ${grid};`, `      void* ap_pc[${n}] = {nullptr};`, `      void* ap_pa[${n}] = {nullptr};`);
  const cols = new Set(s.colTensors);
  const perRow = new Set(s.rowStores.map((r) => r.tensor));
  // Column sums across rows: a row of cols values that CUDA and the port add every row into (filled as inputs, so the additions show).
  const colAdds = new Set(s.colAdds ?? []);
  for (const t of tensors(d.program)) {
    if (colAdds.has(t.name)) {
      const c = tol ? colAddTolerance(d.program, t.name) : { rtolExpr: String(d.tolerance!.rtol), atolExpr: String(d.tolerance!.atol) };
      lines.push(`      c.tensor("${t.name}", ${DT[t.dtype]}, ap_cols, true, true, false, ${c.rtolExpr}, ${c.atolExpr}, &ap_pc[${t.index}], &ap_pa[${t.index}], true);`);
      continue;
    }
    if (typeof t.scalarOnly === 'number') {
      // Read at constant indices only (`pars[0]`): exactly the elements CUDA reads, each a scalar-like value.
      lines.push(`      c.tensor("${t.name}", ${DT[t.dtype]}, ${t.scalarOnly}, true, false, false, 0, 0, &ap_pc[${t.index}], &ap_pa[${t.index}], 3);`);
      continue;
    }
    // A broadcast's values per row (`mean[i / C]`) are read, one per row.
    const stride = s.rowStrides?.find((r) => r.tensor === t.name)?.stride;
    const strideAt = stride !== undefined ? d.fn.params.findIndex((p) => p.name === stride) : -1;
    // A tensor read in rows `stride` apart holds exactly what CUDA reads: rows − 1 strides, then the last row.
    const inGrid = s.grid3 && s.rowStrides?.some((r) => r.tensor === t.name);
    const count = inGrid ? '(ap_rows == 0 ? 0 : (ap_gx - 1) * ap_sx + (ap_gy - 1) * ap_sy + (ap_gz - 1) * ap_sz + ap_cols)' : strideAt >= 0 ? `(ap_rows == 0 ? 0 : (ap_rows - 1) * static_cast<uint64_t>(ap_s[${strideAt}]) + (ap_elems - (ap_rows - 1) * ap_cols))` : cols.has(t.name) ? 'ap_cols' : perRow.has(t.name) || t.scalarOnly === 'row' ? 'ap_rows' : 'ap_elems';
    let rtol = tol ? tol.rtolExpr : String(d.tolerance!.rtol);
    let atol = tol ? tol.atolExpr : String(d.tolerance!.atol);
    if (tol && s.cudaForm === 'per-element') {
      // A broadcast has no row reduction: each element is the same function on both sides, so the
      // tolerance is the elementwise one of its op classes and output type (exact for exact ops).
      const e = toleranceFor({ ...d.program, schedule: { kind: 'stream', length: '0', cudaForm: 'guard' } }, t.dtype);
      lines.push(`      c.tensor("${t.name}", ${DT[t.dtype]}, ${count}, ${t.read || t.scalarOnly !== undefined ? 'true' : 'false'}, ${t.written ? 'true' : 'false'}, false, ${e.rtol}, ${e.atol}, &ap_pc[${t.index}], &ap_pa[${t.index}], true);`);
      continue;
    }
    // A half / bfloat16 output: the port rounds its float row value as CUDA does (to nearest even), but
    // the float values differ within the float tolerance, and one that straddles a rounding boundary
    // lands one ulp of the narrow type away (2^-8 relative for bf16, 2^-7 just above a power of two; 2^-10 for half).
    if (tol && t.written && (t.dtype === 'bf16' || t.dtype === 'half')) {
      rtol = `std::max<double>(${rtol}, ${t.dtype === 'bf16' ? 8e-3 : 1e-3})`;
      atol = `std::max<double>(${atol}, ${t.dtype === 'bf16' ? 1e-5 : 1e-6})`;
    }
    lines.push(`      c.tensor("${t.name}", ${DT[t.dtype]}, ${count}, ${t.read || t.scalarOnly !== undefined ? 'true' : 'false'}, ${t.written ? 'true' : 'false'}, false, ${rtol}, ${atol}, &ap_pc[${t.index}], &ap_pa[${t.index}], true);`);
  }
  lines.push(
    ...runBoth(sname),
    '      c.compare_and_report();',
    '    }',
    '  }',
  );
  return lines;
}

/**
 * The tolerance of a matrix product, as C++ over K (`ap_k`): a K-term dot product summed in
 * two orders (CUDA's loop; the Cube's blocks of K). Inputs lie in [-1, 1], so each product is
 * at most 1 (times |alpha| < 2 when alpha scales it); terms of either sign keep partial sums
 * near √k and rounding errors of independent sign add like a random walk, as for a reduction:
 * atol = 2·u·B·K bounds the difference (u = 2^-24), rtol = 2u the last rounding; an epilogue
 * computes the same float operations in the same order on both sides, and adds the op-class
 * tolerance of its functions (exp, erf, division). A half or bfloat16 C adds one ulp of its type
 * (the two sums may round to neighbouring values); int8 products accumulated in int32 are exact.
 */
export function matmulToleranceFor(program: TileProgram, plan: Plan | undefined): { rtol: number; atolExpr: string; why: string } {
  const s = program.schedule;
  if (s.kind !== 'matmul') throw new Error('not a matmul program');
  const g = s.gemm;
  const c = tensors(program).find((t) => t.name === g.c.param)?.dtype ?? 'float';
  if (c === 'int32') return { rtol: 0, atolExpr: '0', why: 'int8 products summed in int32: exact' };
  const u = 2 ** -24;
  const B = g.epilogue.alpha && !/^1(?:\.0*)?f?$/.test(g.epilogue.alpha.trim()) ? 2 : 1;
  const ep = plan && plan.schedule === 'matmul' && plan.epilogue ? toleranceFor({ ...plan.epilogue.program, schedule: { kind: 'stream', length: '0', cudaForm: 'guard' } }, 'float') : null;
  const typeUlp = c === 'half' ? 2 ** -10 : c === 'bf16' ? 2 ** -7 : 0;
  const rtol = 2 * u + (ep ? ep.rtol : 0) + typeUlp;
  return { rtol, atolExpr: `${2 * u * B} * static_cast<double>(ap_k) + ${ep ? Math.max(ep.atol, 0) : 0}`, why: `a ${'K'}-term dot product of inputs in [-1, 1] in two orders: 2·u·${B}·K absolute, ${rtol.toPrecision(3)} relative${ep ? ` (epilogue: ${ep.why})` : ''}${typeUlp ? `, one ${c} ulp` : ''}` };
}

/** The tile a product without bound checks needs its shapes to be multiples of (M, N, K), or undefined for a guarded one. */
/** M or N is what the CUDA grid covers (no bound check): shapes must be whole tiles. */
const extentFromGrid = (g: GemmDescription) => [g.m, g.n].some((e) => e.kind === 'launch' && e.grid);

export function launchTiles(g: GemmDescription): { m: number; n: number; k: number } | undefined {
  if (!extentFromGrid(g)) {
    // wmma loads and stores whole fragments (its bound checks test a fragment's origin only): whole fragments.
    if (g.form === 'wmma' && g.fragmentShape) return { m: g.fragmentShape[0], n: g.fragmentShape[1], k: g.fragmentShape[2] };
    // A K loop over whole tiles: M and N in whole tiles (its loads have no bound checks); K as it
    // comes, so that the CUDA's left-out remainder of K (and K < T, no tile at all) is exercised.
    const kw = g.cudaLaunch?.kWhole;
    if (kw) return { m: kw.tile, n: kw.tile, k: 1 };
    return undefined;
  }
  const [bx, by] = g.cudaLaunch?.block ?? [16, 16];
  const [tx, ty] = g.cudaLaunch?.tile ?? [bx, by];
  const [m, n] = g.cudaLaunch?.mAxis === 'x' ? [tx, ty] : [ty, tx];
  return { m, n, k: Math.max(m, n) };
}

/** The cases of a product without bound checks: 1 × 1 × 1, 2 × 3 × 4 and 5 × 2 × 3 tiles (non-square, several blocks each way). */
export function launchCases(g: GemmDescription): VerifyCase[] | undefined {
  // A guarded product (wmma's too) runs the default cases, rounded up to whole tiles by the driver.
  if (!extentFromGrid(g)) return undefined;
  const t = launchTiles(g);
  if (!t) return undefined;
  return [
    [1, 1, 1, 'one tile of each extent'],
    [2, 3, 4, 'non-square: 2 × 3 blocks of C, 4 tiles of K'],
    [5, 2, 3, 'more rows of blocks than columns'],
  ].map(([a, b, c, why]) => {
    // A launch over whole tiles of the N parameter: one case has 8 columns more, which the CUDA leaves
    // out (8: rows stay 16-byte aligned for a float4 or 8-half vector load).
    const extra = g.cudaLaunch?.nWhole && b === 3 && t.n >= 16 ? 8 : 0;
    const n = (b as number) * t.n + extra;
    return { size: (a as number) * t.m * n, m: (a as number) * t.m, n, k: (c as number) * t.k, why: `${why} (M, N, K multiples of the CUDA's ${t.m} × ${t.n} × ${t.k} tile; it has no bound checks)${extra ? `; N is ${extra} more, and the CUDA's grid covers whole tiles of N only, leaving the last ${extra} columns out` : ''}` };
  });
}

/**
 * A matrix product's cases: M × N × K shapes (`--sizes` taken three at a time as M, N, K; a
 * list whose length is not a multiple of 3 gives cubes, s × s × s); the description's extents,
 * leading dimensions and batch strides that are plain parameters get the shape's values (the
 * matrices packed: lda = K or M, ldb = N or K, ldc = N, strides M·K, K·N, M·N), a batched
 * product runs 2 batches, other scalars (alpha, beta) are random floats of either sign in
 * [0.5, 2). Inputs are in [-1, 1]. The CUDA side runs on a 2-D grid over C (x over N, y over M,
 * or the description's `mAxis`), blocks of 16 × 16 threads each computing one element unless
 * the description's `cudaLaunch` gives the block and the tile a block covers, and z over the
 * batches when CUDA walks them with blockIdx.z.
 */
function matmulKernelBlock(d: DriverInput): string[] {
  const s = d.program.schedule;
  if (s.kind !== 'matmul') throw new Error('not a matmul program');
  const g = s.gemm;
  const sname = sym(d.program.kernel);
  const n = Math.max(1, d.fn.params.length);
  const ident = (e: GemmExtent) => (e.kind === 'param' && /^[A-Za-z_]\w*$/.test(e.expr.trim()) ? e.expr.trim() : null);
  const same = (a: GemmExtent, b: GemmExtent) => ident(a) !== null && ident(a) === ident(b);
  const values = new Map<string, string>();
  const set = (e: GemmExtent | undefined, v: string) => {
    const id = e ? ident(e) : null;
    if (id && !values.has(id)) values.set(id, v);
  };
  set(g.m, 'ap_m');
  // N in whole tiles (`N / X` blocks): the kernel's N is the shape's; the product is ⌊N / X⌋ · X columns.
  if (g.cudaLaunch?.nWhole) values.set(g.cudaLaunch.nWhole.param, 'ap_n_');
  set(g.n, 'ap_n_');
  set(g.k, 'ap_k');
  // K in whole tiles (`K / T` steps): the kernel's K is the shape's; the product sums ⌊K / T⌋ · T terms.
  if (g.cudaLaunch?.kWhole && !values.has(g.cudaLaunch.kWhole.param)) values.set(g.cudaLaunch.kWhole.param, 'ap_k');
  if (g.batch) set(g.batch.count, 'ap_b');
  // A leading dimension that is a parameter of its own (BLAS's lda) gets a few elements more than the
  // row it strides over: the operands are blocks of larger matrices, whose gaps neither side may touch.
  const ld = {
    a: ident(g.a.ld) && !values.has(ident(g.a.ld)!) ? (g.a.layout === 'row' ? 'ap_k + 3' : 'ap_m + 3') : g.a.layout === 'row' ? 'ap_k' : 'ap_m',
    b: ident(g.b.ld) && !values.has(ident(g.b.ld)!) && ident(g.b.ld) !== ident(g.a.ld) ? (g.b.layout === 'row' ? 'ap_n_ + 5' : 'ap_k + 5') : g.b.layout === 'row' ? 'ap_n_' : 'ap_k',
    c: ident(g.c.ld) && !values.has(ident(g.c.ld)!) && ident(g.c.ld) !== ident(g.a.ld) && ident(g.c.ld) !== ident(g.b.ld) ? 'ap_n_ + 2' : 'ap_n_',
  };
  set(g.a.ld, 'ap_lda');
  set(g.b.ld, 'ap_ldb');
  set(g.c.ld, 'ap_ldc');
  if (g.batch) {
    set(g.batch.strideA, g.a.layout === 'row' ? 'ap_m * ap_lda' : 'ap_k * ap_lda');
    set(g.batch.strideB, g.b.layout === 'row' ? 'ap_k * ap_ldb' : 'ap_n_ * ap_ldb');
    set(g.batch.strideC, 'ap_m * ap_ldc');
  }
  const cv = (e: GemmExtent, v: string) => (e.kind === 'constant' ? String(e.value) : v);
  // K's parameter (a K in whole tiles is an expression over it): one shared with M or N takes their value.
  const kParam: GemmExtent = g.cudaLaunch?.kWhole ? { kind: 'param', expr: g.cudaLaunch.kWhole.param } : g.k;
  const tol = d.tolerance ? { rtol: d.tolerance.rtol, atolExpr: String(d.tolerance.atol) } : matmulToleranceFor(d.program, d.plan);
  const [bx, by] = g.cudaLaunch?.block ?? [16, 16];
  const [tx, ty] = g.cudaLaunch?.tile ?? [bx, by];
  const mOnX = g.cudaLaunch?.mAxis === 'x';
  // A product without bound checks (M or N from the launch) is correct only for shapes that are
  // multiples of its tile: M, N and K (whose tile loop loads whole tiles) are rounded up to them.
  const tiles = launchTiles(g);
  const nullBias = g.epilogue.bias?.nullable ? tensors(d.program).find((t) => t.name === g.epilogue.bias!.param) : undefined;
  const lines: string[] = [
    `  if (opt.wants("${d.fn.name}")) {`,
    `    std::vector<std::array<uint64_t, 3>> shapes = {${d.cases.map((c) => `{${c.m ?? 1}, ${c.n ?? 1}, ${c.k ?? 1}}`).join(', ')}};`,
    '    if (!opt.sizes.empty()) {',
    '      shapes.clear();',
    '      if (opt.sizes.size() % 3 == 0) for (size_t i = 0; i < opt.sizes.size(); i += 3) shapes.push_back({opt.sizes[i], opt.sizes[i + 1], opt.sizes[i + 2]});',
    '      else for (uint64_t v : opt.sizes) shapes.push_back({v, v, v});',
    '    }',
    // (N in whole tiles of the launch: at least one tile, its remainder kept, as the CUDA leaves it out.)
    ...(tiles ? [`    for (auto& ap_sh : shapes) { const uint64_t ap_t[3] = {${tiles.m}, ${tiles.n}, ${tiles.k}}; for (int i = 0; i < 3; ++i) ap_sh[i] = ${g.cudaLaunch?.nWhole ? 'i == 1 ? std::max<uint64_t>(ap_sh[i], ap_t[i]) : ' : ''}(ap_sh[i] + ap_t[i] - 1) / ap_t[i] * ap_t[i]; }`] : []),
    // A bias the CUDA skips when it is null: each shape runs again with a null bias on both sides.
    `    for (const auto& ap_shape : shapes) for (int ap_null = 0; ap_null < ${nullBias ? 2 : 1}; ++ap_null) {`,
    // One parameter for two extents (a square product: M = N = K = n): the shape honours it.
    `      const uint64_t ap_m = ${cv(g.m, 'ap_shape[0]')}, ap_n_ = ${cv(g.n, same(g.n, g.m) ? 'ap_m' : 'ap_shape[1]')}, ap_k = ${cv(g.k, same(kParam, g.m) ? 'ap_m' : same(kParam, g.n) ? 'ap_n_' : 'ap_shape[2]')};`,
    `      const uint64_t ap_b = ${g.batch ? cv(g.batch.count, '2') : '1'};`,
    `      const uint64_t ap_lda = ${cv(g.a.ld, ld.a)}, ap_ldb = ${cv(g.b.ld, ld.b)}, ap_ldc = ${cv(g.c.ld, ld.c)};`,
    `      ap_verify::Case c("${d.fn.name}", ap_m * ap_n_, ${d.seed}u);`,
    `      double ap_s[${n}] = {0};`,
  ];
  d.fn.params.forEach((p, i) => {
    if (p.pointerDepth > 0) return;
    const v = values.get(p.name);
    if (v) lines.push(`      ap_s[${i}] = static_cast<double>(${v});`);
    else lines.push(`      ap_s[${i}] = c.scalar(${/float|double|half/.test(p.baseType) ? 'false' : 'true'});`);
  });
  // The grid over N: ⌈N / X⌉ blocks, or ⌊N / X⌋ when the launch covers whole tiles of N only.
  const nBlocks = (t: number) => (g.cudaLaunch?.nWhole ? `ap_n_ / ${t}` : `(ap_n_ + ${t - 1}) / ${t}`);
  const gx = mOnX ? `(ap_m + ${tx - 1}) / ${tx}` : nBlocks(tx);
  const gy = mOnX ? nBlocks(ty) : `(ap_m + ${ty - 1}) / ${ty}`;
  const gz = g.batch?.via === 'blockIdx.z' ? 'ap_b' : '1';
  lines.push(
    `      unsigned long long ap_grid = static_cast<unsigned long long>(${gx}) | (static_cast<unsigned long long>(${gy}) << 20) | (static_cast<unsigned long long>(${gz}) << 40);`,
    `      unsigned long long ap_block = ${bx}ull | (${by}ull << 16);`,
    `      void* ap_pc[${n}] = {nullptr};`,
    `      void* ap_pa[${n}] = {nullptr};`,
  );
  const sizeOf = (name: string): string => {
    if (name === g.a.param) return g.a.layout === 'row' ? 'ap_b * ap_m * ap_lda' : 'ap_b * ap_k * ap_lda';
    if (name === g.b.param) return g.b.layout === 'row' ? 'ap_b * ap_k * ap_ldb' : 'ap_b * ap_n_ * ap_ldb';
    if (name === g.c.param) return 'ap_b * ap_m * ap_ldc';
    if (g.epilogue.bias && name === g.epilogue.bias.param) return g.epilogue.bias.by === 'col' ? 'ap_n_' : 'ap_m';
    return 'ap_b * ap_m * ap_ldc';  // tensors of C's shape (beta's C, a residual) are read at C's index
  };
  for (const t of tensors(d.program)) {
    lines.push(`      c.tensor("${t.name}", ${DT[t.dtype]}, ${sizeOf(t.name)}, ${t.read ? 'true' : 'false'}, ${t.written ? 'true' : 'false'}, false, ${tol.rtol}, ${tol.atolExpr}, &ap_pc[${t.index}], &ap_pa[${t.index}], 2);`);
  }
  if (nullBias) lines.push(`      if (ap_null) { ap_pc[${nullBias.index}] = nullptr; ap_pa[${nullBias.index}] = nullptr; }`);
  lines.push(
    ...runBoth(sname),
    '      c.compare_and_report();',
    '    }',
    '  }',
  );
  return lines;
}

/** A C++ scalar type for a CUDA parameter's base type (qualifiers dropped). */
function cppScalar(baseType: string): string {
  return baseType.replace(/\b(const|volatile)\b/g, '').trim() || 'long long';
}

/**
 * How to verify a finished skeleton, whose computation the tool does not know: every pointer
 * parameter is a buffer of `n` elements (n = the first integer parameter, which CUDA's guard
 * usually compares against), read and compared after the run; scalars are random; the CUDA
 * side is launched with ceil(n / 256) blocks of 256 threads; a general floating-point
 * tolerance. The user's port is called through the skeleton's launch wrapper.
 */
export function skeletonShape(fn: FunctionModel, target: Target): Omit<DriverInput, 'fn' | 'kernelRef' | 'seed'> | { error: string } {
  const abi = skeletonAbi(fn, target);
  const args: TileProgram['args'] = [];
  for (const q of abi.launch.params) {
    if (q.from !== 'arg') continue;
    const p = fn.params[q.argIndex!]!;
    if (p.pointerDepth > 0) {
      if (!q.tensor) return { error: `${fn.name}: parameter \`${q.name}\` points to \`${p.baseType}\`; verification handles float, half and int32 buffers` };
      args.push({ kind: 'tensor', name: q.name, index: q.argIndex!, dtype: q.tensor.dtype, read: true, written: true });
    } else args.push({ kind: 'scalar', name: q.name, index: q.argIndex!, cppType: q.cppType, usedInCompute: true });
  }
  const length = fn.params.find((p) => p.pointerDepth === 0 && /^(?:const\s+)?(?:int|unsigned(?: int)?|long(?: long)?|size_t|u?int(?:32|64)_t)$/.test(p.baseType.trim()));
  if (!length) return { error: `${fn.name}: no integer parameter gives the element count` };
  const program: TileProgram = { kernel: fn.name, pattern: 'hand-finished', args, schedule: { kind: 'stream', length: length.name, cudaForm: 'guard' }, body: [], notes: [] };
  const cases: VerifyCase[] = [
    { size: 1, why: 'one element' },
    { size: 7, why: 'below one 32-byte block of float' },
    { size: 1003, why: 'ragged' },
    { size: 6149, why: 'several 2048-element shares' },
    { size: 100003, why: 'many tiles' },
  ];
  return { program, abi, cases, tolerance: { rtol: 1e-5, atol: 1e-6, nanInf: false, why: 'a hand-finished port: its operations are not known' } };
}

function handTolerance(t: Tolerance, dtype: DType): Tolerance {
  if (dtype === 'int32' || isStorageInt(dtype)) return { ...t, rtol: 0, atol: 0 };
  if (dtype === 'half') return { ...t, rtol: Math.max(t.rtol, 2e-3), atol: Math.max(t.atol, 1e-3) };
  if (dtype === 'bf16') return { ...t, rtol: Math.max(t.rtol, 8e-3), atol: Math.max(t.atol, 1e-5) };
  return t;
}

/**
 * The CUDA file without its host-only functions (blanked, newlines kept, so line numbers
 * stay): verification runs kernels and device functions only, and host code is where the
 * APIs the CPU shim does not provide live (peer access, graphs, OpenMP, library handles).
 * A template's body is blanked and its signature kept (its `template <…>` header stays).
 * With `run`, the kernels verification runs: the other `__global__` kernels' bodies are blanked
 * too (signatures kept), unless a kept body names them; they never run, and their bodies may use
 * what the CPU shim does not model (block-scope pipelines, `cuda::barrier`).
 */
export function withoutHostBodies(text: string, functions: readonly FunctionModel[], run?: ReadonlySet<string>): string {
  const spans: { start: number; end: number }[] = [];
  const kept = run ? functions.filter((f) => f.kind !== 'host' && f.bodySpan && (f.kind !== 'global' || run.has(f.name))) : [];
  const named = (name: string) => kept.some((k) => new RegExp(`\\b${name}\\b`).test(text.slice(k.bodySpan!.start, k.bodySpan!.end)));
  // Device code the kernels that run may call: the run kernels' bodies, then the device functions they name, and so on.
  const reached = new Set<FunctionModel>();
  if (run) {
    const queue = functions.filter((f) => f.kind === 'global' && f.bodySpan && run.has(f.name));
    for (let f = queue.pop(); f; f = queue.pop()) {
      if (reached.has(f)) continue;
      reached.add(f);
      const body = text.slice(f.bodySpan!.start, f.bodySpan!.end);
      for (const g of functions) if (g.kind !== 'host' && g.kind !== 'global' && g.bodySpan && !reached.has(g) && new RegExp(`\\b${g.name}\\b`).test(body)) queue.push(g);
    }
  }
  for (const f of functions) {
    if (!f.bodySpan) continue;
    // A device function with inline assembly (PTX) that no kernel run here can reach: its body cannot build for the CPU and is not needed.
    if (run && f.kind !== 'host' && f.kind !== 'global' && !reached.has(f) && /\b(?:asm|__asm__)\b/.test(text.slice(f.bodySpan.start, f.bodySpan.end))) {
      spans.push({ start: f.bodySpan.start + 1, end: f.bodySpan.end - 1 });
      continue;
    }
    if (f.kind === 'global' && run && !run.has(f.name) && !named(f.name)) {
      spans.push({ start: f.bodySpan.start + 1, end: f.bodySpan.end - 1 });
      continue;
    }
    if (f.kind !== 'host') continue;
    const whole = !f.templateParams && /(^|[;}{]|\n)\s*$/.test(text.slice(Math.max(0, f.span.start - 200), f.span.start).replace(/\/\/[^\n]*|\/\*[^]*?\*\//g, ''));
    spans.push(whole ? { start: f.span.start, end: f.span.end } : { start: f.bodySpan.start + 1, end: f.bodySpan.end - 1 });
  }
  // Outermost spans only (a lambda's lies inside its function's).
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at || s.end <= s.start) continue;
    out += text.slice(at, s.start) + text.slice(s.start, s.end).replace(/[^\n]/g, ' ');
    at = s.end;
  }
  return out + text.slice(at);
}
