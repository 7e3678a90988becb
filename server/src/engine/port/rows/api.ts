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
 * - `LayerNorm` and `RmsNorm` are not mapped yet; the basic ops reproduce the CUDA's eps
 *   placement and variance as written.
 * The SoftMax path needs the whole row in UB (it does not split a row): the launch wrapper
 * chooses it at run time for rows that fit, and the chunked basic-op path for longer ones.
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

export type RowsApiChoice = { use: SoftMaxUse; why: string } | { use: null; why: string };

/** −FLT_MAX as the recogniser prints it: a running maximum that starts there is the row's maximum for every row with a value above −∞. */
const NEG_FLT_MAX = /^(?:-3\.40282347e\+38f?|-FLT_MAX|\(-FLT_MAX\))$/;

export function rowsApiOf(p: TileProgram, target: Target, budget: PortBudget): RowsApiChoice {
  const s = p.schedule as RowsSchedule;
  const meaning = softmaxOf(p, s);
  if ('not' in meaning) return { use: null, why: meaning.not };
  const { input, output } = meaning;
  if (!budget.softmaxApi) return { use: null, why: `${target.soc} is not on SoftMax's product list (Atlas A2/A3, 950, 310P AI Core; not the Atlas training series), so the basic ops compute it` };
  if (!budget.dataCopyPad) return { use: null, why: `the SoftMax path copies rows into UB with DataCopyPad (padded to 32 bytes), which this port does not use on ${target.soc}, so the basic ops compute it` };
  const ts = tensors(p);
  const odd = ts.find((t) => t.dtype !== 'float');
  if (odd) return { use: null, why: `\`${odd.name}\` is not float: the SoftMax path is generated for float rows only so far, so the basic ops compute it` };
  if (input === output) return { use: null, why: `the softmax is computed in place in \`${input}\`: the SoftMax path is generated for a separate output only so far, so the basic ops compute it` };
  if (s.rowStrides?.length || s.grid3 || s.total !== undefined || s.colTensors.length || s.rowStores.length || p.gmScalars?.length || s.cudaForm === 'per-element')
    return { use: null, why: 'the rows are not plain contiguous rows × cols (strides, a 3-D grid, per-column tensors or values stored per row): the SoftMax path is generated for plain rows only so far, so the basic ops compute it' };
  return {
    use: { api: 'SoftMax', input, output },
    why: `the CUDA computes exp(${input} − row max) / row sum per row, which is what SoftMax computes; ${target.soc} is on its product list`,
  };
}

/**
 * The program as a softmax of one tensor's rows, or why it is not one. The recogniser prints
 * steps canonically (`renderValue`), so the match is on that text with the names put in.
 */
function softmaxOf(p: TileProgram, s: RowsSchedule): { input: string; output: string } | { not: string } {
  const reduces = s.steps.filter((x) => x.k === 'reduce');
  // A half / bfloat16 load widened to float reads as the tensor (the dtype check comes after the meaning).
  const plain = (text: string) => text.replace(/\(float\)(\w+\[j\])/g, '$1');
  const storeOf = (st: (typeof s.steps)[number]) => plain(renderValue({ ...p, body: (st as { body: TileProgram['body'] }).body }, ((st as { body: TileProgram['body'] }).body.find((o) => o.op === 'store') as { value: number }).value, 'j'));
  const out = stores(p);
  const hasLn = s.steps.some((x) => x.k === 'unary' && x.fn === 'ln');
  const sumOfExp = reduces.find((x) => x.op === 'sum' && /^exp\(/.test(storeOf(x)));
  if (hasLn && sumOfExp) return { not: 'a log-softmax: LogSoftMax returns log10 of the softmax (its doc page), where the CUDA takes the natural logarithm, so the basic ops compute it' };
  const squares = reduces.some((x) => x.op === 'sum' && /^\((\w+)\[j\] \* \1\[j\]\)$|^\(\((\w+)\[j\] - \w+\) \* \(\2\[j\] - \w+\)\)$/.test(storeOf(x)));
  if (squares) return { not: 'a normalisation: mapping to LayerNorm / RmsNorm is not implemented yet; the basic ops reproduce the CUDA\'s eps placement and variance as written' };
  if (!sumOfExp) return { not: 'no high-level API computes this row program' };
  if (out.length !== 1) return { not: 'the softmax stores more than one tensor: no high-level API computes that' };
  const st = out[0]!;
  // The store's rounding to a half / bfloat16 output, too.
  const value = plain(renderValue(p, st.value, 'j')).replace(/^\((?:half|bf16)\)(\(.*\))$/, '$1');
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
  return { input, output: st.tensor };
}
