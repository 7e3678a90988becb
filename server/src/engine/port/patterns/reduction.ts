/**
 * The reduction recogniser: a kernel whose result is one value, the sum, maximum or minimum
 * of f(x[i]) over i < n (f: an expression over the inputs at i, such as x[i], x[i] * x[i] or
 * a[i] * b[i]), whatever parallelisation CUDA used for it:
 *
 * - per-thread `atomicAdd(out, f(x[i]))` under a bounds guard or in a grid-stride loop;
 * - a per-thread value (`v = i < n ? f(x[i]) : 0`, or a grid-stride / block-stride loop
 *   `v += f(x[i])`, `v = fmaxf(v, f(x[i]))`) combined within the block by a shared-memory tree
 *   (`for (s = blockDim.x / 2; s > 0; s >>= 1) { if (tid < s) sm[tid] += sm[tid + s]; __syncthreads(); }`),
 *   warp shuffles (`__shfl_down_sync` / `__shfl_xor_sync` loops, inline or in a `__device__`
 *   helper), `cg::reduce(tile, v, cg::plus<float>() | cg::greater<float>() | cg::less<float>())`,
 *   or a block helper over a warp helper (`b = blockReduce<warpReduceSum>(v)`, read by its
 *   structure from the file or an included header: `blockHelper`);
 *   then thread 0 adds the block's value into the result (`atomicAdd(out, v)`), or, for a kernel
 *   whose one block walks the whole range (`for (i = threadIdx.x; i < n; i += blockDim.x)`),
 *   stores it (`out[0] = v`).
 *
 * It recognises the mathematical meaning: one operator for every step (the per-thread
 * accumulation, the block combine and the cross-block combine), the operator's identity where
 * a thread has no element, and no other global write. Anything else is rejected with the
 * reason, naming the `reduceAll` schedule, so a skeleton says what blocked it. Block partial
 * sums (`out[blockIdx.x] = v`, the first kernel of the two-kernel pattern) are ported as the
 * whole sum in out[0] and zeros in the other gridDim.x - 1 partials (the launch wrapper takes
 * the CUDA grid size): the second pass then adds up the same total. `ascend-port verify` is the
 * judge of every accepted kernel.
 */
import type { Expr, Rejection } from '../ir';
import type { PatternInput } from './elementwise';

export type ReduceOp = 'sum' | 'max' | 'min';
/** Element types of a reduction's tensors: the inputs may be half or bfloat16 (widened to float exactly); the result is float. */
export type LowpOrFloat = 'float' | 'half' | 'bf16';
const ELEMENT_TYPES: Readonly<Record<string, LowpOrFloat>> = { float: 'float', half: 'half', __half: 'half', __nv_bfloat16: 'bf16', nv_bfloat16: 'bf16' };

export interface ReductionKernel {
  pattern: 'reduction';
  name: string;
  params: ({ kind: 'pointer'; name: string; t: LowpOrFloat; read: boolean; written: boolean } | { kind: 'scalar'; name: string; type: string; usedInCompute: boolean })[];
  op: ReduceOp;
  /** f(x[i]): the element mapped before it is reduced (loads are at the element index). */
  value: Expr;
  /** Element count as C++ over scalar parameters. */
  bound: string;
  /** How CUDA walked the range: one element per thread under a guard, a grid-stride loop, or one block striding over everything. */
  form: 'guard' | 'grid-stride' | 'block-stride';
  /** The result tensor: `accumulate` adds (or max/mins) into out[0] as CUDA's atomics do; `assign` stores out[0]. */
  result: { param: string; mode: 'accumulate' | 'assign' | 'partials' };
  /** A maximum or minimum whose every CUDA thread starts at this constant (a float literal) rather than the identity: the result includes it. */
  start?: string;
  /** How CUDA combined (for the header). */
  cudaTechnique: string;
  notes: string[];
}

/** Thrown to unwind a recognition; not an Error, so no stack trace is captured (recognisers run per kernel on every analysis). */
class Reject {
  constructor(readonly rejection: Rejection) {}
}

function reject(reason: string, code?: string): never {
  throw new Reject({ reason: `reduceAll schedule: ${reason}`, code });
}

export function recognizeReduction(input: PatternInput): ReductionKernel | Rejection {
  try {
    return recognize(input);
  } catch (e) {
    if (e instanceof Reject) return e.rejection;
    return { reason: `the reduction recogniser failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Comments out, whitespace squashed to single spaces. */
function clean(s: string): string {
  return s
    .replace(/\/\*[^]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const sq = (s: string) => s.replace(/\s+/g, '');
const ID = '[A-Za-z_]\\w*';
const ZERO = /^(?:0|0\.0*f?|0\.f|0\.0*F|\.0f?)$/;
const NEG_BIG = /^-(?:INFINITY|HUGE_VALF|FLT_MAX|__int_as_float\(0xff800000\)|3\.40282\d*e\+?38f?)$/i;
const POS_BIG = /^\+?(?:INFINITY|HUGE_VALF|FLT_MAX|__int_as_float\(0x7f800000\)|3\.40282\d*e\+?38f?)$/i;
const FN_OP: Readonly<Record<string, ReduceOp>> = { fmaxf: 'max', fmax: 'max', max: 'max', fminf: 'min', fmin: 'min', min: 'min' };
const CG_OP: Readonly<Record<string, ReduceOp>> = { plus: 'sum', greater: 'max', less: 'min' };

/** Is `s` the identity of `op` (what a thread without an element contributes)? */
function isIdentity(op: ReduceOp, s: string): boolean {
  const t = sq(s).replace(/^\((.*)\)$/, '$1');
  return op === 'sum' ? ZERO.test(t) : op === 'max' ? NEG_BIG.test(t) : POS_BIG.test(t);
}

function isGlobalIndex(e: string): boolean {
  const x = sq(e).replace(/static_cast<[\w:]+>|\((?:size_t|int|unsigned|unsignedint|long|int64_t|uint64_t)\)/g, '').replace(/[()]/g, '');
  return ['blockIdx.x*blockDim.x+threadIdx.x', 'blockDim.x*blockIdx.x+threadIdx.x', 'threadIdx.x+blockIdx.x*blockDim.x', 'threadIdx.x+blockDim.x*blockIdx.x'].includes(x);
}

function recognize(input: PatternInput): ReductionKernel {
  const { fn, text } = input;
  if (!fn.bodySpan) reject('the kernel has no body');
  const raw = clean(text.slice(fn.bodySpan.start + 1, fn.bodySpan.end - 1));
  // `unsigned tid = threadIdx.x;`: the alias is read as threadIdx.x.
  const aliases = [...raw.matchAll(new RegExp(`(?:^|[;{}] ?)(?:const )?(?:unsigned int|unsigned|int|size_t) (${ID}) = threadIdx\\.x ?;`, 'g'))].map((m) => m[1]!);
  const body = aliases.length ? raw.replace(new RegExp(`(?<![.\\w])(?:${aliases.join('|')})\\b`, 'g'), 'threadIdx.x') : raw;
  const resolve = (t: string) => { const a = input.typeArgs?.[t] ?? t; return input.resolveType?.(a) ?? a; };
  // Only a kernel that looks like a reduction gets a reduceAll reason; others are simply not one.
  const looks =
    new RegExp(`\\batomicAdd ?\\( ?(?:&?${ID}(?: ?\\[ ?0 ?\\])?|${ID} ?\\+ ?0) ?,`).test(body) ||
    /__shfl_(?:down|xor)/.test(body) ||
    /\b(?:cg|cooperative_groups)::reduce\b/.test(body) ||
    (fn.sharedArrays.length > 0 && /(?:>>= ?1|\/= ?2)/.test(body) && new RegExp(`(${ID}) ?\\[ ?([\\w.]+) ?\\] ?(?:\\+=|= ?\\w+ ?\\([^;]{0,200}?\\1 ?\\[ ?\\2 ?\\] ?,) ?\\1 ?\\[ ?\\2 ?\\+ ?${ID} ?\\]`).test(body)) ||
    // The tree step with the other slot first: `sm[tid] = max(sm[tid + s], sm[tid])`.
    (fn.sharedArrays.length > 0 && /(?:>>= ?1|\/= ?2)/.test(body) && new RegExp(`(${ID}) ?\\[ ?([\\w.]+) ?\\] ?= ?\\w+ ?\\( ?\\1 ?\\[ ?\\2 ?\\+ ?${ID} ?\\] ?, ?\\1 ?\\[ ?\\2 ?\\] ?\\)`).test(body)) ||
    (/__shfl_(?:down|xor)/.test(text) && new RegExp(`\\b(${ID}) ?= ?${ID} ?\\( ?\\1 ?\\)`).test(body)) ||
    // A block helper over a warp helper (`v = blockReduce<warpReduceSum>(v)`) defined in the file or its headers.
    [...body.matchAll(new RegExp(`= ?(${ID}) ?< ?${ID} ?> ?\\(`, 'g'))].some((m) => (input.helperSources?.(m[1]!) ?? []).length > 0);
  if (!looks) throw new Reject({ reason: 'not a reduction: no atomicAdd into one address, warp shuffle, cg::reduce or shared-memory tree' });

  // ---- Parameters: pointers and integer scalars (element types are checked once the result is known) ----
  const pointers = new Map<string, { read: boolean; written: boolean; isConst: boolean }>();
  const typeProblems: string[] = [];
  const scalarNames: string[] = [];
  /** The element type of each pointer; the spellings of the half / bfloat16 ones as written (`T`, `floatX`, `__nv_bfloat16`). */
  const dtypes = new Map<string, LowpOrFloat>();
  const lowpSpellings = new Set<string>();
  for (const p of fn.params) {
    const written = p.baseType.replace(/\b(const|volatile|__restrict__|__restrict|restrict)\b/g, '').trim();
    const base = resolve(written);
    if (p.pointerDepth === 1) {
      const t = ELEMENT_TYPES[base];
      if (!t) typeProblems.push(fn.templateParams && !input.typeArgs && new RegExp(`\\b${base}\\b`).test(fn.templateParams) ? `\`${p.name}\` points to the template parameter \`${base}\`, and this file launches no single instantiation` : `\`${p.name}\` points to \`${base}\`; reductions are ported for float, half and bfloat16 data`);
      else {
        dtypes.set(p.name, t);
        if (t !== 'float') for (const n of new Set([written, base, ...(t === 'half' ? ['half', '__half'] : ['__nv_bfloat16', 'nv_bfloat16'])])) lowpSpellings.add(n);
      }
      pointers.set(p.name, { read: false, written: false, isConst: p.isConst });
    } else if (p.pointerDepth === 0 && !p.isReference && /^(?:int|unsigned(?: int)?|long(?: long)?|size_t|u?int(?:32|64)_t)$/.test(base)) scalarNames.push(p.name);
    else typeProblems.push(`parameter \`${p.name}\` (\`${p.type}\`) is neither a float pointer nor an integer count`);
  }

  // ---- The result: exactly one global write ----
  const names = [...pointers.keys()].join('|');
  if (!names) reject('no pointer parameters');
  const atomics = [...body.matchAll(/\batomic(\w+)\s*\(/g)];
  const writes: { mode: 'accumulate' | 'assign' | 'partials'; param: string; value: string; at: number }[] = [];
  for (const a of atomics) {
    if (a[1] !== 'Add') reject(`\`atomic${a[1]}\`: the reduceAll port reads atomicAdd into one address only`);
    const args = splitArgs(body, a.index! + a[0].length);
    if (args.list.length !== 2) reject('atomicAdd without two arguments');
    const target = sq(args.list[0]!);
    const m = new RegExp(`^(?:(${names})|&(${names})\\[0\\]|&\\*(${names})|(${names})\\+0)$`).exec(target);
    if (!m) reject(`\`atomicAdd(${args.list[0]}, …)\` does not add into one fixed address of an output`);
    writes.push({ mode: 'accumulate', param: (m[1] ?? m[2] ?? m[3] ?? m[4])!, value: args.list[1]!, at: a.index! });
  }
  for (const m of body.matchAll(new RegExp(`(?:^|[;{})] ?)(?:(${names})\\s*\\[([^\\]]*)\\]|\\*\\s*(${names}))\\s*(\\+|-|\\*|/)?=(?!=)\\s*([^;]*);`, 'g'))) {
    const param = (m[1] ?? m[3])!;
    const idx = m[2] === undefined ? '0' : sq(m[2]);
    if (m[4]) reject(`\`${param}\` is updated with \`${m[4]}=\`, not through an atomic; other blocks would race on it`);
    if (idx === 'blockIdx.x') writes.push({ mode: 'partials', param, value: m[5]!, at: m.index! });
    else if (idx === '0') writes.push({ mode: 'assign', param, value: m[5]!, at: m.index! });
    else throw new Reject({ reason: `not a reduction to one value: \`${param}[${m[2]}]\` is written per element (one value per row or column is the rows schedule)` });
  }
  if (writes.length === 0) reject('no write of a result to an output parameter (an atomicAdd into one address, or out[0] = …); outputs written through local pointers are not read');
  if (new Set(writes.map((w) => w.param)).size > 1) reject(`results written to several outputs (${[...new Set(writes.map((w) => `\`${w.param}\``))].join(', ')})`);
  if (writes.length > 1) reject('the result is written in more than one place');
  const write = writes[0]!;
  const out = write.param;
  if (typeProblems.length) reject(typeProblems[0]!);
  if (dtypes.get(out) !== 'float') reject(`the result \`${out}\` points to ${dtypes.get(out) === 'bf16' ? 'bfloat16' : 'half'}: the reduceAll port writes a float result (CUDA would round the accumulated value, and its atomics on ${dtypes.get(out) === 'bf16' ? 'bfloat16' : 'half'} round at every addition)`);
  // Half / bfloat16 inputs: CUDA must widen each element to float and accumulate in float (a local,
  // shared array or cast in the narrow type would round where the port does not).
  if (lowpSpellings.size) {
    const spell = [...lowpSpellings].map((n) => n.replace(/\W/g, '\\$&')).join('|');
    const narrow = new RegExp(`(?<![\\w.])(${spell})(?![\\w])`).exec(body);
    if (narrow) reject(`computes with \`${narrow[1]}\` values in the kernel body (a local, shared array or cast of the narrow type); the port reads half and bfloat16 inputs only widened to float, accumulated in float`);
  }
  pointers.get(out)!.written = true;
  if (write.mode === 'accumulate') pointers.get(out)!.read = true;

  // ---- The element index, the bound and the form ----
  let op: ReduceOp | undefined;
  const ops: string[] = [];
  const setOp = (o: ReduceOp, where: string) => {
    ops.push(`${o} (${where})`);
    if (op && op !== o) reject(`mixed operators: ${ops.join(', ')}`);
    op = o;
  };
  if (write.mode === 'accumulate') setOp('sum', 'atomicAdd');

  const inputNames = [...pointers.keys()].filter((p) => p !== out);
  if (!inputNames.length) reject('no input tensor');
  const loads = [...body.matchAll(new RegExp(`\\b(${inputNames.join('|')})\\s*\\[([^\\]]*)\\]`, 'g'))];
  if (!loads.length) reject('no input is read');
  const indexVars = new Set(loads.map((l) => sq(l[2]!)));
  if (indexVars.size !== 1) reject(`inputs are read at several indices (${[...indexVars].join(', ')}): not one element per index`);
  const idx = [...indexVars][0]!;
  if (!new RegExp(`^${ID}$`).test(idx)) reject(`inputs are read at \`${idx}\`, not at one element index`);
  for (const p of inputNames) if (new RegExp(`(?<![.\\w])${p}\\b(?!\\s*\\[)`).test(body)) reject(`\`${p}\` is used other than as \`${p}[${idx}]\``);

  let form: ReductionKernel['form'];
  let bound: string;
  // A loop over the element index.
  const loopRe = new RegExp(`for ?\\( ?(?:(?:const )?(?:int|unsigned|unsigned int|size_t|long|long long|int64_t|uint64_t) )?${idx} = ([^;]*); ?${idx} < ([^;]*); ?${idx} \\+= ([^)]*)\\)`);
  // `size_t idx = blockIdx.x * blockDim.x + threadIdx.x; while (idx < n) { acc += x[idx]; idx += gridDim.x * blockDim.x; }`:
  // the same loop spelled with `while` (the index declared with its start, stepped as the body's last statement).
  const whileLoop = (): RegExpExecArray | null => {
    const w = new RegExp(`while ?\\( ?${idx} < ([^(){};]*)\\) ?\\{ ?([^{}]*?) ?${idx} \\+= ([^;{}]*); ?\\}`).exec(body);
    const start = new RegExp(`(?:^|[;{}] ?)(?:const )?(?:int|unsigned|unsigned int|size_t|long|long long|int64_t|uint64_t) ${idx} = ([^;]*);`).exec(body);
    if (!w || !start || start.index > w.index) return null;
    // The index changes nowhere else: not in the loop's other statements, and not after it.
    if (new RegExp(`\\b${idx} ?(?:[-+*/]?=(?!=)|\\+\\+|--)|(?:\\+\\+|--) ?${idx}\\b`).test(w[2]! + body.slice(w.index + w[0].length))) return null;
    const m = [w[0], start[1]!, w[1]!, w[3]!] as unknown as RegExpExecArray;
    m.index = w.index;
    return m;
  };
  const loop = loopRe.exec(body) ?? whileLoop();
  if (loop) {
    // `size_t index = blockIdx.x * blockDim.x + threadIdx.x; size_t stride = blockDim.x * gridDim.x;` read through.
    const valueOf = (v: string) => (new RegExp(`^${ID}$`).test(v) ? (new RegExp(`(?:^|[;{}] ?)(?:const )?(?:int|unsigned|unsigned int|size_t|long|long long|int64_t|uint64_t) ${v} = ([^;]*);`).exec(body)?.[1] ?? v) : v);
    const [start, limit, step] = [sq(valueOf(loop[1]!.trim())), sq(loop[2]!), sq(valueOf(loop[3]!.trim())).replace(/[()]/g, '').replace(/static_cast<[\w:]+>|\((?:size_t|int|unsigned|long)\)/g, '')];
    if (isGlobalIndex(start) && (step === 'blockDim.x*gridDim.x' || step === 'gridDim.x*blockDim.x')) form = 'grid-stride';
    else if (start === 'threadIdx.x' && step === 'blockDim.x') form = 'block-stride';
    else reject(`the loop over \`${idx}\` (start \`${loop[1]}\`, step \`${loop[3]}\`) is neither grid-stride nor block-stride`);
    bound = limit;
  } else {
    const decl = new RegExp(`\\b${idx} = ([^;]*);`).exec(body);
    if (!decl || !isGlobalIndex(decl[1]!)) reject(`the element index \`${idx}\` is not \`blockIdx.x * blockDim.x + threadIdx.x\` nor a grid-stride loop`);
    const guard = new RegExp(`\\b${idx} < (${ID}(?: ?\\* ?${ID})?)\\b`).exec(body);
    if (!guard) reject(`no bounds guard \`${idx} < n\``);
    form = 'guard';
    bound = sq(guard[1]!);
  }
  const constantNotes: string[] = [];
  // A named integer constant of the file (`#define N …`, `const size_t N = …`) is folded: the port covers that length only.
  const named = bound;
  bound = bound.replace(/\b[A-Za-z_]\w*\b/g, (n) => {
    if (scalarNames.includes(n)) return n;
    const c = input.constant?.(n);
    if (!c || c.float || !Number.isSafeInteger(c.value) || c.value < 0) return n;
    constantNotes.push(`the bound \`${n}\` is a constant of the file, folded to \`${c.value}\`: the port's length is fixed at that value, not passed in`);
    return String(c.value);
  });
  for (const n of bound.match(/[A-Za-z_]\w*/g) ?? []) if (!scalarNames.includes(n)) reject(`the bound \`${named}\` is not over integer parameters or integer constants of the file`);
  if (write.mode === 'partials' && form === 'block-stride') reject(`\`${out}[blockIdx.x]\` from a block that strides over the whole range: every block computes the whole result`);
  if (write.mode === 'assign' && form !== 'block-stride') reject(`\`${out}[0] = …\` from every block: only a kernel whose one block strides over the whole range (\`for (i = threadIdx.x; i < n; i += blockDim.x)\`) stores the whole result`);

  // ---- The element value and the per-thread accumulation ----
  const loadRe = new RegExp(`\\b(?:${inputNames.join('|')}) ?\\[ ?${idx} ?\\]`);
  let elem: string | undefined;
  let technique: string[] = [];
  let accVar: string | undefined;
  if (write.mode === 'accumulate' && loadRe.test(write.value)) {
    // Per-thread atomics: the atomic's value is the element.
    elem = write.value;
    technique.push('per-thread atomicAdd');
    if (body.includes('__shared__') || /__shfl_|cg::reduce|__syncthreads/.test(body)) reject('per-thread atomics mixed with a block combine');
  } else {
    // The statement that reads the inputs defines the per-thread value.
    const stmts = withoutForHeaders(body).split(/;|\{|\}/).map((s) => s.trim()).filter((s) => loadRe.test(s));
    if (stmts.length !== 1) reject(`the inputs are read in ${stmts.length} statements; expected one per-thread accumulation`);
    let s = stmts[0]!.replace(/^if ?\([^)]*\) ?/, '');
    let m: RegExpExecArray | null;
    const lhs = `(${ID}(?: ?\\[ ?[\\w.]+ ?\\])?)`;
    if ((m = new RegExp(`^(?:(?:const )?float )?${lhs} ?\\+= ?(.*)$`).exec(s))) {
      setOp('sum', 'the per-thread accumulation');
      accVar = sq(m[1]!);
      elem = m[2]!;
      if (!loop) reject('`+=` of an element outside a loop over the elements');
    } else if ((m = new RegExp(`^(?:(?:const )?float )?${lhs} ?= ?(fmaxf|fmax|max|fminf|fmin|min) ?\\((.*)\\)$`).exec(s))) {
      const args = splitArgs(`(${m[3]!})`, 1).list;
      const acc = sq(m[1]!);
      const other = args.findIndex((a) => sq(a) === acc);
      if (args.length !== 2 || other < 0) reject(`\`${s}\` is not an accumulation into \`${acc}\``);
      setOp(FN_OP[m[2]!]!, 'the per-thread accumulation');
      accVar = acc;
      elem = args[1 - other]!;
      if (!loop) reject(`\`${m[2]}\` of an element outside a loop over the elements`);
    } else if ((m = new RegExp(`^(?:(?:const )?float )?${lhs} ?= ?\\(? ?${idx} < [^?]*\\)? ?\\? ?(.*) : ([^:]*)$`).exec(s))) {
      accVar = sq(m[1]!);
      elem = m[2]!;
      const identity = m[3]!;
      if (loop) reject(`a conditional element inside the loop over \`${idx}\``);
      // The identity is checked once the operator is known.
      technique.push(`identity ${identity.trim()}`);
    } else if ((m = new RegExp(`^(?:(?:const )?float )?${lhs} ?= ?(.*)$`).exec(s)) && !loop) {
      accVar = sq(m[1]!);
      elem = m[2]!;
      // `float v = ID; if (i < n) v = f(x[i]);`
      const init = new RegExp(`\\b(?:float )?${accVar.replace(/[[\]]/g, '\\$&')} = ([^;]*); ?if ?\\( ?${idx} < `).exec(body);
      if (!init) reject(`\`${s}\` is not guarded by \`${idx} < n\` with an identity for the other threads`);
      technique.push(`identity ${init[1]!.trim()}`);
    } else reject(`\`${s}\` is not a per-thread accumulation (\`v += …\`, \`v = fmaxf(v, …)\`, \`v = i < n ? … : 0\`)`);
    if (loop) {
      // The accumulator starts at the identity, or (max, min) at any constant every thread's value includes.
      // (a shared slot, `sdata[tid] = 0.0f;`, as well as a local)
      const init = new RegExp(`(?:\\bfloat |(?:^|[;{}] ?))${accVar!.replace(/[[\].]/g, '\\$&')} ?= ?([^;=]*);`).exec(body);
      if (!init) reject(`the accumulator \`${accVar}\` has no visible initial value`);
      technique.push(`start ${init[1]!.trim()}`);
    }
  }

  // ---- The block combine: every combine step names one operator ----
  const combine = blockCombine(body, setOp, input.helperSources);
  if (write.mode !== 'accumulate' || !loadRe.test(write.value)) {
    if (!combine.length) reject('the per-thread values are never combined within the block (no shared-memory tree, warp shuffle or cg::reduce)');
    // A block helper's result is a new variable: the value written must be it (not a thread's own partial).
    const blockResult = combine.map((c) => /^result (\w+)$/.exec(c)?.[1]).find(Boolean);
    if (blockResult && sq(write.value) !== blockResult) reject(`writes \`${write.value.trim()}\`, not \`${blockResult}\`, the block's combined value`);
    technique = [...technique, ...combine.filter((c) => !c.startsWith('result '))];
    // Thread 0 (or lane 0 of warp 0) writes.
    const before = body.slice(0, write.at);
    if (!/if ?\( ?\(?(?:threadIdx\.x|tid|lane|t|local_tid|ltid|g\.thread_rank\(\)|block\.thread_rank\(\)|cta\.thread_rank\(\)|warp\.thread_rank\(\)|tile\.thread_rank\(\)|tile32\.thread_rank\(\)) ?== ?0\)?/.test(before.slice(-200))) {
      reject('the result is not written by thread 0 of the block');
    }
  }
  if (!op) reject('no combining operator found');
  let start: string | undefined;
  for (const t of technique) {
    const id = /^identity (.*)$/.exec(t);
    if (id && !isIdentity(op, id[1]!)) reject(`\`${id[1]}\` is not the identity of ${op}: threads without an element would change the result`);
    const st = /^start (.*)$/.exec(t);
    if (st && !isIdentity(op, st[1]!)) {
      // A maximum or minimum that starts every thread at a constant c computes op(c, all elements) (op is idempotent, and
      // every thread starts there); a sum would add c once per thread.
      const c = sq(st[1]!).replace(/^\((.*)\)$/, '$1');
      if (op === 'sum' || !/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[fF]?$/.test(c)) reject(`\`${st[1]}\` is not the identity of ${op}: threads without an element would change the result`);
      start = c.replace(/[fF]$/, '');
    }
  }
  // Every conditional default in the combine (`lane < warps ? sm[lane] : 0`) is the identity too.
  for (const m of body.matchAll(/\? ?[^:;?]* : ([^;?:)]*)(?:;|\))/g)) {
    if (!isIdentity(op, m[1]!)) reject(`\`… : ${m[1]!.trim()}\` is not the identity of ${op}`);
  }

  // ---- Allowed calls only ----
  const ALLOWED = /^(?:atomicAdd|fmaxf|fmax|max|fminf|fmin|min|fabsf|fabs|__syncthreads|__syncwarp|__shfl_down_sync|__shfl_xor_sync|__shfl_down|__shfl_xor|reduce|sync|this_thread_block|tiled_partition|thread_rank|meta_group_rank|meta_group_size|size|static_cast|__int_as_float|plus|greater|less|if|for|while|sizeof|float|__half2float|__bfloat162float)$/;
  const helpers = new Set(combine.flatMap((c) => [...c.matchAll(/helper `(\w+)`/g)].map((m) => m[1]!)));
  for (const c of fn.calls) if (!ALLOWED.test(c.name) && !helpers.has(c.name)) reject(`calls \`${c.name}\`, which a reduction port cannot translate`);

  const value = parseElement(elem!, inputNames, idx, scalarNames, dtypes);
  const usedScalars = new Set<string>();
  collectScalars(value, usedScalars);
  const notes: string[] = [...constantNotes];
  if (write.mode === 'partials' && op === 'sum') notes.push(`CUDA wrote one partial sum per block into ${out}[blockIdx.x] for a second pass to add up; the port has other blocks, so it writes the whole sum into ${out}[0] and zeroes ${out}[1 … gridDim.x): the partials differ, their sum (what the second pass computes) is the same`);
  if (write.mode === 'partials' && op !== 'sum') notes.push(`CUDA wrote one partial ${op === 'max' ? 'maximum' : 'minimum'} per block into ${out}[blockIdx.x] for a second pass; the port has other blocks, so it writes the whole ${op === 'max' ? 'maximum' : 'minimum'} into every one of ${out}[0 … gridDim.x): the partials differ, their ${op === 'max' ? 'maximum' : 'minimum'} (what the second pass computes) is the same`);
  if (start !== undefined) notes.push(`every CUDA thread starts its ${op === 'max' ? 'maximum' : 'minimum'} at ${start}, not at the identity, so the result is the ${op} of ${start} and the elements; the port's accumulator starts there too`);
  if (combine.some((c) => /tree/.test(c))) notes.push('the CUDA shared-memory tree assumes blockDim.x is a power of two; the port reduces every element whatever the CUDA block size');
  const blockHelperUsed = combine.map((c) => /shuffles again \(helper `(\w+)`/.exec(c)?.[1]).find(Boolean);
  if (blockHelperUsed) notes.push(`\`${blockHelperUsed}\` assumes blockDim.x is a multiple of 32 (it reads blockDim.x / 32 warps' values, so a partial last warp's would be dropped); the port reduces every element whatever the CUDA block size`);
  const narrowIn = inputNames.filter((p) => dtypes.get(p) !== 'float');
  if (narrowIn.length) notes.push(`${narrowIn.map((p) => `\`${p}\``).join(', ')} ${narrowIn.length === 1 ? 'is' : 'are'} copied in as ${narrowIn.map((p) => (dtypes.get(p) === 'bf16' ? 'bfloat16_t' : 'half')).join(', ')} and widened to float in UB (Cast CAST_NONE, exact), as CUDA converts each element to float; the reduction is in float`);
  if (op === 'sum') notes.push('the sum is computed in a different order than CUDA (per 256-byte repeat, per tile, per core), so float rounding differs within the tolerance of a sum of n terms');
  return {
    pattern: 'reduction',
    name: fn.name,
    params: fn.params.map((p) =>
      p.pointerDepth === 1 ? { kind: 'pointer' as const, name: p.name, t: dtypes.get(p.name)!, read: p.name !== out || write.mode === 'accumulate', written: p.name === out } : { kind: 'scalar' as const, name: p.name, type: p.type, usedInCompute: usedScalars.has(p.name) },
    ),
    op,
    value,
    bound,
    form: form!,
    result: { param: out, mode: write.mode },
    ...(start !== undefined ? { start } : {}),
    cudaTechnique: [...new Set(technique.filter((t) => !t.startsWith('identity') && !t.startsWith('start ')))].join(', ') || 'per-thread atomicAdd',
    notes,
  };
}

/** The block-combine steps of the body (and of `__device__` helpers it calls), each checked for its operator. */
function blockCombine(body: string, setOp: (o: ReduceOp, where: string) => void, helperSources?: (name: string) => readonly string[]): string[] {
  const found: string[] = [];
  // Shared-memory tree: `for (s = blockDim.x / 2; s > 0; s >>= 1) { if (tid < s) sm[tid] OP= sm[tid + s]; __syncthreads(); }`.
  for (const m of body.matchAll(new RegExp(`for ?\\( ?(?:(?:unsigned int|unsigned|int) )?(${ID}) ?= ?([^;]*); ?\\1 ?> ?0 ?; ?\\1 ?(?:>>= ?1|/= ?2|= ?\\1 ?(?:>> ?1|/ ?2)) ?\\) ?\\{? ?(__syncthreads\\(\\) ?; ?)?if ?\\( ?(${ID}(?:\\.x)?) < \\1 ?\\) ?\\{? ?(${ID}) ?\\[ ?(?:\\4) ?\\] ?(\\+=|=) ?([^;]*);`, 'g'))) {
    const [, s, start, syncFirst, tid, sm, assign, rhs] = m as unknown as (string | undefined)[];
    const startOk = /^(?:blockDim\.x\/2|blockDim\.x>>1|\(blockDim\.x\)\/2|\d+)$/.test(sq(start!));
    if (!startOk) reject(`the tree starts at \`${start}\`, not blockDim.x / 2`);
    const other = `${sm}[${tid}+${s}]`;
    if (assign === '+=') {
      if (sq(rhs!) !== other) reject(`the tree step adds \`${rhs}\`, not \`${sm}[${tid} + ${s}]\``);
      setOp('sum', 'the shared-memory tree');
    } else {
      const f = /^(\w+)\((.*)\)$/.exec(sq(rhs!));
      const args = f ? splitArgs(`(${f[2]!})`, 1).list.map(sq) : [];
      if (!f || !FN_OP[f[1]!] || args.length !== 2 || !args.includes(`${sm}[${tid}]`) || !args.includes(other)) reject(`the tree step \`${rhs}\` is not a sum, max or min of \`${sm}[${tid}]\` and \`${sm}[${tid} + ${s}]\``);
      setOp(FN_OP[f[1]!]!, 'the shared-memory tree');
    }
    const rest = body.slice(m.index! + m[0].length, m.index! + m[0].length + 60);
    // The barrier after each step, or at the top of each step (before the `if`): either separates the steps.
    if (!syncFirst && !/__syncthreads\(\)/.test(rest)) reject('the shared-memory tree has no __syncthreads() between its steps');
    found.push('a shared-memory tree');
  }
  // Warp shuffles, inline or in a helper `float name(float v) { for (…) v += __shfl_down_sync(…); return v; }`.
  // A full mask may be named by a local (`unsigned mask = 0xFFFFFFFFU;`) that is never assigned again.
  const maskLocals = [...body.matchAll(new RegExp(`(?:^|[;{}] ?)(?:const )?(?:unsigned int|unsigned|uint32_t|int|auto) (${ID}) ?= ?(?:0x[fF]{8}[uU]?|-1) ?;`, 'g'))]
    .map((m) => m[1]!)
    .filter((n) => (body.match(new RegExp(`\\b${n} ?(?:[-+*/|&^]?=(?!=)|\\+\\+|--)`, 'g')) ?? []).length === 1);
  const fullMask = ['0x[fF]{8}[uU]?', '-1', 'FULL_MASK', 'FULL_WARP_MASK', ...maskLocals].join('|');
  const shuffles = (src: string, where: string) => {
    let n = 0;
    for (const m of src.matchAll(new RegExp(`for ?\\( ?(?:int |unsigned |unsigned int )?(${ID}) ?= ?([^;]*); ?\\1 ?(?:> ?0|>= ?1) ?; ?\\1 ?(?:>>= ?1|/= ?2|= ?\\1 ?(?:>> ?1|/ ?2)) ?\\) ?\\{? ?(${ID}) ?(\\+=|=) ?([^;]*);`, 'g'))) {
      const [, off, start, v, assign, rhs] = m as unknown as string[];
      if (!/^(?:16|warpSize\/2|32\/2|\(warpSize\)\/2|warpSize>>1)$/.test(sq(start!))) reject(`the shuffle loop starts at \`${start}\`, not 16 (warpSize / 2)`);
      const shfl = new RegExp(`^__shfl_(?:down|xor)(?:_sync)?\\((?:${src === body ? fullMask : fullMask.split('|').slice(0, 4).join('|')}),${v},${off}(?:,32|,warpSize)?\\)$`);
      if (assign === '+=') {
        if (!shfl.test(sq(rhs!))) reject(`the shuffle step \`${rhs}\` is not a full-warp __shfl_down_sync / __shfl_xor_sync of \`${v}\``);
        setOp('sum', where);
      } else {
        const f = /^(\w+)\((.*)\)$/.exec(sq(rhs!));
        const args = f ? splitArgs(`(${f[2]!})`, 1).list.map(sq) : [];
        if (!f || !FN_OP[f[1]!] || args.length !== 2 || !args.includes(v!) || !args.some((a) => shfl.test(a))) reject(`the shuffle step \`${rhs}\` is not a sum, max or min of \`${v}\` and its shuffle`);
        setOp(FN_OP[f[1]!]!, where);
      }
      n++;
    }
    return n;
  };
  if (shuffles(body, 'a warp shuffle loop')) found.push('warp shuffles');
  // A warp helper `float name(float v) { for (…) v += __shfl_…; return v; }`, defined once in the file or an included header.
  const warpHelper = (name: string) => {
    const sources = helperSources?.(name) ?? [];
    if (sources.length !== 1) reject(`the warp helper \`${name}\` has ${sources.length} definitions in the file and its headers (one is read)`);
    const w = new RegExp(`^(?:__device__ |__forceinline__ |inline |static )*float ${name} ?\\( ?float (${ID}) ?\\) ?\\{(.*)\\}$`).exec(clean(sources[0]!));
    if (!w) reject(`the warp helper \`${name}\` is not \`float ${name}(float v)\``);
    const helper = w[2]!.trim();
    if (!shuffles(helper, `the helper \`${name}\``) || !new RegExp(`return ${w[1]} ?;$`).test(helper)) reject(`the warp helper \`${name}\` is not a warp shuffle reduction that returns its argument`);
  };
  for (const m of body.matchAll(new RegExp(`\\b(${ID}) ?= ?(${ID}) ?\\( ?\\1 ?\\)`, 'g'))) {
    const name = m[2]!;
    if (/^(?:fmaxf|fminf|fabsf)$/.test(name)) continue;
    warpHelper(name);
    found.push(`warp shuffles (helper \`${name}\`)`);
  }
  // A block helper over a warp helper: `float b = blockReduce<warpReduceSum>(v);` (llm.c's two-level reduction).
  for (const m of body.matchAll(new RegExp(`(?:^|[;{}] ?)(?:const )?(?:float )?(${ID}) ?= ?(${ID}) ?< ?(${ID}) ?> ?\\( ?(${ID}) ?((?:, ?[^,();]+){0,2})\\) ?;`, 'g'))) {
    const [, result, name, warp, v, rest] = m as unknown as string[];
    const args = [v!, ...rest!.split(',').map((a) => a.trim()).filter(Boolean)];
    const block = blockHelper(name!, args, helperSources);
    if (typeof block === 'string') reject(`\`${name}<${warp}>(${args.join(', ')})\`: ${block}`);
    // The warp helper: a full-warp shuffle loop over 32 lanes that returns its argument (its operator is the combine's).
    warpHelper(warp!);
    found.push(`warp shuffles, the warps' values through shared memory, shuffles again (helper \`${name}\` over helper \`${warp}\`)`, `identity ${block.outOfBounds}`, `result ${result}`);
  }
  // Cooperative groups.
  for (const m of body.matchAll(/\b(?:cg|cooperative_groups)::reduce ?\(([^;]*)\) ?;/g)) {
    const op = /(?:cg|cooperative_groups)::(plus|greater|less) ?<\s*float\s*> ?(?:\(\)|\{\})/.exec(m[1]!);
    if (!op) reject(`\`cg::reduce(${m[1]})\` with an operator other than cg::plus / cg::greater / cg::less of float`);
    setOp(CG_OP[op[1]!]!, 'cg::reduce');
    found.push(`cg::reduce with cg::${op[1]}`);
  }
  return found;
}

/**
 * A block reduction helper as llm.c writes it, `template <reduction_func_t f> float name(float val,
 * bool final_sync = false, float out_of_bounds = 0.0f)`: f within each warp, lane 0 of each warp
 * stores into a `__shared__` array of 32, a barrier, then every warp reads the warps' values
 * (`lane < blockDim.x / 32 ? shared[lane] : out_of_bounds`) and applies f again; an optional
 * barrier at the end. A definition that forwards (`return name<f>(val, false, 0.0f);`) is
 * followed. Called with `args` (the value first): the out-of-bounds value the call uses (which
 * must be the operator's identity), or why the helper is not that.
 */
function blockHelper(name: string, args: readonly string[], helperSources?: (name: string) => readonly string[], depth = 0): { outOfBounds: string } | string {
  const sources = helperSources?.(name) ?? [];
  if (!sources.length) return 'no definition in the file or its headers';
  const fits: { params: { name: string; dflt?: string }[]; fn: string; body: string }[] = [];
  for (const src of sources) {
    const c = clean(src).replace(/\bconst /g, '');
    const m = new RegExp(`^template ?< ?(?:[\\w:]+ )?(${ID}) ?> ?(?:__device__ |__forceinline__ |inline |static )*float ${name} ?\\(([^()]*)\\) ?\\{(.*)\\}$`).exec(c);
    if (!m) continue;
    const params = m[2]!.split(',').map((p) => /^(?:float|bool|int) (\w+)(?: ?= ?(.+))?$/.exec(p.trim())).map((p) => (p ? { name: p[1]!, dflt: p[2]?.trim() } : null));
    if (params.some((p) => !p) || params.length < args.length || params.slice(args.length).some((p) => p!.dflt === undefined)) continue;
    fits.push({ params: params as { name: string; dflt?: string }[], fn: m[1]!, body: m[3]!.trim() });
  }
  if (fits.length !== 1) return fits.length ? `${fits.length} definitions fit a call with ${args.length} argument${args.length === 1 ? '' : 's'}` : 'not a template over a warp function, `float (float val, …)`';
  const { params, fn: f, body } = fits[0]!;
  const val = params[0]!.name;
  const arg = (i: number) => args[i] ?? params[i]?.dflt;
  // A forwarding overload: `return name<f>(val, false, 0.0f);`.
  const fwd = new RegExp(`^return ${name} ?< ?${f} ?> ?\\( ?${val} ?((?:, ?[^,()]+){0,2})\\) ?;$`).exec(body);
  if (fwd) {
    if (depth > 2) return 'forwards too many times';
    const through = fwd[1]!.split(',').map((a) => a.trim()).filter(Boolean).map((a) => params.findIndex((p) => p.name === a)).map((i, k) => (i >= 0 ? arg(i)! : fwd[1]!.split(',').map((a) => a.trim()).filter(Boolean)[k]!));
    return blockHelper(name, [args[0]!, ...through], helperSources, depth + 1);
  }
  if (params.length !== 3) return 'not `(float val, bool final_sync, float out_of_bounds)`';
  const [, sync, oob] = params.map((p) => p.name);
  const W = '(?:WARP_SIZE|32|warpSize)';
  const shape = new RegExp(
    `^__shared__ float (${ID}) ?\\[ ?${W} ?\\] ?; ?int (${ID}) ?= ?threadIdx\\.x ?% ?${W} ?; ?int (${ID}) ?= ?threadIdx\\.x ?/ ?${W} ?; ?int (${ID}) ?= ?blockDim\\.x ?/ ?${W} ?; ` +
      `float (${ID}) ?= ?${f} ?\\( ?${val} ?\\) ?; ?if ?\\( ?\\2 ?== ?0 ?\\) ?\\{? ?\\1 ?\\[ ?\\3 ?\\] ?= ?\\5 ?; ?\\}? ?__syncthreads ?\\( ?\\) ?; ?` +
      `\\5 ?= ?\\(? ?\\2 ?< ?\\4 ?\\)? ?\\? ?\\1 ?\\[ ?\\2 ?\\] ?: ?${oob} ?; ?float (${ID}) ?= ?${f} ?\\( ?\\5 ?\\) ?; ?` +
      `(?:if ?\\( ?${sync} ?\\) ?\\{? ?__syncthreads ?\\( ?\\) ?; ?\\}? ?)?return \\6 ?;$`,
  );
  if (!shape.test(body)) return 'its body is not the two-level reduction (the warp function, lane 0 of each warp into a shared array of 32, a barrier, `lane < blockDim.x / 32 ? shared[lane] : out_of_bounds`, the warp function again)';
  return { outOfBounds: arg(2)! };
}

/** Each `for (…)` header replaced by `for;` so that statements split on `;` are the loop bodies' statements. */
function withoutForHeaders(s: string): string {
  let out = '';
  let at = 0;
  for (const m of s.matchAll(/\bfor ?\(/g)) {
    if (m.index! < at) continue;
    const close = splitArgs(s, m.index! + m[0].length).end;
    out += s.slice(at, m.index!) + 'for;';
    at = close + 1;
  }
  return out + s.slice(at);
}

/** The top-level arguments of a call whose `(` is at `open - 1`. */
function splitArgs(s: string, open: number): { list: string[]; end: number } {
  const list: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        list.push(cur.trim());
        return { list: list.filter((x, k) => x || k > 0), end: i };
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      list.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  return { list, end: s.length };
}

function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return s.length;
}

/**
 * f(x[i]): loads at the index, float literals, integer scalars, + - * /, fabsf, fmaxf/fminf,
 * parentheses, conversions to float. A half or bfloat16 load must reach float before any
 * arithmetic: through `(float)`, `static_cast<float>`, `float(…)`, `__half2float` /
 * `__bfloat162float`, as an argument of fabsf / fmaxf / fminf (which take float), or as the
 * whole element (accumulated into float). Each such widening is exact.
 */
function parseElement(src: string, inputs: string[], idx: string, scalarNames: string[], dtypes: ReadonlyMap<string, LowpOrFloat> = new Map()): Expr {
  // `(float)x[i]`, `static_cast<float>(x[i])`: a conversion to float (a no-op for float data).
  src = src.replace(/\( ?float ?\)|static_cast ?< ?float ?>/g, ' __tofloat ');
  const toks = src.match(/[A-Za-z_]\w*|\d+\.?\d*(?:e[+-]?\d+)?f?|\.\d+(?:e[+-]?\d+)?f?|[-+*/(),[\]]/g) ?? [];
  if (toks.join('') !== sq(src)) reject(`the element \`${src.replace(/ ?__tofloat ?/g, '(float)')}\` has parts the reduction port does not read`);
  let k = 0;
  const peek = () => toks[k];
  const eat = (t?: string) => {
    const x = toks[k++];
    if (t !== undefined && x !== t) reject(`the element \`${src}\` is not an expression the port reads (expected \`${t}\`)`);
    return x!;
  };
  // One load and one widening per input: `(float)x[i] * (float)x[i]` widens x[i] once (the same value).
  const loads = new Map<string, Expr>();
  const widened = new Map<Expr, Expr>();
  const widen = (e: Expr): Expr => {
    if (e.t === 'float') return e;
    if (!widened.has(e)) widened.set(e, { k: 'cast', a: e, t: 'float' });
    return widened.get(e)!;
  };
  const narrowName = (t: string) => (t === 'bf16' ? 'bfloat16' : t);
  /** An arithmetic operand: float, or CUDA would compute in the narrow type (its operators round to it). */
  const arith = (e: Expr, what: string): Expr => {
    if (e.t !== 'float') reject(`\`${what}\` on ${narrowName(e.t)} values: CUDA computes it in ${narrowName(e.t)} (rounding); the port reads half and bfloat16 elements only converted to float first (\`(float)x[i]\`)`);
    return e;
  };
  const expr = (): Expr => {
    let a = term();
    while (peek() === '+' || peek() === '-') {
      const o = eat() as '+' | '-';
      const b = term();
      a = { k: 'bin', op: o, a: arith(a, o), b: arith(b, o), t: 'float' };
    }
    return a;
  };
  const term = (): Expr => {
    let a = unary();
    while (peek() === '*' || peek() === '/') {
      const o = eat() as '*' | '/';
      const b = unary();
      a = { k: 'bin', op: o, a: arith(a, o), b: arith(b, o), t: 'float' };
    }
    return a;
  };
  const unary = (): Expr => {
    if (peek() === '-') {
      eat();
      // Negation is exact in every type: the narrow value is widened first.
      return { k: 'un', op: 'neg', a: widen(unary()), t: 'float' };
    }
    if (peek() === '__tofloat') {
      eat();
      return widen(unary());
    }
    return atom();
  };
  const atom = (): Expr => {
    const t = eat();
    if (t === undefined) reject(`the element \`${src}\` ends early`);
    if (t === '(') {
      const e = expr();
      eat(')');
      return e;
    }
    if (/^[\d.]/.test(t)) return { k: 'scalar', text: /[.e]/.test(t) && !t.endsWith('f') ? `${t}f` : t, t: 'float' };
    if (inputs.includes(t)) {
      eat('[');
      eat(idx);
      eat(']');
      if (!loads.has(t)) loads.set(t, { k: 'load', param: t, t: dtypes.get(t) ?? 'float' });
      return loads.get(t)!;
    }
    if (scalarNames.includes(t)) return { k: 'scalar', text: t, t: 'float' };
    if (t === 'float' || t === '__half2float' || t === '__bfloat162float') {
      eat('(');
      const e = expr();
      eat(')');
      return widen(e);
    }
    if (t === 'fabsf' || t === 'fabs') {
      eat('(');
      const e = expr();
      eat(')');
      return { k: 'un', op: 'abs', a: widen(e), t: 'float' };
    }
    if (FN_OP[t]) {
      eat('(');
      const a = expr();
      eat(',');
      const b = expr();
      eat(')');
      // fmaxf / fminf (and fmax / fmin, through double) take floating arguments: a narrow value is widened exactly.
      // `max` / `min` of a narrow value would pick CUDA's half or bfloat16 overloads: read only float ones.
      const float = t.startsWith('f');
      return { k: 'bin', op: FN_OP[t] === 'max' ? 'max' : 'min', a: float ? widen(a) : arith(a, t), b: float ? widen(b) : arith(b, t), t: 'float' };
    }
    return reject(`the element \`${src}\` uses \`${t}\`, which the reduction port does not translate`);
  };
  // The whole element is accumulated into float (`acc += x[i]`, `atomicAdd(out, x[i])`): a narrow load is widened.
  const e = widen(expr());
  if (k !== toks.length) reject(`the element \`${src}\` has trailing parts`);
  return e;
}

function collectScalars(e: Expr, into: Set<string>): void {
  switch (e.k) {
    case 'scalar':
      if (/^[A-Za-z_]/.test(e.text)) into.add(e.text);
      return;
    case 'load':
      return;
    case 'un':
    case 'cast':
      collectScalars(e.a, into);
      return;
    case 'bin':
      collectScalars(e.a, into);
      collectScalars(e.b, into);
      return;
    case 'select':
      for (const x of [e.a, e.b, e.then, e.otherwise]) collectScalars(x, into);
  }
}
