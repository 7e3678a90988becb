/**
 * The `matmul` schedule: a matrix product the GEMM detector described (model/gemm.ts), on the
 * Cube unit through the Matmul high-level API (ascend-c.md §3.2–3.3).
 *
 * `matmulProgram` turns a description into a TileProgram (the CUDA parameters as tensors and
 * scalars, an empty body); `planMatmul` decides, for a target, what the Cube computes and what
 * runs after it:
 * - the Matmul's operand types and transposes (MatmulType ISTRANS), and whether the bias is
 *   fused (`SetBias`: a bias per column with nothing but the product before it);
 * - otherwise an epilogue (alpha, beta·C, a bias, a residual, an activation) as a `rows` program
 *   over the product, which the Matmul then writes into a float GM workspace: the vector cores
 *   read it row by row (the rows schedule's plan, lowering and renderer do the rest);
 * - leading dimensions other than the matrices' own (blocks of larger matrices): the kernel
 *   takes them and gives them to `SetOrgShape`, and the epilogue walks C's rows `ldc` apart.
 * What the port cannot do throws DoesNotFit with the reason: no Matmul API (910A), an
 * unconfirmed Cube type list (310P), unknowns in the description, a leading dimension only the
 * launch knows, an accumulator the Cube does not have.
 */
import type { FunctionModel } from '../../model/kernels';
import type { GemmDescription, GemmExtent } from '../../model/gemm';
import { SOC_FACTS, type Target } from '../../target';
import { HARDWARE } from '../../estimates/hardware';
import { portBudget } from '../budget';
import { DoesNotFit, type StreamPlan } from '../plan';
import { planRows, type RowsPlan } from '../rows/plan';
import type { Arg, DType, Op, ScalarArg, TileProgram } from '../program';

/** Element types a Matmul operand may have on A2 (ascend-c.md §3.2 [A27]); int4 is not read from CUDA. */
export type CubeIn = 'float' | 'half' | 'bf16' | 'int8';
export type CubeOut = 'float' | 'half' | 'bf16' | 'int32';

export interface MatmulPlan extends Omit<StreamPlan, 'schedule'> {
  schedule: 'matmul';
  aType: CubeIn;
  bType: CubeIn;
  /** What the Matmul writes: C's type, or float into the workspace an epilogue reads. */
  outType: CubeOut;
  transA: boolean;
  transB: boolean;
  /** The bias goes to `SetBias` (a bias per column, nothing else after the product). */
  fusedBias: boolean;
  /**
   * Leading dimensions other than the matrices' own (sub-matrices of larger ones, BLAS's lda,
   * ldb, ldc): C++ over the CUDA arguments. The kernel takes them (`ldA`, `ldB`, `ldC`) and gives
   * them to `SetOrgShape`; the epilogue reads and writes C's rows `ldc` apart. Absent when every
   * operand is packed (lda = K or M, ldb = N or K, ldc = N).
   */
  ld?: { a: string; b: string; c: string };
  /** The vector pass after the product: a rows program over (batch × M) rows of N columns. */
  epilogue?: { program: TileProgram; plan: RowsPlan };
  /** Cores the Matmul may use (the host tiling's SetDim): the Cube (AIC) cores. */
  cubeCores: number;
  cubeCoresSource: string;
  /** What the port does differently from CUDA, said in the generated header. */
  notes: string[];
}

/** The name of the float workspace the Matmul writes when an epilogue follows (a pseudo tensor of the epilogue). */
export const MATMUL_OUT = 'matmulOut';
/** The epilogue's row and column counts (scalars of its launch wrapper). */
export const EP_ROWS = 'epRows';
export const EP_COLS = 'epCols';
/** The epilogue's row stride in C (C's leading dimension, when it is not N). */
export const EP_LDC = 'epLdc';


const TYPE_OF: Readonly<Record<string, DType>> = {
  float: 'float',
  half: 'half',
  __half: 'half',
  __nv_bfloat16: 'bf16',
  nv_bfloat16: 'bf16',
  int8_t: 'int8',
  'signed char': 'int8',
  int: 'int32',
  int32_t: 'int32',
};

/** A CUDA element type as a port DType, or undefined. */
export function dtypeOf(cudaType: string): DType | undefined {
  return TYPE_OF[cudaType.replace(/\b(const|volatile|__restrict__|__restrict)\b/g, '').replace(/\s+/g, ' ').trim()];
}

/** An extent as C++ text over the kernel's parameters (and, for an extent the launch gives, the wrapper's CUDA grid and block dimensions). */
export function extentText(e: GemmExtent): string {
  if (e.kind === 'launch' && e.grid) {
    const X = e.grid.axis.toUpperCase();
    return `cudaGrid${X} * ${e.grid.perBlock === 'block' ? `cudaBlock${X}` : e.grid.perBlock}`;
  }
  return e.kind === 'constant' ? String(e.value) : e.expr;
}

/** The CUDA launch dimensions the wrapper takes to compute M or N (a product without bound checks), in wrapper order. */
export function launchDims(g: GemmDescription): Array<'cudaGridX' | 'cudaBlockX' | 'cudaGridY' | 'cudaBlockY'> {
  const out: Array<'cudaGridX' | 'cudaBlockX' | 'cudaGridY' | 'cudaBlockY'> = [];
  for (const axis of ['X', 'Y'] as const) {
    const e = [g.m, g.n].find((x) => x.kind === 'launch' && x.grid && x.grid.axis.toUpperCase() === axis);
    if (!e || e.kind !== 'launch' || !e.grid) continue;
    out.push(`cudaGrid${axis}`);
    if (e.grid.perBlock === 'block') out.push(`cudaBlock${axis}`);
  }
  return out;
}

const norm = (s: string) => s.replace(/[\s()]/g, '');

/**
 * The TileProgram of a described GEMM: every CUDA parameter (pointers as tensors with the
 * description's element types, scalars as written), the `matmul` schedule, no body.
 */
export function matmulProgram(g: GemmDescription, fn: FunctionModel): TileProgram {
  const roles = new Map<string, { t: string; read: boolean; written: boolean }>();
  const role = (param: string, t: string, read: boolean, written: boolean) => {
    const had = roles.get(param);
    roles.set(param, had ? { t: had.t, read: had.read || read, written: had.written || written } : { t, read, written });
  };
  role(g.a.param, g.a.elementType, true, false);
  role(g.b.param, g.b.elementType, true, false);
  role(g.c.param, g.c.elementType, g.epilogue.beta !== undefined && !g.epilogue.cIn, true);
  if (g.epilogue.cIn) role(g.epilogue.cIn.param, g.epilogue.cIn.elementType, true, false);
  if (g.epilogue.bias) role(g.epilogue.bias.param, g.epilogue.bias.elementType, true, false);
  if (g.epilogue.residual) role(g.epilogue.residual.param, g.epilogue.residual.elementType, true, false);
  const args: Arg[] = [];
  fn.params.forEach((p, index) => {
    const name = p.name || `arg${index}`;
    if (p.pointerDepth > 0) {
      const r = roles.get(name);
      if (!r) throw new DoesNotFit(`pointer parameter \`${name}\` is not an operand of the product the detector described (A, B, C, bias, residual)`);
      const dtype = dtypeOf(r.t);
      if (!dtype) throw new DoesNotFit(`\`${name}\` holds ${r.t}; the Matmul port handles float, half, bfloat16, int8 and int32 data`, undefined, true);
      args.push({ kind: 'tensor', name, index, dtype, read: r.read, written: r.written });
    } else args.push({ kind: 'scalar', name, index, cppType: p.type.replace(/\bconst\b\s*/g, '').trim() || p.baseType, usedInCompute: false });
  });
  for (const [param] of roles) if (!args.some((a) => a.kind === 'tensor' && a.name === param)) throw new DoesNotFit(`the description names \`${param}\`, which is not a pointer parameter of ${fn.name}`);
  const mn = `(${extentText(g.m)}) * (${extentText(g.n)})`;
  return {
    kernel: fn.name,
    pattern: 'matmul',
    args,
    schedule: { kind: 'matmul', gemm: g, length: g.batch ? `(${extentText(g.batch.count)}) * ${mn}` : mn, cudaForm: 'matmul' },
    body: [],
    notes: [],
  };
}

export function planMatmul(program: TileProgram, target: Target): MatmulPlan {
  if (program.schedule.kind !== 'matmul') throw new Error('not a matmul program');
  const g = program.schedule.gemm;
  const facts = SOC_FACTS[target.soc];
  const budget = portBudget(target);
  if (!facts.matmulApi) {
    throw new DoesNotFit(
      `the Matmul high-level API is "not supported" on Atlas training series (910A) (ascend-c.md §3.2, the SetTensorA/IterateAll/SetBias/End pages [A27]); a Cube port there needs the basic LoadData/Mmad path (§3.4), which this tool does not generate`,
      'ASC709',
      true,
    );
  }
  if (facts.arch === 2002) {
    throw new DoesNotFit(
      `on 310P the reference lists Matmul operands of half and int8 only (MatmulType table; the SetTensorA page also lists float: UNCONFIRMED, ascend-c.md §3.2) and the AI Core must give the Matmul a UB workspace (SetLocalWorkspace); this port converts neither float inputs to half nor sets that workspace yet`,
      'ASC709',
      true,
    );
  }
  if (facts.arch !== 2201) throw new DoesNotFit(`the Matmul port is implemented and verified for Atlas A2 (arch 2201) only; ${target.soc} is arch ${facts.arch}`, 'ASC709', true);
  if (g.unknowns.length) throw new DoesNotFit(`the GEMM detector could not pin down: ${g.unknowns.join('; ')}`, 'ASC709');
  for (const [what, e] of [['M', g.m], ['N', g.n], ['K', g.k], ...(g.batch ? [['the batch count', g.batch.count] as const] : [])] as const) {
    if (e.kind === 'launch' && !(e.grid && (what === 'M' || what === 'N'))) throw new DoesNotFit(`${what} is known only from the launch (\`${e.expr}\`): the port's wrapper cannot compute it from the kernel's arguments`, 'ASC709');
  }
  const M = extentText(g.m);
  const N = extentText(g.n);
  const K = extentText(g.k);
  const types = { a: dtypeOf(g.a.elementType), b: dtypeOf(g.b.elementType), c: dtypeOf(g.c.elementType) };
  const cubeIn = (t: DType | undefined): t is CubeIn => t === 'float' || t === 'half' || t === 'bf16' || t === 'int8';
  if (!cubeIn(types.a) || !cubeIn(types.b)) throw new DoesNotFit(`A is ${g.a.elementType} and B ${g.b.elementType}: the Matmul takes half, float, bfloat16_t or int8_t operands on A2 (ascend-c.md §3.2)`, 'ASC709', true);
  if (types.a !== types.b) throw new DoesNotFit(`A (${g.a.elementType}) and B (${g.b.elementType}) differ: the Matmul needs one type for both (but for fp8 mixes and int8 B, which CUDA does not write this way) (ascend-c.md §3.2)`, 'ASC709', true);
  const intProduct = types.a === 'int8';
  const acc = dtypeOf(g.accumulator);
  if (intProduct ? acc !== 'int32' : acc !== 'float') {
    throw new DoesNotFit(`CUDA accumulates the products in ${g.accumulator}; the Cube accumulates ${intProduct ? 'int8 products in int32' : 'in float'} (L0C), so the port would round differently from CUDA at every step`, 'ASC709');
  }
  const c = types.c;
  if (!(intProduct ? c === 'int32' : c === 'float' || c === 'half' || c === 'bf16')) throw new DoesNotFit(`C is ${g.c.elementType}: a Matmul of ${g.a.elementType} writes ${intProduct ? 'int32_t' : 'float, half or bfloat16_t'} here (ascend-c.md §3.2)`, 'ASC709', true);
  if (g.c.layout !== 'row') throw new DoesNotFit('C is stored column-major: the Matmul writes C row-major (ND); a transposed C is not ported yet', 'ASC709');
  // Leading dimensions: the matrices' own (packed), or those of larger matrices the operands are
  // blocks of (BLAS's lda, ldb, ldc): SetOrgShape gives the Matmul the rows' strides.
  const packed = { a: g.a.layout === 'row' ? K : M, b: g.b.layout === 'row' ? N : K, c: N };
  for (const [what, e] of [['A', g.a.ld], ['B', g.b.ld], ['C', g.c.ld]] as const) {
    if (e.kind === 'launch') throw new DoesNotFit(`${what}'s leading dimension is known only from the launch (\`${e.expr}\`): the port's wrapper cannot compute it from the kernel's arguments`, 'ASC709');
  }
  const ldText = { a: extentText(g.a.ld), b: extentText(g.b.ld), c: extentText(g.c.ld) };
  const subMatrix = (['a', 'b', 'c'] as const).filter((x) => norm(ldText[x]) !== norm(packed[x]));
  // C's rows are not N apart: the epilogue walks C (and the tensors read at C's index) in rows ldc apart.
  const cStrided = subMatrix.includes('c');
  if (types.a === 'bf16' && !budget.bf16Cast) throw new DoesNotFit(`bfloat16 operands: the reference lists bfloat16_t Matmul operands for Atlas A2/A3 only (ascend-c.md §3.2), not for ${target.soc}`, 'ASC406', true);

  const e = g.epilogue;
  const nonTrivial = (s: string | undefined) => s !== undefined && !/^1(?:\.0*)?f?$/.test(s.trim());
  const fusedBias = !!e.bias && e.bias.by === 'col' && dtypeOf(e.bias.elementType) === 'float' && c === 'float' && !nonTrivial(e.alpha) && e.beta === undefined && !e.residual && !e.activation;
  const needsEpilogue = nonTrivial(e.alpha) || e.beta !== undefined || !!e.residual || !!e.activation || (!!e.bias && !fusedBias);
  const notes: string[] = [];
  let epilogue: MatmulPlan['epilogue'];
  if (needsEpilogue) {
    if (c !== 'float') throw new DoesNotFit(`the epilogue (alpha, beta, bias, residual, activation) runs on the vector cores over float rows; C is ${g.c.elementType}, which that pass does not handle yet`, 'ASC709');
    if (e.bias && e.bias.by === 'row') throw new DoesNotFit('a bias per output row (bias[m]) after the product is not ported yet (the vector epilogue reads per-column tensors only)', 'ASC709');
    if (e.bias?.nullable) throw new DoesNotFit(`the CUDA adds \`${e.bias.param}\` only when it is not null; the vector epilogue reads it always (a null bias is handled only when the Matmul adds it alone, SetBias)`, 'ASC709');
    for (const t of [e.bias, e.residual, e.cIn]) if (t && dtypeOf(t.elementType) !== 'float') throw new DoesNotFit(`\`${t.param}\` is ${t.elementType}: the vector epilogue handles float tensors only`, 'ASC709');
    if (g.batch && !sameExtent(g.batch.strideC, [M, N])) throw new DoesNotFit(`C's batches are ${extentText(g.batch.strideC)} elements apart, not M × N: the epilogue walks C as one block of batch × M rows`, 'ASC709');
    if (e.residual && g.batch) throw new DoesNotFit('a residual tensor in a batched product: its batch stride is not described', 'ASC709');
    if (e.cIn && g.batch) throw new DoesNotFit(`beta's tensor \`${e.cIn.param}\` in a batched product: its batch stride is not described`, 'ASC709');
    if (cStrided && !budget.dataCopyPad) throw new DoesNotFit(`C's rows are ${ldText.c} elements apart, not N: the epilogue copies strided rows with DataCopyPad, which ${target.soc} does not have`, 'ASC709');
    epilogue = epilogueProgram(program, g, target, cStrided);
    notes.push(`the epilogue runs on the vector cores after the Matmul: the Matmul writes the product in float to a GM workspace, and ${epilogue.program.kernel} computes ${describeEpilogue(g)} row by row`);
  }
  for (const [what, e, index] of [['M', g.m, 'row'], ['N', g.n, 'column']] as const) {
    if (e.kind !== 'launch' || !e.grid) continue;
    const X = e.grid.axis;
    const per = e.grid.perBlock === 'block' ? `blockDim.${X}` : String(e.grid.perBlock);
    const dims = launchDims(g).filter((d) => d.endsWith(X.toUpperCase()));
    notes.push(`the CUDA has no bound check on its ${index} index: it computes exactly gridDim.${X} × ${per} ${index}s (${per} per block), so ${what} comes from the launch: the wrapper takes the CUDA launch's ${dims.join(' and ')} and computes ${what} = ${extentText(e)} (the CUDA launch is written for ${what} a multiple of ${per})`);
  }
  const kWhole = g.cudaLaunch?.kWhole;
  if (kWhole) notes.push(`the CUDA's K loop runs ${kWhole.param} / ${kWhole.tile} whole tiles, so it sums the first ${K} products of rows ${kWhole.param} long and leaves out the rest of K; so does the port (the CUDA's loads are written for M and N multiples of the ${kWhole.tile} × ${kWhole.tile} tile, which is what verify runs)`);
  const whole = g.cudaLaunch?.nWhole;
  if (whole) notes.push(`the CUDA's grid covers N in whole tiles (${whole.param} / ${whole.tile} blocks of ${whole.tile} columns, no bound check on the column), so it computes the first ${N} columns of rows ${whole.param} long and leaves the rest of C untouched; so does the port`);
  // The documented org shape (orgKa, orgKb: A's and B's full K; orgKc: C's N when it differs from B's)
  // describes row-major operands; a transposed operand's row length as orgM / orgKb is the CPU model's reading.
  const transposedBlock = (['a', 'b'] as const).filter((x) => subMatrix.includes(x) && (x === 'a' ? g.a.layout === 'col' : g.b.layout === 'col'));
  if (transposedBlock.length) notes.push(`${transposedBlock.map((x) => x.toUpperCase()).join(' and ')} ${transposedBlock.length === 1 ? 'is a transposed block' : 'are transposed blocks'} of a larger matrix: its row length goes to SetOrgShape as ${transposedBlock.map((x) => (x === 'a' ? 'orgM' : 'orgKb')).join(' and ')}, which is how the CPU model reads it; UNCONFIRMED (the reference lists SetOrgShape(M, N, Ka, Kb) only, ascend-c.md §3.3): check it on the target`);
  if (subMatrix.length) {
    const said = { a: `A's rows ${ldText.a} elements apart`, b: `B's rows ${ldText.b} elements apart`, c: `C's rows ${ldText.c} elements apart` };
    notes.push(`${subMatrix.length === 1 ? `${subMatrix[0]!.toUpperCase()} is a block of a larger matrix` : `${whole ? 'B and C are' : 'the operands are'} blocks of larger matrices`} (${subMatrix.map((x) => said[x]).join(', ')}): the kernel gives these strides to SetOrgShape${epilogue && cStrided ? `, and the epilogue reads and writes C's rows ${ldText.c} apart` : ''}; elements between the rows are neither read nor written`);
  }
  if (g.form === 'wmma' && g.fragmentShape) {
    const [fm, fn, fk] = g.fragmentShape;
    notes.push(`the CUDA loads and stores whole ${fm}×${fn}×${fk} wmma fragments (its bound checks test a fragment's origin only), so it is correct for M, N and K multiples of ${fm}, ${fn} and ${fk}; the port takes any M, N and K`);
  }
  if (fusedBias) notes.push(`the bias is added by the Matmul (SetBias), in float, before the result is stored${e.bias?.nullable ? `; the CUDA skips it when \`${e.bias.param}\` is null, and so does the port (the wrapper enables the bias only for a non-null \`${e.bias.param}\`; the kernel sets it only when tiling.isBias)` : ''}`);
  if (!intProduct) notes.push('the Cube sums the K products in its own order (blocks of K), not the CUDA loop\'s; results agree within rounding');
  if (types.a === 'float') notes.push('float operands: the Cube multiplies float × float at 1/4 of its half rate on A2 (ascend-c.md §3.2); HF32 mode is not enabled, so products are not rounded to 11 bits');
  if (c !== 'float' && !intProduct) notes.push(`the product is accumulated in float and rounded once to ${g.c.elementType} when stored, as the CUDA does`);

  const hw = HARDWARE[target.soc];
  const known = Number.isFinite(hw.cubeCores.value);
  return {
    schedule: 'matmul',
    budget,
    instrs: [],
    slotOf: {},
    temps: 0,
    tempType: 'float',
    mask: false,
    align: 8,
    tileQuantum: 8,
    compareRepeat: 0,
    maxTile: 0,
    minPerCore: 1,
    bufferNum: 1,
    ubBytesPerElement: 0,
    ubBytesAtMaxTile: 0,
    tail: budget.dataCopyPad ? 'DataCopyPad' : 'staging',
    aType: types.a,
    bType: types.b,
    outType: needsEpilogue ? 'float' : (c as CubeOut),
    transA: g.a.layout === 'col',
    transB: g.b.layout === 'col',
    fusedBias,
    ...(subMatrix.length ? { ld: ldText } : {}),
    ...(epilogue ? { epilogue } : {}),
    cubeCores: known ? hw.cubeCores.value : 24,
    cubeCoresSource: known ? `${hw.cubeCores.source}${hw.cubeCores.confirmed ? '' : ', UNCONFIRMED'}` : `${hw.cubeCores.source}; UNCONFIRMED`,
    notes,
  };
}

/** `M * N` or `N * M` (or their product as one parameter's constant value). */
function sameExtent(e: GemmExtent, factors: readonly [string, string]): boolean {
  const t = norm(extentText(e));
  const [a, b] = factors.map(norm) as [string, string];
  return t === `${a}*${b}` || t === `${b}*${a}`;
}

function describeEpilogue(g: GemmDescription): string {
  const e = g.epilogue;
  let v = e.alpha ? `${e.alpha} · product` : 'product';
  if (e.beta !== undefined) v += ` + ${e.beta} · ${e.cIn?.param ?? g.c.param}`;
  if (e.bias) v += ` + ${e.bias.param}[n]`;
  if (e.residual) v += ` + ${e.residual.param}`;
  if (e.activation) v = `${e.activation}(${v})`;
  return `${g.c.param} = ${v}`;
}

/**
 * The epilogue as a `rows` program named `<kernel>_epilogue`: rows = batch × M, cols = N; the
 * product (`matmulOut`), C (read when beta is set; or beta's own tensor, `cIn`), a per-column bias and a residual as
 * tensors; alpha and beta as scalars. The body evaluates, in float, in the order the
 * description gives: alpha · product, + beta · C, + bias, + residual, then the activation.
 */
function epilogueProgram(program: TileProgram, g: GemmDescription, target: Target, strided: boolean): { program: TileProgram; plan: RowsPlan } {
  const e = g.epilogue;
  const scalarArg = (text: string | undefined): ScalarArg | undefined => {
    if (text === undefined) return undefined;
    const a = program.args.find((x): x is ScalarArg => x.kind === 'scalar' && x.name === text.trim());
    return a ? { ...a, usedInCompute: true } : undefined;
  };
  const args: Arg[] = [];
  const tensor = (name: string, read: boolean, written: boolean) => args.push({ kind: 'tensor', name, index: args.length, dtype: 'float', read, written });
  tensor(MATMUL_OUT, true, false);
  tensor(g.c.param, e.beta !== undefined && !e.cIn, true);
  if (e.cIn) tensor(e.cIn.param, true, false);
  if (e.bias) tensor(e.bias.param, true, false);
  if (e.residual) tensor(e.residual.param, true, false);
  for (const s of [scalarArg(e.alpha), scalarArg(e.beta)]) if (s && !args.some((a) => a.name === s.name)) args.push({ ...s, index: args.length });
  args.push({ kind: 'scalar', name: EP_ROWS, index: args.length, cppType: 'uint64_t', usedInCompute: false }, { kind: 'scalar', name: EP_COLS, index: args.length + 1, cppType: 'uint64_t', usedInCompute: false });
  // C's leading dimension is not N: C, and the tensors read at C's index, are rows `ldc` apart (the product's workspace is packed).
  if (strided) args.push({ kind: 'scalar', name: EP_LDC, index: args.length, cppType: 'uint64_t', usedInCompute: true });
  const rowStrides = strided ? [g.c.param, e.cIn?.param, e.residual?.param].filter((t): t is string => !!t).map((tensor) => ({ tensor, stride: EP_LDC })) : [];
  const clash = program.args.find((a) => a.name === MATMUL_OUT || a.name === EP_ROWS || a.name === EP_COLS || a.name === EP_LDC);
  if (clash) throw new DoesNotFit(`parameter \`${clash.name}\` has the name the port gives to the Matmul's workspace or the epilogue's shape: rename it`);

  const body: Op[] = [];
  let id = 0;
  const push = <T extends Op>(o: T): number => {
    body.push(o);
    return (o as { id?: number }).id ?? -1;
  };
  const load = (tensor: string) => push({ op: 'load', id: id++, tensor, t: 'float' });
  const scalar = (text: string) => push({ op: 'scalar', id: id++, text, t: 'float' });
  const map = (fn: Extract<Op, { op: 'map' }>['fn'], ...xs: number[]) => push({ op: 'map', id: id++, fn, args: xs, t: 'float' });
  let v = load(MATMUL_OUT);
  if (e.alpha !== undefined && !/^1(?:\.0*)?f?$/.test(e.alpha.trim())) v = map('mul', v, scalar(e.alpha));
  if (e.beta !== undefined) v = map('add', v, map('mul', load(e.cIn?.param ?? g.c.param), scalar(e.beta)));
  if (e.bias) v = map('add', v, load(e.bias.param));
  if (e.residual) v = map('add', v, load(e.residual.param));
  switch (e.activation) {
    case 'relu':
      v = map('relu', v);
      break;
    case 'sigmoid':
      // 1 / (1 + exp(-x))
      v = map('recip', map('add', map('exp', map('mul', v, scalar('-1.0f'))), scalar('1.0f')));
      break;
    case 'tanh':
      v = tanhOf(v);
      break;
    case 'gelu-erf':
      // 0.5 · x · (1 + erf(x / √2))
      v = map('mul', map('mul', v, scalar('0.5f')), map('add', map('erf', map('mul', v, scalar('0.70710678118654752f'))), scalar('1.0f')));
      break;
    case 'gelu-tanh': {
      // 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))
      const cube = map('mul', map('mul', v, v), v);
      const inner = map('mul', map('add', v, map('mul', cube, scalar('0.044715f'))), scalar('0.79788456080286536f'));
      v = map('mul', map('mul', v, scalar('0.5f')), map('add', tanhOf(inner), scalar('1.0f')));
      break;
    }
    default:
      break;
  }
  body.push({ op: 'store', tensor: g.c.param, value: v });
  function tanhOf(x: number): number {
    // tanh(x) = 1 - 2 / (exp(2x) + 1): ±1 where exp overflows or vanishes.
    const q = map('div', scalar('2.0f'), map('add', map('exp', map('mul', x, scalar('2.0f'))), scalar('1.0f')));
    return map('add', map('mul', q, scalar('-1.0f')), scalar('1.0f'));
  }
  const ep: TileProgram = {
    kernel: `${program.kernel}_epilogue`,
    pattern: 'rows',
    args,
    schedule: {
      kind: 'rows',
      rows: EP_ROWS,
      cols: EP_COLS,
      length: `(${EP_ROWS}) * (${EP_COLS})`,
      cudaForm: 'thread-per-row',
      cudaTechnique: `the epilogue of ${program.kernel}'s matrix product (here a vector pass over the Matmul's float result)`,
      colTensors: e.bias ? [e.bias.param] : [],
      steps: [],
      rowStores: [],
      ...(rowStrides.length ? { rowStrides } : {}),
    },
    body,
    notes: [],
  };
  try {
    return { program: ep, plan: planRows(ep, target) };
  } catch (err) {
    if (err instanceof DoesNotFit) throw new DoesNotFit(`the vector epilogue: ${err.reason}`, err.code, err.unsupported);
    throw err;
  }
}
