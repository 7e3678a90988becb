/**
 * Which Ascend C high-level API a rows program is, and whether the port may call it
 * (ascend-c.md §2.4 [A30]). The choice reads the program's meaning, not the CUDA's
 * parallelisation: the recogniser has already turned a thread, warp or block per row, an online
 * softmax or a shared-memory tree into the same steps, so one match covers every style.
 *
 * The API is used only where its semantics are the CUDA's exactly; anything else stays on the
 * basic vector ops, and `why` says which difference kept it there (the header of the port
 * prints it):
 * - `SoftMax` computes dst = exp(x − rowmax) / rowsum over the last axis. A CUDA softmax that
 *   does not subtract the row maximum, scales the row first, or keeps only part of it is not that.
 * - `LogSoftMax` returns log10 of the softmax (its doc page and implementation), where CUDA's
 *   log-softmax uses the natural logarithm: never used for one.
 * - `RmsNorm` computes x · rsqrt(mean(x²) + eps) · γ: eps outside the root is not that.
 * - `LayerNorm` (its [A, R] form with mean and rstd outputs) computes (x − mean) · rsqrt(var +
 *   eps) · γ + β with the biased variance: an unbiased variance, or the one-pass E[x²] − mean²
 *   (which rounds differently), is not that.
 * Every API needs the whole row in UB (none splits a row): the launch wrapper chooses the API
 * path at run time for rows that fit, and the chunked basic-op path for longer ones.
 */
import type { Target } from '../../target';
import type { PortBudget } from '../budget';
import { renderValue, stores, tensors, type RowsSchedule, type TileProgram } from '../program';

/** dst = exp(x − max) / sum per row of `input`, stored into `output`. */
export interface SoftMaxUse {
  api: 'SoftMax';
  input: string;
  output: string;
}

/** dst = x · rsqrt(mean(x²) + eps) · γ per row of `input` (γ: a per-column tensor, or none: ones); `eps` is C++ over kernel scalars. */
export interface RmsNormUse {
  api: 'RmsNorm';
  input: string;
  output: string;
  gamma: string | null;
  eps: string;
}

/**
 * y = (x − mean) · rstd · γ + β per row of `input`, mean and rstd = 1 / sqrt(var + eps) over the
 * row's columns (biased variance); γ, β per-column tensors or none (ones, zeros); `mean`, `rstd`:
 * the tensors CUDA saves them in (one value per row), if it does (`nullable`: only when the pointer is not null).
 */
export interface LayerNormUse {
  api: 'LayerNorm';
  input: string;
  output: string;
  gamma: string | null;
  beta: string | null;
  eps: string;
  mean: { tensor: string; nullable: boolean } | null;
  rstd: { tensor: string; nullable: boolean } | null;
}

export type RowsApiUse = SoftMaxUse | RmsNormUse | LayerNormUse;

/**
 * Per API (§2.4 [A30]): the kernel's tiling struct (`AscendC::tiling::…`, also the host's
 * `optiling::…`), the host function that sizes its temporary buffer, and the one that fills its
 * tiling. Lowering registers them through the API table; rendering writes them.
 */
export const ROW_API_HOST = {
  SoftMax: { tiling: 'SoftMaxTiling', tmpSize: 'GetSoftMaxMinTmpSize', tilingFn: 'SoftMaxTilingFunc' },
  RmsNorm: { tiling: 'RmsNormTiling', tmpSize: 'GetRmsNormMaxMinTmpSize', tilingFn: 'GetRmsNormTilingInfo' },
  LayerNorm: { tiling: 'LayerNormSeparateTiling', tmpSize: 'GetLayerNormMaxMinTmpSize', tilingFn: 'GetLayerNormNDTilingInfo' },
} as const;

/** A reduce step's value that is a tensor's element squared (`(x[j] * x[j])`, as the recogniser prints it). */
const SQUARE = /^\((\w+)\[j\] \* \1\[j\]\)$/;

export type RowsApiChoice = { use: RowsApiUse; why: string } | { use: null; why: string };

/** −FLT_MAX as the recogniser prints it: a running maximum that starts there is the row's maximum for every row with a value above −∞. */
const NEG_FLT_MAX = /^(?:-3\.40282347e\+38f?|-FLT_MAX|\(-FLT_MAX\))$/;

export function rowsApiOf(p: TileProgram, target: Target, budget: PortBudget): RowsApiChoice {
  const s = p.schedule as RowsSchedule;
  const reduces = s.steps.filter((x) => x.k === 'reduce');
  // A sum of squares (of x, or of x's deviations): a normalisation, RmsNorm with one sum and LayerNorm with two; otherwise a softmax or nothing.
  const squares = reduces.some((x) => x.op === 'sum' && (SQUARE.test(stepText(p, x)) || /^\(\((\w+)\[j\] - \w+\) \* \(\1\[j\] - \w+\)\)$/.test(stepText(p, x))));
  const meaning: RowsApiUse | { not: string } = squares ? (reduces.length === 1 ? rmsNormOf(p, s) : layerNormOf(p, s)) : softmaxOf(p, s);
  if ('not' in meaning) return { use: null, why: meaning.not };
  const use = meaning;
  const name = use.api;
  if (!budget.rowApis) return { use: null, why: `${target.soc} is not on ${name}'s product list (Atlas A2/A3, 950, 310P AI Core; not the Atlas training series), so the basic ops compute it` };
  if (!budget.dataCopyPad) return { use: null, why: `the ${name} path copies rows into UB with DataCopyPad (padded to 32 bytes), which this port does not use on ${target.soc}, so the basic ops compute it` };
  const ts = tensors(p);
  const odd = ts.find((t) => t.dtype !== 'float');
  if (odd) return { use: null, why: `\`${odd.name}\` is not float: the ${name} path is generated for float rows only so far, so the basic ops compute it` };
  if (use.input === use.output) return { use: null, why: `the ${name} is computed in place in \`${use.input}\`: the ${name} path is generated for a separate output only so far, so the basic ops compute it` };
  const gammas = use.api === 'RmsNorm' ? [use.gamma] : use.api === 'LayerNorm' ? [use.gamma, use.beta] : [];
  const saved = use.api === 'LayerNorm' ? [use.mean?.tensor, use.rstd?.tensor] : [];
  if (s.colAdds?.length || s.rowStrides?.length || s.grid3 || s.total !== undefined || s.colTensors.some((c) => !gammas.includes(c)) || s.rowStores.some((r) => !saved.includes(r.tensor) || r.add) || p.gmScalars?.length || s.cudaForm === 'per-element')
    return { use: null, why: `the rows are not plain contiguous rows × cols (strides, a 3-D grid, per-column tensors or values stored per row): the ${name} path is generated for plain rows only so far, so the basic ops compute it` };
  return {
    use,
    why:
      use.api === 'SoftMax'
        ? `the CUDA computes exp(${use.input} − row max) / row sum per row, which is what SoftMax computes; ${target.soc} is on its product list`
        : use.api === 'RmsNorm'
          ? `the CUDA computes ${use.input} · rsqrt(mean(${use.input}²) + ${use.eps})${use.gamma ? ` · ${use.gamma}` : ''} per row (the mean over the row's columns, eps inside the square root), which is what RmsNorm computes${use.gamma ? '' : ' with γ = 1'}; ${target.soc} is on its product list`
          : `the CUDA computes (${use.input} − mean) · rsqrt(var + ${use.eps})${use.gamma ? ` · ${use.gamma}` : ''}${use.beta ? ` + ${use.beta}` : ''} per row with the biased variance (divided by the row length) and eps inside the square root${use.mean || use.rstd ? `, and saves ${[use.mean ? `the mean in \`${use.mean.tensor}\`` : '', use.rstd ? `rstd in \`${use.rstd.tensor}\`` : ''].filter(Boolean).join(' and ')}` : ''}, which is what LayerNorm (the [A, R] form with mean and rstd) computes${use.gamma ? '' : ' with γ = 1'}${use.beta ? '' : ' and β = 0'}; ${target.soc} is on its product list`,
  };
}

/** A reduce step's value per column, as the recogniser prints it, with half / bfloat16 loads read as the tensor. */
function stepText(p: TileProgram, st: RowsSchedule['steps'][number]): string {
  const body = (st as { body: TileProgram['body'] }).body;
  return plain(renderValue({ ...p, body }, (body.find((o) => o.op === 'store') as { value: number }).value, 'j'));
}

/** A store's value per column, with half / bfloat16 loads read as the tensor and the rounding to a half / bfloat16 output left out. */
function storeText(p: TileProgram, value: number): string {
  return plain(renderValue(p, value, 'j')).replace(/^\((?:half|bf16)\)(\(.*\))$/, '$1');
}

/** A half / bfloat16 load widened to float reads as the tensor (the dtype check comes after the meaning). */
function plain(text: string): string {
  return text.replace(/\(float\)(\w+\[j\])/g, '$1');
}

/**
 * The program as a softmax of one tensor's rows, or why it is not one. The recogniser prints
 * steps canonically (`renderValue`), so the match is on that text with the names put in.
 */
function softmaxOf(p: TileProgram, s: RowsSchedule): SoftMaxUse | { not: string } {
  const reduces = s.steps.filter((x) => x.k === 'reduce');
  const storeOf = (st: (typeof s.steps)[number]) => stepText(p, st);
  const out = stores(p);
  const hasLn = s.steps.some((x) => x.k === 'unary' && x.fn === 'ln');
  const sumOfExp = reduces.find((x) => x.op === 'sum' && /^exp\(/.test(storeOf(x)));
  if (hasLn && sumOfExp) return { not: 'a log-softmax: LogSoftMax returns log10 of the softmax (its doc page), where the CUDA takes the natural logarithm, so the basic ops compute it' };
  if (!sumOfExp) return { not: 'none of the high-level APIs the port maps (SoftMax, RmsNorm, LayerNorm) computes this row program' };
  if (out.length !== 1) return { not: 'the softmax stores more than one tensor: no high-level API computes that' };
  const st = out[0]!;
  // The store's rounding to a half / bfloat16 output, too.
  const value = storeText(p, st.value);
  const [first, second] = reduces;
  // exp(x) / Σ exp(x): equal in exact arithmetic, but exp overflows where SoftMax (which subtracts the maximum) does not.
  if (reduces.length === 1) {
    const naive = /^exp\((\w+)\[j\]\)$/.exec(storeOf(first!));
    if (naive) return { not: `the CUDA divides exp(${naive[1]}) by its row sum without subtracting the row maximum: exp overflows to inf above about 88 where SoftMax (which subtracts it) stays finite, so the basic ops keep the CUDA's arithmetic` };
    return { not: 'a sum of exponentials without the row maximum: no high-level API computes it as written' };
  }
  if (reduces.length !== 2 || first!.op !== 'max' || second !== sumOfExp) return { not: 'the row steps are not a maximum then a sum of exponentials' };
  const x = /^(\w+)\[j\]$/.exec(storeOf(first!));
  if (!x) return { not: `the row maximum is taken over \`${storeOf(first!)}\`, not a tensor's row: SoftMax takes its input as is (a scaled softmax is not mapped yet), so the basic ops compute it` };
  const input = x[1]!;
  if (first!.init !== null && !NEG_FLT_MAX.test(first!.init)) return { not: `the running maximum starts at \`${first!.init}\`, not −∞ or −FLT_MAX, so the basic ops compute it` };
  const m = first!.name;
  const e = `exp((${input}[j] - ${m}))`;
  if (storeOf(second!) !== e) return { not: `the row sum is of \`${storeOf(second!)}\`, not exp(${input} − row max)` };
  const sum = second!.name;
  if (second!.init !== null) return { not: `the row sum starts at \`${second!.init}\`, not 0` };
  // Scalar steps: only 1 / sum (a multiply by the reciprocal rounds once more than a division: within rounding).
  const others = s.steps.filter((x) => x.k !== 'reduce');
  const recips = new Set(others.filter((x) => x.k === 'scalar' && (x.text === `(static_cast<float>(1.0f) / static_cast<float>(${sum}))` || x.text === `(1.0f / static_cast<float>(${sum}))`)).map((x) => x.name));
  if (others.length !== recips.size) return { not: 'the row steps compute more than the maximum, the sum and its reciprocal' };
  const ok = value === `(${e} / ${sum})` || [...recips].some((r) => value === `(${e} * ${r})` || value === `(${r} * ${e})`);
  if (!ok) return { not: `the stored value is \`${value}\`, not exp(${input} − row max) / row sum` };
  return { api: 'SoftMax', input, output: st.tensor };
}

// ---------------------------------------------------------------- the normalisations

/** A row expression, parsed from the recogniser's canonical text with row values inlined. */
type Ex = { k: 'id'; n: string } | { k: 'num'; v: number; text: string } | { k: 'load'; t: string } | { k: 'bin'; op: '+' | '-' | '*' | '/'; a: Ex; b: Ex } | { k: 'call'; fn: string; a: Ex } | { k: 'neg'; a: Ex };

/** `static_cast<float>(e)` → `(e)`: the recogniser's float conversions of row values, which keep their value. */
function uncast(text: string): string {
  return text.replace(/static_cast<float>/g, '');
}

function parseEx(text: string): Ex | null {
  const toks = uncast(text).match(/\d+(?:\.\d*)?(?:[eE][-+]?\d+)?f?|\w+\[j\]|\w+|[-+*/()]/g) ?? [];
  let i = 0;
  const primary = (): Ex | null => {
    const t = toks[i++];
    if (t === undefined) return null;
    if (t === '(') {
      const e = sum();
      return toks[i++] === ')' ? e : null;
    }
    if (t === '-') {
      const a = primary();
      return a && { k: 'neg', a };
    }
    if (/^\d/.test(t)) return { k: 'num', v: Number(t.replace(/f$/, '')), text: t };
    const load = /^(\w+)\[j\]$/.exec(t);
    if (load) return { k: 'load', t: load[1]! };
    if (toks[i] === '(' && /^(?:exp|ln|sqrt|rsqrt|abs)$/.test(t)) {
      i++;
      const a = sum();
      return toks[i++] === ')' && a ? { k: 'call', fn: t, a } : null;
    }
    return { k: 'id', n: t };
  };
  const product = (): Ex | null => {
    let a = primary();
    while (a && (toks[i] === '*' || toks[i] === '/')) {
      const op = toks[i++] as '*' | '/';
      const b = primary();
      a = b && { k: 'bin', op, a, b };
    }
    return a;
  };
  const sum = (): Ex | null => {
    let a = product();
    while (a && (toks[i] === '+' || toks[i] === '-')) {
      const op = toks[i++] as '+' | '-';
      const b = product();
      a = b && { k: 'bin', op, a, b };
    }
    return a;
  };
  const e = sum();
  return e && i === toks.length ? e : null;
}

/** The factors of a product (through nested multiplications). */
function factors(e: Ex): Ex[] {
  return e.k === 'bin' && e.op === '*' ? [...factors(e.a), ...factors(e.b)] : [e];
}

const same = (a: Ex, b: Ex): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The row's values by name (reduce steps stay names; scalar and unary steps are their definitions), for inlining. */
function definitions(s: RowsSchedule): Map<string, string> {
  const defs = new Map<string, string>();
  for (const st of s.steps) {
    if (st.k === 'scalar') defs.set(st.name, `(${st.text})`);
    else if (st.k === 'unary') defs.set(st.name, `${st.fn}(${st.arg})`);
  }
  return defs;
}

function inline(text: string, defs: Map<string, string>): string {
  let out = text;
  for (let k = 0; k < 16; k++) {
    const next = out.replace(/\b\w+\b/g, (n) => defs.get(n) ?? n);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** `1 / sqrt(a)` or `rsqrt(a)`: its a. */
function rsqrtArg(e: Ex): Ex | null {
  if (e.k === 'call' && e.fn === 'rsqrt') return e.a;
  if (e.k === 'bin' && e.op === '/' && e.a.k === 'num' && e.a.v === 1 && e.b.k === 'call' && e.b.fn === 'sqrt') return e.b.a;
  return null;
}

/** `S / N` or `S * (1 / N)` with S the named row value and N the row length (as written): true. */
function meanOf(e: Ex, S: string, cols: Ex): boolean {
  if (e.k !== 'bin') return false;
  if (e.op === '/') return e.a.k === 'id' && e.a.n === S && same(e.b, cols);
  if (e.op === '*') {
    const [a, b] = [e.a, e.b];
    const recip = (x: Ex) => x.k === 'bin' && x.op === '/' && x.a.k === 'num' && x.a.v === 1 && same(x.b, cols);
    return (a.k === 'id' && a.n === S && recip(b)) || (b.k === 'id' && b.n === S && recip(a));
  }
  return false;
}

/** eps: a kernel scalar or a literal, as C++ text. */
function epsText(e: Ex, p: TileProgram): string | null {
  if (e.k === 'num') return e.text;
  if (e.k === 'id' && p.args.some((a) => a.kind === 'scalar' && a.name === e.n)) return e.n;
  return null;
}

/**
 * The program as an RMS norm of one tensor's rows, or why it is not one: one sum of x², a row
 * value rsqrt(sum / cols + eps) (or 1 / sqrt of it), and one store of x times it (times a
 * per-column γ).
 */
function rmsNormOf(p: TileProgram, s: RowsSchedule): RmsNormUse | { not: string } {
  const reduces = s.steps.filter((x) => x.k === 'reduce');
  const sq = reduces[0]!;
  const x = SQUARE.exec(stepText(p, sq));
  if (!x) return { not: 'the one sum over the row is of squared deviations from another row value, not of the row\'s squares: no high-level API computes it as written' };
  if (sq.init !== null || sq.op !== 'sum') return { not: 'the sum of squares does not start at 0' };
  const input = x[1]!;
  const out = stores(p);
  if (out.length !== 1 || s.rowStores.length) return { not: 'the normalisation stores more than one tensor per row: RmsNorm writes one' };
  const defs = definitions(s);
  const value = parseEx(inline(storeText(p, out[0]!.value), defs));
  const cols = parseEx(s.cols);
  if (!value || !cols) return { not: 'the stored value is not the row times 1 / sqrt(mean of squares + eps) (RmsNorm\'s form)' };
  const fs = factors(value);
  const xs = fs.filter((f) => f.k === 'load' && f.t === input);
  const gammas = fs.filter((f) => f.k === 'load' && f.t !== input);
  const rest = fs.filter((f) => f.k !== 'load');
  if (xs.length !== 1 || gammas.length > 1 || rest.length !== 1) return { not: `the stored value is not ${input}[j] times one row value${s.colTensors.length ? ' times a per-column γ' : ''}: RmsNorm computes x · rsqrt(mean(x²) + eps) · γ` };
  const gamma = gammas.length ? (gammas[0] as { t: string }).t : null;
  if (gamma && !s.colTensors.includes(gamma)) return { not: `\`${gamma}\` is read per row, not per column: RmsNorm's γ is one value per column` };
  const a = rsqrtArg(rest[0]!);
  const r0 = rest[0]!;
  const outside = r0.k === 'bin' && r0.op === '/' && r0.a.k === 'num' && r0.a.v === 1 && r0.b.k === 'bin' && r0.b.op === '+' && [r0.b.a, r0.b.b].some((t) => t.k === 'call' && t.fn === 'sqrt');
  if (outside) return { not: 'the CUDA adds eps outside the square root (1 / (sqrt(mean(x²)) + eps)); RmsNorm adds it inside, so the basic ops keep the CUDA\'s' };
  if (!a) return { not: 'the row scale is not 1 / sqrt(…) of the mean of squares: not an RMS norm' };
  // mean + eps (either order); eps a kernel scalar or a literal.
  if (a.k !== 'bin' || a.op !== '+') return { not: 'the square root is not of the mean of squares plus eps: an eps outside the root or none is not RmsNorm\'s' };
  const [m, e] = meanOf(a.a, sq.name, cols) ? [a.a, a.b] : meanOf(a.b, sq.name, cols) ? [a.b, a.a] : [null, null];
  if (!m || !e) return { not: `the square root is not of the sum of squares over the row length \`${s.cols}\` plus eps: RmsNorm divides by the row length` };
  const eps = epsText(e, p);
  if (eps === null) return { not: 'eps is neither a kernel scalar nor a literal' };
  return { api: 'RmsNorm', input, output: out[0]!.tensor, gamma, eps };
}

/** A named row value with the scalar and unary steps it names inlined, parsed. */
function rowValue(name: string, defs: Map<string, string>): Ex | null {
  return parseEx(inline(name, defs));
}

/**
 * The program as a layernorm of one tensor's rows, or why it is not one: a sum of x, the mean
 * sum / cols, a sum of squared deviations from it, rstd = rsqrt(var / cols + eps) (or 1 / sqrt), one
 * store of (x − mean) · rstd (· γ)(+ β), and row stores of the mean and rstd only.
 */
function layerNormOf(p: TileProgram, s: RowsSchedule): LayerNormUse | { not: string } {
  const reduces = s.steps.filter((x) => x.k === 'reduce');
  const generic = 'the row steps are not a mean, a variance and its reciprocal square root: no high-level API computes them as written';
  if (reduces.length !== 2 || reduces.some((r) => r.op !== 'sum' || r.init !== null)) return { not: generic };
  const [s0, s1] = reduces as [Extract<RowsSchedule['steps'][number], { k: 'reduce' }>, Extract<RowsSchedule['steps'][number], { k: 'reduce' }>];
  const xm = /^(\w+)\[j\]$/.exec(stepText(p, s0));
  if (!xm) return { not: generic };
  const input = xm[1]!;
  const defs = definitions(s);
  const cols = parseEx(s.cols);
  if (!cols) return { not: generic };
  const meanEx: Ex = { k: 'bin', op: '/', a: { k: 'id', n: s0.name }, b: cols };
  // The second sum: of (x − mean)², or of x² (the one-pass E[x²] − mean², which rounds differently from LayerNorm's).
  const second = stepText(p, s1);
  if (SQUARE.test(second)) return { not: 'the second row sum is of x² (a one-pass variance E[x²] − mean², or another statistic), not of squared deviations from the mean: LayerNorm computes E[(x − mean)²], which rounds differently, so the basic ops keep the CUDA\'s arithmetic' };
  const dev = /^\(\((\w+)\[j\] - (\w+)\) \* \(\1\[j\] - \2\)\)$/.exec(second);
  if (!dev || dev[1] !== input) return { not: generic };
  const mv = rowValue(dev[2]!, defs);
  if (!mv || !same(mv, meanEx)) return { not: `the deviations are from \`${dev[2]}\`, not the row's mean (its sum over the row length \`${s.cols}\`)` };
  const out = stores(p);
  if (out.length !== 1) return { not: 'the layernorm stores more than one tensor per element: LayerNorm writes one' };
  const value = parseEx(inline(storeText(p, out[0]!.value), defs));
  if (!value) return { not: 'the stored value is not (x − mean) · rstd (· γ + β)' };
  // (x − mean) · rstd · γ (+ β): the sum's other side is β.
  const [prod, beta] = value.k === 'bin' && value.op === '+' ? (value.b.k === 'load' ? [value.a, value.b.t] : value.a.k === 'load' ? [value.b, value.a.t] : [value, null]) : [value, null];
  const fs = factors(prod);
  const centred = fs.filter((f) => f.k === 'bin' && f.op === '-' && f.a.k === 'load' && f.a.t === input && same(f.b, inline2(meanEx, defs)));
  const loads = fs.filter((f) => f.k === 'load');
  const rest = fs.filter((f) => !centred.includes(f) && f.k !== 'load');
  if (centred.length !== 1 || loads.length > 1 || rest.length !== 1) return { not: `the stored value is not (${input} − mean) · rstd (· γ)(+ β): LayerNorm computes that` };
  const gamma = loads.length ? (loads[0] as { t: string }).t : null;
  if ((gamma && !s.colTensors.includes(gamma)) || (beta && !s.colTensors.includes(beta))) return { not: 'γ or β is not read per column' };
  const rstdEx = rest[0]!;
  const a = rsqrtArg(rstdEx);
  if (!a || a.k !== 'bin' || a.op !== '+') return { not: 'the scale is not 1 / sqrt(variance + eps): an eps outside the root or none is not LayerNorm\'s' };
  const varSide = (e: Ex) => e.k === 'bin' && e.op === '/' && e.a.k === 'id' && e.a.n === s1.name;
  const [v, e] = varSide(a.a) ? [a.a, a.b] : varSide(a.b) ? [a.b, a.a] : [null, null];
  if (!v || !e) return { not: 'the square root is not of the sum of squared deviations over a count plus eps' };
  const by = (v as { b: Ex }).b;
  if (!same(by, cols)) {
    const unbiased = by.k === 'bin' && by.op === '-' && same(by.a, cols) && by.b.k === 'num' && by.b.v === 1;
    return { not: unbiased ? `the CUDA's variance is unbiased (divided by \`${s.cols}\` − 1), LayerNorm's biased (divided by the row length), so the basic ops keep the CUDA's` : `the variance is divided by something other than the row length \`${s.cols}\`` };
  }
  const eps = epsText(e, p);
  if (eps === null) return { not: 'eps is neither a kernel scalar nor a literal' };
  // Row stores: the mean and rstd, nothing else.
  let mean: LayerNormUse['mean'] = null;
  let rstd: LayerNormUse['rstd'] = null;
  for (const r of s.rowStores) {
    const rv = rowValue(r.value, defs);
    if (rv && same(rv, inline2(meanEx, defs)) && !mean) mean = { tensor: r.tensor, nullable: !!r.nullable };
    else if (rv && same(rv, rstdEx) && !rstd) rstd = { tensor: r.tensor, nullable: !!r.nullable };
    else return { not: `\`${r.tensor}\` saves a row value other than the mean or rstd: LayerNorm outputs those two` };
  }
  return { api: 'LayerNorm', input, output: out[0]!.tensor, gamma, beta, eps, mean, rstd };
}

/** An expression with its names inlined (a parsed tree printed back and parsed again). */
function inline2(e: Ex, defs: Map<string, string>): Ex {
  return parseEx(inline(print(e), defs)) ?? e;
}

function print(e: Ex): string {
  switch (e.k) {
    case 'id':
      return e.n;
    case 'num':
      return e.text;
    case 'load':
      return `${e.t}[j]`;
    case 'neg':
      return `(-${print(e.a)})`;
    case 'call':
      return `${e.fn}(${print(e.a)})`;
    case 'bin':
      return `(${print(e.a)} ${e.op} ${print(e.b)})`;
  }
}
